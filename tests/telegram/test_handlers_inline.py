"""Inline mode: `@bot words` offers facts to share; an empty query offers today's."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.daily.anniversaries import facts_of_day
from bot.lang import Lang
from bot.services import Services
from bot.telegram.handlers.inline import ASK_PARAMETER, MAX_RESULTS
from tests.conftest import FakeClock, Talk
from tests.fakes.chat import Conversation
from tests.fakes.updates import private_chat, user


async def test_inline_query_offers_matching_articles(tg: Conversation) -> None:
    [answer] = await tg.inline("peacekeepers")
    results = answer.params["results"]
    assert answer.ok
    assert 1 <= len(results) <= MAX_RESULTS
    first = results[0]
    assert first["type"] == "article"
    assert len(first["description"]) <= 100
    content = first["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert "<a href=" in content["message_text"]  # the shared answer carries its source
    assert len({r["id"] for r in results}) == len(results)


async def test_inline_query_in_russian_answers_in_russian(tg: Conversation) -> None:
    [answer] = await tg.inline("миротворцы")
    text = answer.params["results"][0]["input_message_content"]["message_text"]
    assert "Источник" in text


@pytest.mark.parametrize(("query", "lang"), [("peacekeepers", "en"), ("миссия в мали", "ru")])
async def test_inline_results_are_titled_by_their_facts_titles(
    tg: Conversation, services: Services, query: str, lang: Lang
) -> None:
    [answer] = await tg.inline(query)
    results = answer.params["results"]
    assert results
    for result in results:
        result_lang, fact_id = result["id"].split(":")
        fact = services.knowledge.kb.fact(fact_id)
        assert fact is not None and result_lang == lang
        assert result["title"] == fact.title[lang]


async def test_inline_query_about_something_else_offers_nothing(tg: Conversation) -> None:
    [answer] = await tg.inline("bitcoin price tomorrow")
    assert answer.ok
    assert answer.params["results"] == []


async def test_empty_inline_query_offers_todays_anniversaries(
    tg: Conversation, services: Services
) -> None:
    today = facts_of_day(services.knowledge.kb, dt.date(2025, 3, 2))
    assert today, "2 March is the day Kazakhstan joined the UN"
    [answer] = await tg.inline("")
    assert [r["id"] for r in answer.params["results"]] == [f"en:{f.id}" for f in today]
    assert answer.params["is_personal"] is True


async def test_empty_inline_query_on_a_quiet_day_offers_favourites(
    tg: Conversation, services: Services, clock: FakeClock
) -> None:
    kb = services.knowledge.kb
    day = dt.date(2025, 1, 1)
    while facts_of_day(kb, day):
        day += dt.timedelta(days=1)
    clock.now = dt.datetime.combine(day, dt.time(8), tzinfo=dt.UTC)
    [answer] = await tg.inline("")
    results = answer.params["results"]
    assert results
    assert "en:un-membership" in [r["id"] for r in results]


async def test_longest_inline_query_is_fine(tg: Conversation) -> None:
    [answer] = await tg.inline(("when did kazakhstan join the un " * 10)[:256])
    assert answer.ok


async def test_inline_query_without_letters_is_answered_for_the_asker_alone(
    conversation: Talk,
) -> None:
    """A query of digits says nothing about a language: the results are in the asker's, so
    Telegram must not cache them for people who read another one; a worded query may be shared."""
    boris = user("Boris", language_code="ru")
    russian = conversation(chat=private_chat(boris), user=boris)
    [numbers] = await russian.inline("1992")
    [words] = await russian.inline("миротворцы")
    text = numbers.params["results"][0]["input_message_content"]["message_text"]
    assert "Источник" in text  # in Boris's language...
    assert numbers.params["is_personal"] is True  # ...so for Boris only
    assert not words.params.get("is_personal")


@pytest.mark.parametrize(
    ("query", "label"), [("zzzz qqqq", "ask the bot"), ("ыыыы щщщщ", "спросите бота")]
)
async def test_inline_query_without_a_match_offers_to_ask_the_bot(
    tg: Conversation, query: str, label: str
) -> None:
    [answer] = await tg.inline(query)
    assert answer.ok
    assert answer.params["results"] == []
    button = answer.params["button"]
    assert label in button["text"]
    assert button["start_parameter"] == ASK_PARAMETER  # /start inline: the greeting


async def test_inline_results_fall_back_to_plain_text_if_telegram_refuses_the_html(
    tg: Conversation, services: Services
) -> None:
    refusal = 'Bad Request: can\'t parse entities: Unsupported start tag "3" at byte offset 2'
    tg.api.fail("answerInlineQuery", status=400, description=refusal)
    calls = await tg.inline("peacekeepers")
    refused, sent = [call for call in calls if call.method == "answerInlineQuery"]
    assert not refused.ok and sent.ok
    content = sent.params["results"][0]["input_message_content"]
    assert "parse_mode" not in content
    assert "<a href=" not in content["message_text"] and "http" in content["message_text"]
    assert services.metrics.html_fallbacks.labels("inline")._value.get() == 1
