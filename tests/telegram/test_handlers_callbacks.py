"""Inline buttons: answered first, then related facts, "did you mean", expired data."""

from __future__ import annotations

from html import escape
from typing import Any

import pytest

from bot.chat.replies import (
    RELATED_CHOICES,
    Action,
    fact_reply,
    greeting_reply,
    language_menu_reply,
    topic_reply,
    topics_reply,
)
from bot.lang import LANGS
from bot.services import Services
from bot.telegram.handlers.keyboards import MAX_CALLBACK_BYTES, decode, encode, keyboard
from bot.texts import text
from tests.conftest import Talk
from tests.fakes.chat import Conversation
from tests.fakes.updates import user


async def test_related_button_sends_the_fact_after_answering_the_press(tg: Conversation) -> None:
    [answer] = await tg.send("When did Kazakhstan join the UN?")
    _, data = answer.buttons[0]
    answered, sent = await tg.press(data)
    assert answered.method == "answerCallbackQuery"
    assert "text" not in answered.params  # nothing to show: the new message is the answer
    assert sent.method == "sendMessage"
    assert "Source" in sent.text


async def test_related_button_in_a_group_turns_the_bots_message_into_the_fact(
    conversation: Talk, supergroup: dict[str, Any]
) -> None:
    bob = user("Bob")
    chat = conversation(chat=supergroup, user=bob)
    [answer] = await chat.send("/ask When did Kazakhstan join the UN?")
    _, data = answer.buttons[0]
    answered, edited = await chat.press(data)
    assert answered.method == "answerCallbackQuery"
    assert edited.method == "editMessageText"  # nothing new posted for the whole group
    assert edited.params["message_id"] == answer.result["message_id"]
    assert "Source" in edited.text and edited.ok
    assert not [c for c in chat.api.calls if c.method == "sendMessage"][1:]


async def test_related_buttons_are_the_related_facts_titles_in_the_question_language(
    tg: Conversation, services: Services
) -> None:
    kb = services.knowledge.kb
    [answer] = await tg.send("Когда Казахстан вступил в ООН?")
    fact = kb.fact("un-membership")
    assert fact is not None
    related = [other for other in map(kb.fact, fact.related) if other is not None]
    expected = [other.title["ru"] for other in related][:RELATED_CHOICES]
    assert [label for label, _ in answer.buttons] == expected


async def test_did_you_mean_lists_and_buttons_carry_the_candidates_titles(
    tg: Conversation, services: Services
) -> None:
    match = services.knowledge.matcher.match(
        "who was the UN's top person in kz speaking at the 30-years-of-UN event with umarov?", "en"
    )
    assert match.status == "clarify"
    titles = [fact.title["en"] for fact in match.facts]
    [reply] = await tg.send(
        "who was the UN's top person in kz speaking at the 30-years-of-UN event with umarov?"
    )
    assert [label for label, _ in reply.buttons] == titles
    assert reply.text.splitlines()[1:] == [f"• {escape(title, quote=False)}" for title in titles]


async def test_topic_and_fact_views_name_facts_by_their_titles(
    tg: Conversation, services: Services
) -> None:
    kb = services.knowledge.kb
    _, topic = await tg.press(
        encode(Action("topic", "kk", "peacekeeping")), on=await _bot_message(tg)
    )
    facts = kb.facts_in_topic("peacekeeping")
    assert [label for label, _ in topic.buttons][:-1] == [fact.title["kk"] for fact in facts]
    mali = next(fact for fact in facts if fact.id == "mission-mali")
    _, opened = await tg.press(encode(Action("fact", "kk", mali.id)), on=tg.last_bot_message())
    related = [kb.fact(fact_id) for fact_id in mali.related]
    expected = [fact.title["kk"] for fact in related if fact is not None][:RELATED_CHOICES]
    assert [label for label, _ in opened.buttons][:-1] == expected


async def test_did_you_mean_button_turns_the_question_into_the_answer(
    tg: Conversation, services: Services
) -> None:
    fact = services.knowledge.kb.facts[0]
    answered, edited = await tg.press(
        encode(Action("fact", "ru", fact.id)), on=await _bot_message(tg)
    )
    assert answered.method == "answerCallbackQuery"
    assert edited.method == "editMessageText"
    assert edited.text.startswith(fact.answer["ru"][:20])


async def test_same_button_twice_is_not_an_error(tg: Conversation, services: Services) -> None:
    shown = await _bot_message(tg)
    data = encode(Action("fact", "en", services.knowledge.kb.facts[0].id))
    await tg.press(data, on=shown)
    answered, edited = await tg.press(data, on=tg.last_bot_message())
    assert answered.ok
    assert not edited.ok  # Telegram says "message is not modified"; the bot shrugs it off


@pytest.mark.parametrize(
    "data",
    ["f1:en:no-such-fact", "t1:en:no-such-topic", "q1:en:99", "fact:un-membership", "", "x" * 64],
)
async def test_unknown_or_stale_buttons_answer_expired(tg: Conversation, data: str) -> None:
    [answered] = await tg.press(data, on=await _bot_message(tg), expect=1)
    assert answered.method == "answerCallbackQuery"
    assert answered.params["text"] == text("expired", "en")


async def test_button_on_a_message_telegram_no_longer_has(tg: Conversation) -> None:
    shown = await _bot_message(tg)
    gone = {"chat": shown["chat"], "message_id": shown["message_id"], "date": 0}
    [answered] = await tg.press(encode(Action("topic", "en")), on=gone, expect=1)
    assert answered.params["text"] == text("expired", "en")


def test_every_generated_callback_fits_64_bytes(services: Services) -> None:
    kb = services.knowledge.kb
    replies = [language_menu_reply("en")]
    for lang in LANGS:
        replies += [topics_reply(kb, lang), greeting_reply(lang, "html")]
        replies += [r for topic in kb.topics if (r := topic_reply(kb, topic, lang, "html"))]
        for fact in kb.facts:
            replies += [fact_reply(fact, kb, lang, "html", in_menu=menu) for menu in (True, False)]
    keyboards = [keyboard(reply) for reply in replies]
    data = [b.callback_data for k in keyboards if k for row in k.inline_keyboard for b in row]
    assert len(data) > len(kb.facts)
    for item in data:
        assert isinstance(item, str)
        assert len(item.encode()) <= MAX_CALLBACK_BYTES
        assert decode(item) is not None


def test_callback_data_too_long_is_refused_when_built() -> None:
    with pytest.raises(ValueError, match="not valid"):
        encode(Action("related", "kk", "x" * 60))


async def _bot_message(tg: Conversation) -> dict[str, object]:
    await tg.send("/topics")
    return tg.last_bot_message()
