"""/start, /help, /topics, /lang, /sources, /about and unknown commands, end to end."""

from __future__ import annotations

from typing import Any

import pytest

from bot import __version__
from bot.chat.replies import example_questions
from bot.engine.generation import Knowledge
from bot.lang import LANGS
from bot.services import Services
from bot.texts import text
from tests.conftest import Talk
from tests.fakes.chat import Conversation
from tests.fakes.updates import BOT_USER, private_chat, user


def person_chat(conversation: Talk, lang: str | None) -> Conversation:
    person = user("Aigerim", language_code=lang)
    return conversation(chat=private_chat(person), user=person)


@pytest.mark.parametrize(
    ("code", "lang"), [("en", "en"), ("ru", "ru"), ("kk", "kk"), ("de", "en")]
)
async def test_start_greets_in_the_app_language_with_example_questions(
    conversation: Talk, code: str, lang: str
) -> None:
    [reply] = await person_chat(conversation, code).send("/start")
    assert reply.text == text("greeting", lang)
    assert [label for label, _ in reply.buttons] == example_questions(lang)


async def test_start_example_button_asks_that_question(tg: Conversation) -> None:
    [greeting] = await tg.send("/start")
    answered, reply = await tg.press(greeting.buttons[0][1])
    assert answered.method == "answerCallbackQuery"
    assert "2 March 1992" in reply.text


async def test_start_deep_link_opens_the_fact(tg: Conversation) -> None:
    [reply] = await tg.send("/start un-membership")
    assert reply.text.startswith("Kazakhstan became a member of the United Nations")
    assert "Source" in reply.text


@pytest.mark.parametrize("payload", ["no-such-fact", "x" * 80, "<b>", "un membership"])
async def test_start_with_unknown_payload_just_greets(tg: Conversation, payload: str) -> None:
    [reply] = await tg.send(f"/start {payload}")
    assert reply.text == text("greeting", "en")


async def test_help_names_the_bot_for_groups_and_inline(tg: Conversation) -> None:
    [reply] = await tg.send("/help")
    assert reply.text == text("help", "en", bot=BOT_USER["username"])
    assert reply.ok


async def test_topics_lists_topics_and_browses_into_facts(
    tg: Conversation, services: Services
) -> None:
    kb = services.knowledge.kb
    [reply] = await tg.send("/topics")
    topics = [topic for topic in kb.topics.values() if kb.facts_in_topic(topic.id)]
    assert [label for label, _ in reply.buttons] == [topic.title["en"] for topic in topics]
    answered, edited = await tg.press(reply.buttons[0][1])
    assert answered.method == "answerCallbackQuery"
    assert edited.method == "editMessageText"
    assert len(edited.buttons) == len(kb.facts_in_topic(topics[0].id)) + 1  # facts, then back


async def test_lang_is_remembered_per_user(conversation: Talk, services: Services) -> None:
    chat = person_chat(conversation, "en")
    [confirmed] = await chat.send("/lang ru")
    assert confirmed.text == text("lang_set", "ru")
    assert chat.user is not None
    assert await services.preferences.language(chat.user["id"]) == "ru"
    [help_reply] = await chat.send("/help")
    assert help_reply.text == text("help", "ru", bot=BOT_USER["username"])
    [answer] = await chat.send("When did Kazakhstan join the UN?")  # English still gets English
    assert "2 March 1992" in answer.text


async def test_lang_without_argument_offers_buttons(tg: Conversation, services: Services) -> None:
    [reply] = await tg.send("/lang")
    assert reply.text == text("lang_choose", "en")
    assert [label for label, _ in reply.buttons] == ["English", "Русский", "Қазақша"]
    _, edited = await tg.press(reply.buttons[2][1])
    assert edited.text == text("lang_set", "kk")
    assert await services.preferences.language(tg.chat["id"]) == "kk"  # private chat id = user id


async def test_sources_lists_every_article_with_its_link(
    tg: Conversation, services: Services
) -> None:
    [reply] = await tg.send("/sources")
    sources = services.knowledge.kb.sources.values()
    assert reply.text.count("•") == len(sources)
    for source in sources:
        assert source.url is None or f'href="{source.url}"' in reply.text


async def test_about_gives_version_and_counts(tg: Conversation, services: Services) -> None:
    [reply] = await tg.send("/about")
    kb = services.knowledge.kb
    assert reply.text == text(
        "about", "en", version=__version__, facts=len(kb.facts), sources=len(kb.sources)
    )


async def test_unknown_command_in_private_points_to_help(tg: Conversation) -> None:
    [reply] = await tg.send("/weather")
    assert reply.text == text("unknown_command", "en")


async def test_edited_command_does_not_run_again(tg: Conversation) -> None:
    await tg.send("/help")
    assert await tg.edit(tg.history[-1], "/about") == []


async def test_start_in_a_group_when_it_reaches_the_bot(
    conversation: Talk, supergroup: dict[str, Any]
) -> None:
    member = conversation(chat=supergroup, user=user("Bob"))
    [reply] = await member.send(f"/start@{BOT_USER['username']}")
    assert reply.text == text("greeting", "en")
    assert await member.send("/weather") == []  # unknown commands in groups: not for us


def test_start_examples_are_answered_with_the_same_facts_in_every_language(
    knowledge: Knowledge,
) -> None:
    answered = {}
    for lang in LANGS:
        questions = text("examples", lang).splitlines()
        matches = [knowledge.matcher.match(q, lang) for q in questions]
        assert all(m.status == "answer" and m.lang == lang for m in matches), questions
        answered[lang] = [m.facts[0].id for m in matches]
    assert answered["ru"] == answered["en"] == answered["kk"]
