"""Operations end to end: the real `serve()` in webhook mode (and polling with --metrics-port).

Updates are POSTed to the bot's own web server as Telegram would; its replies go to the Bot API
stand-in. Checked: the secret token, /healthz and /metrics, /reload and SIGHUP with a good and a
broken knowledge folder, and `kzun-bot unanswered` after some questions the bot could not answer.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import unused_port
from prometheus_client.parser import text_string_to_metric_families

from bot import __version__
from bot.cli import main
from bot.config import Settings
from bot.services import Services
from bot.telegram.runner import serve
from bot.telegram.web import SECRET_HEADER
from tests.conftest import EditFact
from tests.fakes.botapi import BotAPI, Call
from tests.fakes.updates import private_message, user

SECRET = "ops-s3cret_token"
ADMIN_ID = 4343
FACT = "un-membership"
QUESTION_RU = "когда казахстан вступил в оон"
NEW_RU = "Проверка перезагрузки: этот ответ 1992 года изменён в копии базы знаний."
UNANSWERABLE = [
    "how do I bake a chocolate cake",
    "How do I bake a chocolate cake?",
    "how to bake chocolate cakes",
    "what is the weather in paris tomorrow",
]


@dataclass
class Bot:
    """A running bot seen from outside: its web server and the chats that talk to it."""

    base: str
    session: aiohttp.ClientSession
    botapi: BotAPI
    services: Services

    async def post(self, update: dict[str, Any], secret: str | None = SECRET) -> int:
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        registered = self.botapi.register(update)
        async with self.session.post(
            f"{self.base}/telegram", json=registered, headers=headers
        ) as r:
            return r.status

    async def ask(self, text: str, user_id: int = 1001, lang: str = "en") -> Call:
        """A private message through the webhook; its reply, once the bot has sent it."""
        before = len(self.botapi.sent(chat_id=user_id))
        person = user("Alice", user_id=user_id, language_code=lang)
        assert await self.post(private_message(text, user=person)) == 200
        calls = await self.botapi.wait_for("sendMessage", count=before + 1, chat_id=user_id)
        return calls[-1]

    async def get(self, path: str) -> tuple[int, str, str]:
        async with self.session.get(f"{self.base}{path}") as response:
            return response.status, response.content_type, await response.text()


@pytest.fixture
def settings(settings: Settings, knowledge_copy: Path) -> Settings:
    """The conftest settings in webhook mode, with one admin and a knowledge folder to edit."""
    return dataclasses.replace(
        settings,
        knowledge_dir=knowledge_copy,
        admin_ids=frozenset({ADMIN_ID}),
        webhook_url="https://bot.example.org/telegram",
        webhook_secret=SECRET,
        listen="127.0.0.1",
        port=unused_port(),
    )


async def until(condition: Callable[[], Awaitable[bool]], what: str) -> None:
    """Wait for something the bot does in the background, bounded so a failure cannot hang."""
    for _ in range(500):
        if await condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
async def bot(settings: Settings, services: Services, botapi: BotAPI) -> AsyncIterator[Bot]:
    """`serve()` running in webhook mode until the test ends, then stopped cleanly."""
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, services, stop))
    async with aiohttp.ClientSession() as session:
        running = Bot(f"http://127.0.0.1:{settings.port}", session, botapi, services)

        async def healthy() -> bool:
            try:
                return (await running.get("/healthz"))[0] == 200
            except aiohttp.ClientConnectionError:
                return False

        await until(healthy, "/healthz to answer 200")
        try:
            yield running
        finally:
            stop.set()
            assert await asyncio.wait_for(task, 10) == 0


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_webhook_refuses_updates_without_the_secret_and_processes_none(bot: Bot) -> None:
    question = private_message("when did kazakhstan join the un", user=user("Eve"))
    assert await bot.post(question, secret=None) == 403
    assert await bot.post(question, secret="guess") == 403
    assert await bot.post(question, secret=SECRET[:-1]) == 403
    _, _, metrics = await bot.get("/metrics")
    assert not any(name == "kzun_updates_total" for name, _ in samples(metrics))
    assert bot.botapi.sent() == []
    reply = await bot.ask("when did kazakhstan join the un")
    assert "1992" in reply.text
    assert len(bot.botapi.sent()) == 1


async def test_webhook_serves_health_and_metrics(bot: Bot) -> None:
    status, content_type, body = await bot.get("/healthz")
    knowledge = bot.services.knowledge
    assert (status, content_type) == (200, "application/json")
    health = json.loads(body)
    assert health == {
        "status": "ok",
        "version": __version__,
        "facts": len(knowledge.kb.facts),
        "dated_facts": knowledge.coverage.dated_facts,
        "sources": len(knowledge.kb.sources),
        "topics": len(knowledge.kb.topics),
        "questions": knowledge.coverage.questions,
    }
    await bot.ask("when did kazakhstan join the un")
    await bot.ask("how do I bake a chocolate cake")
    status, content_type, body = await bot.get("/metrics")
    assert (status, content_type) == (200, "text/plain")
    found = samples(body)
    assert found[("kzun_updates_total", frozenset({("type", "message")}))] == 2
    assert found[("kzun_replies_total", frozenset({("outcome", "answer")}))] == 1
    assert found[("kzun_replies_total", frozenset({("outcome", "decline")}))] == 1
    assert found[("kzun_answer_latency_seconds_count", frozenset())] == 2
    assert found[("kzun_knowledge_facts", frozenset())] == len(knowledge.kb.facts)


async def test_webhook_reload_valid_then_broken_keeps_the_last_good_knowledge(
    bot: Bot, edit_fact: EditFact
) -> None:
    edit_fact(FACT, lambda fact: fact["answer"].update(ru=NEW_RU))
    reloaded = await bot.ask("/reload", user_id=ADMIN_ID)
    assert reloaded.text.startswith("Knowledge reloaded in ")
    assert NEW_RU in (await bot.ask(QUESTION_RU, lang="ru")).text

    edit_fact(FACT, lambda fact: fact["answer"].update(en=fact["answer"]["en"] + " 1234567."))
    refused = await bot.ask("/reload", user_id=ADMIN_ID)
    assert refused.text.startswith("The knowledge was not reloaded: 1 problem(s) found.")
    assert "figure 1234567 of answer.en is in no quote" in refused.text
    assert NEW_RU in (await bot.ask(QUESTION_RU, lang="ru")).text  # the last good one serves

    _, _, metrics = await bot.get("/metrics")
    found = samples(metrics)
    assert found[("kzun_knowledge_reloads_total", frozenset({("result", "ok")}))] == 1
    assert found[("kzun_knowledge_reloads_total", frozenset({("result", "failed")}))] == 1


async def test_webhook_questions_during_a_reload_are_all_answered(
    bot: Bot, edit_fact: EditFact
) -> None:
    edit_fact(FACT, lambda fact: fact["answer"].update(ru=NEW_RU))
    admin = user("Ada", user_id=ADMIN_ID)
    people = [user(f"User {n}", user_id=2000 + n, language_code="ru") for n in range(8)]
    statuses = await asyncio.gather(
        bot.post(private_message("/reload", user=admin)),
        *(bot.post(private_message(QUESTION_RU, user=person)) for person in people),
    )
    assert set(statuses) == {200}
    for person in people:
        [reply] = await bot.botapi.wait_for("sendMessage", chat_id=person["id"])
        assert "1992" in reply.text or NEW_RU in reply.text  # the old or the new generation
    [done] = await bot.botapi.wait_for("sendMessage", chat_id=ADMIN_ID)
    assert done.text.startswith("Knowledge reloaded in ")


async def test_sighup_reloads_the_running_bot(bot: Bot, edit_fact: EditFact) -> None:
    before = bot.services.knowledge
    edit_fact(FACT, lambda fact: fact["answer"].update(ru=NEW_RU))
    os.kill(os.getpid(), signal.SIGHUP)

    async def swapped() -> bool:
        return bot.services.knowledge is not before

    await until(swapped, "the SIGHUP reload")
    assert NEW_RU in (await bot.ask(QUESTION_RU, lang="ru")).text


async def test_unanswered_report_after_declined_questions(
    bot: Bot, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    for n, question in enumerate(UNANSWERABLE):
        await bot.ask(question, user_id=3000 + n)
    await bot.ask("when did kazakhstan join the un", user_id=3100)
    await bot.services.bookkeeper.drain()
    report = ["unanswered", "--data-dir", str(settings.data_dir)]
    assert await asyncio.to_thread(main, report) == 0
    out = capsys.readouterr().out
    assert out.startswith("4 unanswered question(s) in 2 group(s) of similar wording")
    first = out.split("\n\n")[1]
    assert first.split()[:2] == ["3", "[en]"]
    assert "how do I bake a chocolate cake" in first
    assert "when did kazakhstan join" not in out
    rows = await bot.services.db.fetch("SELECT * FROM unanswered")
    assert not any(str(3000 + n) in str(tuple(row.values())) for row in rows for n in range(4))


async def test_polling_serves_health_and_metrics_on_the_metrics_port(
    settings: Settings, services: Services
) -> None:
    polling = dataclasses.replace(settings, webhook_url=None, metrics_port=unused_port())
    stop = asyncio.Event()
    task = asyncio.create_task(serve(polling, services, stop))
    base = f"http://127.0.0.1:{polling.metrics_port}"
    try:
        async with aiohttp.ClientSession() as session:

            async def healthy() -> bool:
                try:
                    async with session.get(f"{base}/healthz") as response:
                        return response.status == 200
                except aiohttp.ClientConnectionError:
                    return False

            await until(healthy, "/healthz on the metrics port")
            async with session.get(f"{base}/metrics") as response:
                assert response.status == 200
                assert "kzun_replies_total" in await response.text()
    finally:
        stop.set()
        assert await asyncio.wait_for(task, 10) == 0
