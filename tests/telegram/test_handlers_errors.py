"""The error handler: a failure is logged by ids only, and the person gets a polite message."""

from __future__ import annotations

import logging

import pytest

from bot.services import Services
from bot.texts import text
from tests.conftest import Talk
from tests.fakes.botapi import BotAPI
from tests.fakes.chat import Conversation
from tests.fakes.errors import BLOCKED
from tests.fakes.updates import channel, private_chat, user

QUESTION = "When did Kazakhstan join the UN?"


async def test_failed_reply_is_logged_and_the_user_gets_an_apology(
    tg: Conversation, botapi: BotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    botapi.fail("sendMessage", status=400, description="Bad Request: message thread not found")
    failed, apology = await tg.send(QUESTION)
    assert not failed.ok
    assert apology.text == text("error", "en")
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert record.name == "bot.telegram.handlers.errors"
    assert f"chat {tg.chat['id']}" in record.getMessage()
    assert QUESTION not in caplog.text  # the user's words stay out of the log
    [reply] = await tg.send(QUESTION)
    assert "2 March 1992" in reply.text


async def test_apology_in_the_users_language(conversation: Talk, botapi: BotAPI) -> None:
    person = user("Ерлан", language_code="kk")
    chat = conversation(chat=private_chat(person), user=person)
    botapi.fail("sendMessage", status=500)
    _, apology = await chat.send("Қазақстан БҰҰ-ға қашан мүше болды?")
    assert apology.text == text("error", "kk")


async def test_blocked_by_the_user_is_no_error(
    tg: Conversation, botapi: BotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    botapi.fail("sendMessage", status=403, description=BLOCKED, times=None)
    [refused] = await tg.send(QUESTION)  # no apology: it could not be delivered either
    assert not refused.ok
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_failure_in_a_channel_is_not_announced_to_subscribers(
    conversation: Talk, botapi: BotAPI
) -> None:
    posts = conversation(chat=channel(), user=None)
    botapi.fail("sendMessage", status=500)
    [failed] = await posts.send(f"/ask {QUESTION}")
    assert not failed.ok


async def test_failure_after_a_button_press_is_explained_in_the_chat(
    tg: Conversation, botapi: BotAPI
) -> None:
    [answer] = await tg.send(QUESTION)
    botapi.fail("sendMessage", status=502, description="Bad Gateway")
    answered, failed, apology = await tg.press(answer.buttons[0][1])
    assert answered.ok  # the press itself was answered first
    assert not failed.ok
    assert apology.text == text("error", "en")


async def test_broken_database_still_gets_the_answer(
    tg: Conversation, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    """Statistics and the language choice are bookkeeping: without them the answer still goes."""
    await services.db.close()
    [reply] = await tg.send(QUESTION)
    assert "1992" in reply.text
    await services.bookkeeper.drain()
    scraped = services.metrics.render().decode()
    assert 'kzun_storage_errors_total{operation="question_log"} 1.0' in scraped
    assert 'kzun_storage_errors_total{operation="preference"} 1.0' in scraped
    assert "not stored" in caplog.text
