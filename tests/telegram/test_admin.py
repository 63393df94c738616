"""/stats and /reload: for the admins in KZUN_ADMIN_IDS, in a private chat, and nobody else."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import Application

from bot import __version__
from bot.config import Settings
from bot.engine.conversation import Conversations
from bot.services import Services
from bot.telegram.handlers.admin import start_reload_triggers
from tests.conftest import EditFact, Talk
from tests.fakes.botapi import BotAPI
from tests.fakes.chat import Conversation
from tests.fakes.updates import group, private_chat, user

ADMIN_ID = 4242
FACT = "un-membership"
QUESTION_RU = "когда казахстан вступил в оон"
NEW_RU = "Проверка перезагрузки: этот ответ 1992 года изменён в копии базы знаний."
QUESTIONS = ["when did kazakhstan join the un", "what about the un", "how do I bake a cake"]


@pytest.fixture
def settings(settings: Settings, knowledge_copy: Path) -> Settings:
    """The conftest settings, with one admin and a knowledge folder the test may edit."""
    return dataclasses.replace(
        settings, knowledge_dir=knowledge_copy, admin_ids=frozenset({ADMIN_ID})
    )


def chat_with(conversation: Talk, person: dict[str, Any]) -> Conversation:
    return conversation(chat=private_chat(person), user=person)


@pytest.fixture
def admin(conversation: Talk) -> Conversation:
    return chat_with(conversation, user("Ada", user_id=ADMIN_ID, language_code="en"))


async def test_stats_counts_chats_subscriptions_and_todays_outcomes(
    admin: Conversation, tg: Conversation, conversation: Talk, services: Services
) -> None:
    for question in QUESTIONS:
        await tg.send(question)
    await tg.send("/subscribe")
    await conversation(chat=group("Friends of the UN"), user=tg.user).send("hello everyone")
    chat = Conversations()  # one private chat: a follow-up is read with the previous answer
    outcomes = [chat.match(services.knowledge.matcher, "tg", q, "en").status for q in QUESTIONS]
    await admin.send("/help")  # chats are noted beside the reply: the admin's, before /stats
    await services.bookkeeper.drain()
    [reply] = await admin.send("/stats")
    shares = {o: f"{100 * outcomes.count(o) / len(outcomes):.0f}%" for o in set(outcomes)}
    assert reply.text.splitlines() == [
        f"<b>Statistics</b> (version {__version__})",
        "Users: 2",  # Alice and the admin
        "Groups: 1",
        "Channels: 0",
        "Active subscriptions: 1",
        "Questions today: 3",
        f"Answered: {shares.get('answer', '0%')} · asked to clarify: "
        f"{shares.get('clarify', '0%')} · declined: {shares.get('decline', '0%')}",
        f"Knowledge: {len(services.knowledge.kb.facts)} facts",
    ]


async def test_stats_speaks_the_admins_language_and_shows_no_rates_without_questions(
    conversation: Talk,
) -> None:
    ada = chat_with(conversation, user("Ада", user_id=ADMIN_ID, language_code="ru"))
    [reply] = await ada.send("/stats")
    assert "Вопросов сегодня: 0" in reply.text
    assert "С ответом: — · с уточнением: — · без ответа: —" in reply.text


async def test_admin_commands_are_silent_for_everyone_else(
    tg: Conversation, botapi: BotAPI, services: Services
) -> None:
    before = services.knowledge
    assert await tg.send("/stats") == []
    assert await tg.send("/reload") == []
    assert services.knowledge is before
    assert botapi.sent() == []


async def test_admin_commands_are_silent_in_groups(conversation: Talk) -> None:
    ada = user("Ada", user_id=ADMIN_ID)
    in_group = conversation(chat=group("Friends of the UN"), user=ada)
    assert await in_group.send("/stats") == []


async def test_reload_replies_with_the_new_counts_and_serves_the_edit(
    admin: Conversation, tg: Conversation, edit_fact: EditFact, services: Services
) -> None:
    edit_fact(FACT, lambda fact: fact["answer"].update(ru=NEW_RU))
    [reply] = await admin.send("/reload")
    facts = len(services.knowledge.kb.facts)
    examples = sum(services.knowledge.coverage.questions.values())
    assert reply.text.startswith("Knowledge reloaded in ")
    assert reply.text.endswith(f" s: {facts} facts, {examples} example questions.")
    [answer] = await tg.send(QUESTION_RU)
    assert NEW_RU in answer.text


async def test_reload_of_broken_knowledge_reports_the_problems_and_keeps_answering(
    admin: Conversation, tg: Conversation, edit_fact: EditFact, services: Services
) -> None:
    [before] = await tg.send(QUESTION_RU)
    edit_fact(FACT, lambda fact: fact["answer"].update(en=fact["answer"]["en"] + " <1234567>"))
    [reply] = await admin.send("/reload")
    lines = reply.text.splitlines()
    facts = len(services.knowledge.kb.facts)
    assert lines[0] == (
        "The knowledge was not reloaded: 1 problem(s) found. "
        f"The bot keeps serving the previous version ({facts} facts)."
    )
    assert lines[1].endswith("figure 1234567 of answer.en is in no quote")
    [after] = await tg.send(QUESTION_RU)
    assert after.text == before.text


async def test_reload_lists_at_most_ten_problems(
    admin: Conversation, knowledge_copy: Path
) -> None:
    broken = "".join(f"  - id: broken-{n}\n" for n in range(12))
    (knowledge_copy / "zz-broken.yaml").write_text(f"facts:\n{broken}", encoding="utf-8")
    [reply] = await admin.send("/reload")
    lines = reply.text.splitlines()
    count = int(lines[0].split(": ")[1].split()[0])
    assert count > 10
    assert len(lines) == 12 and all("zz-broken.yaml" in line for line in lines[1:11])
    assert lines[-1] == f"…and {count - 10} more: run kzun-bot check to see them all."


@pytest.mark.parametrize("watch", [True, False])
async def test_reload_triggers_watch_the_files_only_with_watch_on(
    application: Application, services: Services, edit_fact: EditFact, watch: bool
) -> None:
    services.settings = dataclasses.replace(services.settings, watch=watch)
    assert application.job_queue is not None
    start_reload_triggers(application)
    jobs = application.job_queue.get_jobs_by_name("knowledge-watch")
    assert len(jobs) == (1 if watch else 0)
    if watch:
        edit_fact(FACT, lambda fact: fact["answer"].update(ru=NEW_RU))
        for _ in range(2):  # once to notice the change, once more to see it has settled
            await jobs[0].run(application)
        fact = services.knowledge.kb.fact(FACT)
        assert fact is not None and fact.answer["ru"] == NEW_RU
