"""Long polling (`bot.telegram.polling`) through the real `serve()` against the stand-in.

A confirmed update is one Telegram will never send again: every update below the offset of a later
getUpdates. These tests check that an unreadable update is confirmed and skipped rather than
blocking the ones after it, that no more than FETCH_AHEAD updates are ever confirmed and not yet
answered, and that a stop answers what was confirmed and leaves the rest with Telegram.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from typing import Any

import pytest

from bot.config import Settings
from bot.ops.logs import USER_TEXT_LOGGERS
from bot.services import Services
from bot.telegram.polling import FETCH_AHEAD
from bot.telegram.runner import serve
from tests.fakes.botapi import BotAPI
from tests.fakes.updates import private_message, user
from tests.telegram.test_app import polling  # noqa: F401  (the fixture: serve() polling the stand-in)

QUESTION = "When did Kazakhstan join the UN?"


def confirmed_below(botapi: BotAPI) -> int:
    """The highest offset the bot has sent: Telegram forgets every update below it."""
    return max((int(c.params.get("offset", 0)) for c in botapi.calls_to("getUpdates")), default=0)


def answered(botapi: BotAPI) -> Counter[int]:
    """How many replies each chat got."""
    return Counter(int(call.chat_id or 0) for call in botapi.sent())


@pytest.mark.usefixtures("polling")
async def test_polling_skips_an_unreadable_update_and_answers_the_next(
    botapi: BotAPI,
    services: Services,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    for name in USER_TEXT_LOGGERS:  # as setup_logging keeps them unless KZUN_LOG_USER_TEXT
        caplog.set_level(logging.INFO, logger=name)
    alice, bob = user("Alice"), user("Bob")
    bad = private_message("my secret words", user=alice)
    bad["message"]["date"] = "yesterday"  # PTB cannot read a message whose date is text
    botapi.push(bad)
    botapi.push(private_message(QUESTION, user=bob))
    [reply] = await botapi.wait_for("sendMessage", chat_id=bob["id"])
    assert "1992" in reply.text
    assert len(botapi.calls_to("getUpdates")) <= 4  # not fetched again and again
    skipped = services.metrics.skipped.labels("unparseable")._value.get()
    assert skipped == 1
    assert caplog.text.count("cannot be read") == 1
    assert "my secret words" not in caplog.text
    assert not botapi.sent(chat_id=alice["id"])


@pytest.mark.usefixtures("polling")
async def test_polling_survives_a_lone_surrogate_in_a_question(botapi: BotAPI) -> None:
    alice = user("Alice")
    botapi.push(private_message("when did kazakhstan \ud800 join the un", user=alice))
    [reply] = await botapi.wait_for("sendMessage", chat_id=alice["id"])
    assert "1992" in reply.text


def slow_telegram(botapi: BotAPI, seconds: float) -> None:
    """Every reply is delivered, and Telegram takes `seconds` to say so."""
    botapi.fail("sendMessage", status=None, delay=seconds, delivered=True, times=None)


def push_questions(botapi: BotAPI, count: int) -> list[dict[str, Any]]:
    """`count` questions, each from a different person (so no flood limit applies)."""
    people = [user(f"User {n}") for n in range(count)]
    for person in people:
        botapi.push(private_message(QUESTION, user=person))
    return people


async def test_polling_confirms_no_more_than_it_can_answer_and_loses_nothing_on_stop(
    settings: Settings, services: Services, botapi: BotAPI
) -> None:
    slow_telegram(botapi, 0.3)
    people = push_questions(botapi, 200)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, services, stop))
    await botapi.wait_for("sendMessage", count=40, timeout=30)
    ahead = confirmed_below(botapi) - 1 - len(botapi.sent())
    assert ahead <= FETCH_AHEAD, f"{ahead} updates confirmed and not answered"
    stop.set()  # as SIGTERM does
    assert await asyncio.wait_for(task, 30) == 0
    confirmed = confirmed_below(botapi)
    replies = answered(botapi)
    for number, person in enumerate(people, start=1):  # update ids start at 1
        if number < confirmed:
            assert replies[person["id"]] == 1, f"update {number} confirmed but not answered"
    assert len(replies) < len(people), "stopped before all were fetched: some are left"
    assert all(count == 1 for count in replies.values())

    # The next run gets the rest from Telegram: every question answered exactly once.
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, services, stop))
    await botapi.wait_for("sendMessage", count=len(people), timeout=60)
    stop.set()
    assert await asyncio.wait_for(task, 30) == 0
    assert answered(botapi) == Counter({person["id"]: 1 for person in people})
