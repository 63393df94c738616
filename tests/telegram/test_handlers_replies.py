"""Replies stay within Telegram's 4096 UTF-16 units and are never cut inside a tag."""

from __future__ import annotations

import html
import re

import pytest

from bot.services import Services
from bot.telegram.handlers.replies import MAX_MESSAGE_UNITS, split_html, utf16_units
from bot.texts import text
from tests.fakes.chat import Conversation
from tests.fakes.telegram_html import parse_html


def pieces_are_valid(pieces: list[str]) -> None:
    for piece in pieces:
        assert 0 < utf16_units(parse_html(piece).text) <= MAX_MESSAGE_UNITS
        assert piece.count("<b>") == piece.count("</b>")


@pytest.mark.parametrize("unit", ["a", "ж", "🇰🇿"])
@pytest.mark.parametrize("extra", [-1, 0, 1])
def test_texts_around_the_limit(unit: str, extra: int) -> None:
    target = MAX_MESSAGE_UNITS + extra
    body, word = "", unit * 4 + " "
    while utf16_units(body + word) <= target:
        body += word
    body = body[:-1] + "a" * (target - utf16_units(body) + 1)  # no trailing space to strip
    assert utf16_units(body) == target
    pieces = split_html(body)
    pieces_are_valid(pieces)
    assert "".join(p.replace(" ", "") for p in pieces) == body.replace(" ", "")
    assert len(pieces) == (1 if target <= MAX_MESSAGE_UNITS else 2)


def test_paragraphs_are_kept_whole_when_they_fit() -> None:
    paragraph = "<b>Heading</b>\n" + "Kazakhstan joined the UN on 2 March 1992. " * 40
    pieces = split_html("\n\n".join([paragraph] * 5))
    pieces_are_valid(pieces)
    assert all(piece.count("<b>Heading</b>") == piece.count("\n\n") + 1 for piece in pieces)


def test_a_single_overlong_line_loses_markup_not_text() -> None:
    words = '<a href="https://example.org">link &amp; text</a> ' + "слово " * 1200
    pieces = split_html(words)
    pieces_are_valid(pieces)
    plain = "".join(html.unescape(p) for p in pieces)
    assert "link & text" in plain
    assert not any(re.search(r"<a\b", piece) for piece in pieces[1:])


def test_one_enormous_word_is_cut_without_breaking_an_emoji() -> None:
    pieces = split_html("😀" * 5000)
    pieces_are_valid(pieces)
    assert "".join(pieces) == "😀" * 5000


REFUSED_HTML = 'Bad Request: can\'t parse entities: Unsupported start tag "3" at byte offset 2'


async def test_reply_goes_out_as_plain_text_if_telegram_refuses_its_html(
    tg: Conversation, services: Services
) -> None:
    tg.api.fail("sendMessage", status=400, description=REFUSED_HTML)
    refused, reply = await tg.send("When did Kazakhstan join the UN?", expect=2)
    assert not refused.ok and reply.ok
    assert "parse_mode" not in reply.params
    assert "2 March 1992" in reply.text and "<i>" not in reply.params["text"]
    assert "(https://" in reply.params["text"]  # the source link keeps its address
    assert services.metrics.html_fallbacks.labels("reply")._value.get() == 1


async def test_edit_goes_out_as_plain_text_if_telegram_refuses_its_html(
    tg: Conversation, services: Services
) -> None:
    [shown] = await tg.send("/topics")
    tg.api.fail("editMessageText", status=400, description=REFUSED_HTML)
    calls = await tg.press(shown.buttons[0][1], expect=3)
    edits = [call for call in calls if call.method == "editMessageText"]
    assert [call.ok for call in edits] == [False, True]
    assert "parse_mode" not in edits[1].params
    assert services.metrics.html_fallbacks.labels("edit")._value.get() == 1


async def test_a_reply_refused_for_another_reason_is_not_resent_as_plain_text(
    tg: Conversation, services: Services
) -> None:
    tg.api.fail("sendMessage", status=400, description="Bad Request: message is too long")
    refused, apology = await tg.send("When did Kazakhstan join the UN?", expect=2)
    assert not refused.ok
    assert apology.text == text("error", "en")
    assert services.metrics.html_fallbacks.labels("reply")._value.get() == 0
