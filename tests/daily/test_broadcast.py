"""The delivery engine against the Bot API stand-in, with every failure Telegram can hand it.

Each test asserts who got the post, how many times, and what the database says afterwards. Time
for pacing and retries comes from `Timer`, so nothing waits on the wall clock; the requests
themselves are real HTTP on loopback through python-telegram-bot.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from telegram import Bot
from telegram.error import InvalidToken
from telegram.ext import Application, Job

from bot.cli import main
from bot.commands.broadcast import broadcast_once
from bot.config import DeliveryMode, EmptyDay, Settings
from bot.daily.anniversaries import Posts, compose_post, facts_of_day
from bot.daily.deliveries import FAILED, RETRY, SENDING, SENT, UNKNOWN, DeliveryLog
from bot.daily.job import CATCH_UP_NAME, JOB_NAME, schedule_daily_posts
from bot.daily.pacing import CHAT_INTERVAL, GROUP_LIMIT, GROUP_WINDOW, FloodControl
from bot.daily.sender import (
    MAX_ATTEMPTS,
    MAX_FLOOD_WAITS,
    OUTAGE,
    WORKERS,
    Broadcaster,
    Summary,
)
from bot.daily.subscriptions import Due, SubscriptionStore
from bot.engine.generation import Knowledge
from bot.engine.knowledge import KnowledgeBase
from bot.services import Services
from bot.storage.database import Database, StorageError
from bot.storage.lock import pass_lock
from bot.storage.sqlite import SQLiteDatabase
from bot.telegram.transport import http_request
from tests.conftest import CACHE_DIR, FakeClock
from tests.fakes.botapi import BotAPI, Call
from tests.fakes.clock import Timer
from tests.fakes.errors import (
    BLOCKED,
    CANT_INITIATE,
    CHAT_NOT_FOUND,
    DEACTIVATED,
    KICKED_GROUP,
    KICKED_SUPERGROUP,
    MIGRATED,
    NEED_ADMIN_RIGHTS,
)
from tests.fakes.updates import group, private_chat, user

# python-telegram-bot 22 warns while building every RetryAfter (its `retry_after` becomes a
# timedelta in v23); the warning comes from inside the library, not from our use of it.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Deprecated since version v22.2:telegram.warnings.PTBDeprecationWarning"
)

DAY = dt.date(2025, 3, 2)  # Kazakhstan joined the UN on 2 March 1992
PEOPLE = [101, 102, 103, 104, 105]
GROUP = -1001234567890
THREAD_NOT_FOUND = "Bad Request: message thread not found"


@pytest.fixture(autouse=True)
def started(botapi: BotAPI) -> None:
    """Every chat these tests subscribe has talked to the bot, so Telegram knows it: the
    people (1-50, 101-106, 201-240, 301-340), GROUP, and the supergroup a group is upgraded to."""
    for person in [*range(1, 51), *range(101, 107), *range(201, 241), *range(301, 341)]:
        botapi.add_chat(private_chat(user(user_id=person)))
    botapi.add_chat(group("Topics", chat_id=GROUP))
    botapi.add_chat(group("Upgraded", chat_id=-1004001))


@pytest.fixture
def timer() -> Timer:
    return Timer()


@pytest.fixture
def kb(knowledge: Knowledge) -> KnowledgeBase:
    return knowledge.kb


Sends = list[tuple[float, int]]


@pytest.fixture
def sends() -> Sends:
    """(timer time, chat id) of every sendMessage request as it leaves the bot."""
    return []


def make_bot(botapi: BotAPI, timer: Timer, sends: Sends, **request: float) -> Bot:
    async def note(outgoing: httpx.Request) -> None:
        if outgoing.url.path.endswith("/sendMessage"):
            chat_id = parse_qs(outgoing.content.decode())["chat_id"][0]
            sends.append((timer.now, int(chat_id)))

    hooks = {"event_hooks": {"request": [note]}}
    requests = {"request": http_request(16, httpx_kwargs=hooks, **request)}
    requests["get_updates_request"] = http_request()  # unused, but PTB makes one otherwise
    return Bot(botapi.token, base_url=botapi.base_url, **requests)


@pytest.fixture
async def bot(botapi: BotAPI, timer: Timer, sends: Sends) -> AsyncIterator[Bot]:
    async with make_bot(botapi, timer, sends) as started:
        yield started


def engine(
    bot: Bot,
    store: SubscriptionStore,
    log: DeliveryLog,
    kb: KnowledgeBase,
    timer: Timer,
    *,
    rate: float | None = 25.0,
    empty_day: EmptyDay = "skip",
    **options: Any,
) -> Broadcaster:
    """The delivery engine with flood control of its own on the test's timer."""
    flood = FloodControl.local(rate, timer.clock, timer.sleep)
    return Broadcaster(bot, store, log, Posts(kb, empty_day), flood, **options)


Deliver = Callable[..., Awaitable[Summary]]


@pytest.fixture
async def deliver(
    bot: Bot, store: SubscriptionStore, log: DeliveryLog, kb: KnowledgeBase, timer: Timer
) -> Deliver:
    """`await deliver()`: one pass for DAY over every subscription, as the engine runs it."""

    async def run(
        *,
        day: dt.date = DAY,
        rate: float | None = 25.0,
        workers: int = 8,
        empty_day: EmptyDay = "skip",
        delivery: DeliveryMode = "at-most-once",
    ) -> Summary:
        sender = engine(
            bot,
            store,
            log,
            kb,
            timer,
            rate=rate,
            empty_day=empty_day,
            workers=workers,
            delivery=delivery,
        )
        return await sender.run([Due(sub, day) for sub in await store.all()])

    return run


async def subscribe_people(store: SubscriptionStore, people: list[int] = PEOPLE) -> None:
    for person in people:
        await store.subscribe(person, "private", "en")


def times_sent(botapi: BotAPI, chat_id: int) -> int:
    return len(botapi.sent(chat_id))


async def statuses(log: DeliveryLog, day: dt.date = DAY) -> dict[int, str]:
    return {row.chat_id: row.status for row in await log.on_day(day)}


# --- the ordinary day ----------------------------------------------------------------------------


async def test_broadcast_everyone_gets_the_post_once(
    deliver: Deliver, store: SubscriptionStore, log: DeliveryLog, botapi: BotAPI, kb: KnowledgeBase
) -> None:
    await subscribe_people(store)
    await store.subscribe(104, "private", "ru")
    await store.subscribe(GROUP, "supergroup", "kk", thread_id=7)
    summary = await deliver()
    assert (summary.sent, summary.skipped, summary.failed) == (6, 0, 0)
    for person in PEOPLE:
        [call] = botapi.sent(person)
        lang = "ru" if person == 104 else "en"
        assert call.params["parse_mode"] == "HTML"
        assert call.params["text"] == compose_post(kb, DAY, lang, "html")
    [topic_post] = botapi.sent(GROUP)
    assert topic_post.params["message_thread_id"] == 7
    assert "1992 жылғы 2 наурыз — бұдан 33 жыл бұрын" in topic_post.text
    rows = await log.on_day(DAY)
    assert {row.status for row in rows} == {SENT} and len(rows) == 6
    sent_ids = {call.result["message_id"] for call in botapi.sent()}
    assert {row.message_id for row in rows} == sent_ids


async def test_broadcast_post_has_one_entry_per_real_event(
    deliver: Deliver, store: SubscriptionStore, botapi: BotAPI
) -> None:
    """2 March 2021 marked 29 years of 2 March 1992: subscribers get the 1992 event only."""
    await subscribe_people(store, [101])
    await store.subscribe(102, "private", "ru")
    await deliver()
    [english] = botapi.sent(101)
    shown = english.result["text"].splitlines()  # what the subscriber sees, HTML parsed
    assert [line for line in shown if "ago today" in line] == [
        "33 years ago today, on 2 March 1992:"
    ]
    assert "marked 29 years" not in english.result["text"]
    [russian] = botapi.sent(102)
    assert [line for line in russian.result["text"].splitlines() if "назад" in line] == [
        "33 года назад, 2 марта 1992 года:"
    ]


async def test_broadcast_second_pass_sends_nothing(
    deliver: Deliver, store: SubscriptionStore, botapi: BotAPI
) -> None:
    await subscribe_people(store)
    await deliver()
    again = await deliver()
    assert (again.sent, again.already) == (0, len(PEOPLE))
    assert all(times_sent(botapi, person) == 1 for person in PEOPLE)


async def test_broadcast_skips_inactive_and_empty_days(
    deliver: Deliver, store: SubscriptionStore, log: DeliveryLog, botapi: BotAPI, kb: KnowledgeBase
) -> None:
    await subscribe_people(store)
    await store.deactivate(101, "blocked")
    empty = DAY + dt.timedelta(days=1)
    while facts_of_day(kb, empty):
        empty += dt.timedelta(days=1)
    nothing = await deliver(day=empty)
    assert (nothing.sent, nothing.empty, nothing.inactive) == (0, len(PEOPLE), 0)
    assert botapi.sent() == [] and await log.on_day(empty) == []
    summary = await deliver()
    assert (summary.sent, summary.inactive) == (len(PEOPLE) - 1, 1)
    assert times_sent(botapi, 101) == 0


async def test_broadcast_empty_day_can_announce_the_next_anniversary(
    deliver: Deliver, store: SubscriptionStore, botapi: BotAPI, kb: KnowledgeBase
) -> None:
    await subscribe_people(store, [101])
    empty = DAY + dt.timedelta(days=1)
    assert not facts_of_day(kb, empty)
    summary = await deliver(day=empty, empty_day="next")
    assert summary.sent == 1
    assert botapi.sent(101)[0].text.startswith("No anniversaries")


# --- pacing --------------------------------------------------------------------------------------


async def test_broadcast_paces_to_the_overall_rate(
    deliver: Deliver, store: SubscriptionStore, sends: Sends
) -> None:
    await subscribe_people(store, list(range(1, 51)))
    await deliver(rate=25.0, workers=1)
    times = [at for at, _ in sends]
    assert len(times) == 50
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert min(gaps) == pytest.approx(1 / 25)
    assert times[-1] == pytest.approx(49 / 25)


# The fake timer moves whenever a task sleeps, also while others wait on real I/O: at a server's
# round trip the paced group runs ahead of the private chats in fake time. SQLite's thread hop is
# short enough for this ordering to be measured; the pacing itself is the same on both engines.
@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
async def test_broadcast_paces_each_chat_to_one_a_second_and_a_group_to_twenty_a_minute(
    deliver: Deliver, store: SubscriptionStore, sends: Sends, botapi: BotAPI
) -> None:
    topics = range(1, GROUP_LIMIT + 4)  # a forum with more topics than a minute allows
    for topic in topics:
        await store.subscribe(GROUP, "supergroup", "en", thread_id=topic)
    await subscribe_people(store)
    await deliver(rate=25.0)
    to_group = [at for at, chat in sends if chat == GROUP]
    assert len(to_group) == len(topics) == len(botapi.sent(GROUP))
    assert min(b - a for a, b in itertools.pairwise(to_group)) >= CHAT_INTERVAL
    for first, later in zip(to_group, to_group[GROUP_LIMIT:], strict=False):
        assert later - first >= GROUP_WINDOW  # never more than 20 in any minute
    to_people = [at for at, chat in sends if chat > 0]
    assert max(to_people) < to_group[1]  # private chats did not wait behind the group


async def test_broadcast_without_a_limit_does_not_wait(
    deliver: Deliver, store: SubscriptionStore, timer: Timer
) -> None:
    await subscribe_people(store, list(range(1, 31)))
    summary = await deliver(rate=None)
    assert summary.sent == 30 and timer.now == 0.0


# --- flood control -------------------------------------------------------------------------------


async def test_broadcast_429_pauses_everyone_then_retries_the_same_message(
    deliver: Deliver, store: SubscriptionStore, botapi: BotAPI, sends: Sends, log: DeliveryLog
) -> None:
    await subscribe_people(store)
    botapi.fail("sendMessage", chat_id=102, status=429, retry_after=7)
    summary = await deliver(workers=1)
    assert summary.sent == len(PEOPLE) and summary.failed == 0
    assert all(times_sent(botapi, person) == 1 for person in PEOPLE)
    refused_at = next(at for at, chat in sends if chat == 102)
    later = [at for at, _ in sends if at > refused_at]
    assert later and min(later) >= refused_at + 7
    assert [chat for _, chat in sends] == [101, 102, 102, 103, 104, 105]
    assert set((await statuses(log)).values()) == {SENT}


async def test_broadcast_429_with_many_workers_still_delivers_once(
    deliver: Deliver, store: SubscriptionStore, botapi: BotAPI, timer: Timer
) -> None:
    await subscribe_people(store, list(range(1, 41)))
    botapi.fail("sendMessage", status=429, retry_after=5, times=3)
    summary = await deliver()
    assert summary.sent == 40
    assert all(times_sent(botapi, person) == 1 for person in range(1, 41))
    assert timer.now >= 5


async def test_broadcast_endless_429_leaves_the_message_for_a_later_pass(
    deliver: Deliver, store: SubscriptionStore, botapi: BotAPI, log: DeliveryLog
) -> None:
    await subscribe_people(store, [101])
    flood = botapi.fail("sendMessage", status=429, retry_after=1, times=None)
    summary = await deliver()
    assert (summary.sent, summary.retry) == (0, 1)
    assert len(botapi.calls_to("sendMessage")) == MAX_FLOOD_WAITS + 1
    assert await statuses(log) == {101: RETRY}
    flood.times = 0
    assert (await deliver()).sent == 1
    assert times_sent(botapi, 101) == 1


# --- server errors and the network ---------------------------------------------------------------


# A 5xx comes back after the request was written: Telegram (or a proxy in front of it) may have
# delivered the post first. "delivered" scripts both cases; the bot cannot tell them apart.


@pytest.mark.parametrize("delivered", [True, False])
async def test_broadcast_5xx_at_most_once_is_unknown_and_never_resent(
    deliver: Deliver, store: SubscriptionStore, botapi: BotAPI, log: DeliveryLog, delivered: bool
) -> None:
    await subscribe_people(store, [101, 102])
    botapi.fail("sendMessage", chat_id=101, status=502, delivered=delivered)
    first = await deliver()
    second = await deliver()
    assert (first.unknown, first.sent, second.sent) == (1, 1, 0)
    assert await statuses(log) == {101: UNKNOWN, 102: SENT}
    assert len(botapi.calls_to("sendMessage", chat_id=101)) == 1
    assert times_sent(botapi, 101) == int(delivered)  # a proxy's 502 after delivery: still once
    row = await log.get(DAY, 101)
    assert row is not None and "Bad Gateway" in (row.error or "")


@pytest.mark.parametrize("delivered", [True, False])
async def test_broadcast_5xx_at_least_once_is_retried_with_backoff(
    deliver: Deliver,
    store: SubscriptionStore,
    botapi: BotAPI,
    log: DeliveryLog,
    timer: Timer,
    delivered: bool,
) -> None:
    await subscribe_people(store, [101, 102])
    botapi.fail("sendMessage", chat_id=101, status=502, delivered=delivered, times=2)
    summary = await deliver(delivery="at-least-once")
    assert (summary.sent, summary.failed) == (2, 0)
    assert await statuses(log) == {101: SENT, 102: SENT}
    # The trade-off: a proxy that delivered and then answered 502 means extra copies.
    assert times_sent(botapi, 101) == (3 if delivered else 1)
    backoffs = [s for s in timer.sleeps if s >= 1.0]
    assert len(backoffs) == 2 and 1.0 <= backoffs[0] <= 1.2 and 2.0 <= backoffs[1] <= 2.4
    row = await log.get(DAY, 101)
    assert row is not None and row.attempts == 1  # one pass, however many tries


async def test_broadcast_lasting_5xx_is_left_for_a_later_pass_when_at_least_once(
    deliver: Deliver, store: SubscriptionStore, botapi: BotAPI, log: DeliveryLog
) -> None:
    await subscribe_people(store)
    failing = botapi.fail("sendMessage", chat_id=103, status=500, times=None)
    summary = await deliver(delivery="at-least-once")
    assert (summary.sent, summary.retry) == (len(PEOPLE) - 1, 1)
    assert len(botapi.calls_to("sendMessage", chat_id=103)) == MAX_ATTEMPTS
    assert (await statuses(log))[103] == RETRY
    row = await log.get(DAY, 103)
    assert row is not None and row.error is not None and "Internal Server Error" in row.error
    failing.times = 0
    assert (await deliver(delivery="at-least-once")).sent == 1
    assert times_sent(botapi, 103) == 1


@pytest.mark.parametrize(
    ("delivery", "left"), [("at-most-once", UNKNOWN), ("at-least-once", RETRY)]
)
async def test_broadcast_stops_early_when_telegram_is_down(
    deliver: Deliver,
    store: SubscriptionStore,
    botapi: BotAPI,
    log: DeliveryLog,
    delivery: DeliveryMode,
    left: str,
) -> None:
    await subscribe_people(store, list(range(1, 21)))
    outage = botapi.fail("sendMessage", status=503, times=None)
    summary = await deliver(workers=1, delivery=delivery)
    assert summary.stopped_early and summary.failed == OUTAGE and summary.sent == 0
    assert (
        list((await statuses(log)).values()) == [left] * OUTAGE
    )  # the rest were not even claimed
    outage.times = 0
    again = await deliver(delivery=delivery)  # an explicit pass takes the `retry` rows too
    assert again.sent == (20 if left == RETRY else 20 - OUTAGE)
    assert all(times_sent(botapi, person) == 1 for person in range(OUTAGE + 1, 21))


@pytest.mark.parametrize("delivery", ["at-most-once", "at-least-once"])
async def test_broadcast_no_connection_is_safe_to_retry(
    store: SubscriptionStore,
    log: DeliveryLog,
    kb: KnowledgeBase,
    timer: Timer,
    botapi: BotAPI,
    delivery: DeliveryMode,
) -> None:
    await subscribe_people(store, [101])
    gone = BotAPI()
    await gone.start()
    await gone.stop()  # nothing listens on its port any more: connection refused
    offline = Bot(botapi.token, base_url=gone.base_url)  # never initialised: getMe would fail
    sender = engine(offline, store, log, kb, timer, rate=None, delivery=delivery)
    summary = await sender.run([Due(s, DAY) for s in await store.all()])
    await offline.shutdown()
    assert (summary.retry, summary.unknown) == (1, 0)
    assert await statuses(log) == {101: RETRY}
    row = await log.get(DAY, 101)
    assert row is not None and row.attempts == 1 and "ConnectError" in (row.error or "")


@pytest.mark.parametrize("delivered", [True, False])
async def test_broadcast_timeout_is_never_resent(
    store: SubscriptionStore,
    log: DeliveryLog,
    kb: KnowledgeBase,
    timer: Timer,
    botapi: BotAPI,
    delivered: bool,
) -> None:
    await subscribe_people(store, [101, 102])
    botapi.fail("sendMessage", chat_id=101, status=None, delay=0.6, delivered=delivered)
    async with make_bot(botapi, timer, [], read_timeout=0.2) as impatient:
        for _ in range(2):
            sender = engine(impatient, store, log, kb, timer, rate=None)
            summary = await sender.run([Due(s, DAY) for s in await store.all()])
    assert await statuses(log) == {101: UNKNOWN, 102: SENT}
    assert summary.already == 2  # the second pass touched nobody
    assert len(botapi.calls_to("sendMessage", chat_id=101)) == 1
    assert times_sent(botapi, 101) == int(delivered)


@pytest.mark.parametrize("delivered", [True, False])
async def test_broadcast_connection_dropped_after_sending_is_never_resent(
    deliver: Deliver,
    store: SubscriptionStore,
    botapi: BotAPI,
    log: DeliveryLog,
    delivered: bool,
) -> None:
    await subscribe_people(store, [101, 102])
    botapi.fail("sendMessage", chat_id=101, status=None, drop=True, delivered=delivered)
    first = await deliver()
    second = await deliver()
    assert (first.unknown, first.sent, second.sent) == (1, 1, 0)
    assert await statuses(log) == {101: UNKNOWN, 102: SENT}
    assert len(botapi.calls_to("sendMessage", chat_id=101)) == 1


async def test_broadcast_connection_dropped_at_least_once_is_resent(
    deliver: Deliver, store: SubscriptionStore, botapi: BotAPI, log: DeliveryLog
) -> None:
    await subscribe_people(store, [101])
    botapi.fail("sendMessage", chat_id=101, status=None, drop=True, delivered=True)
    summary = await deliver(delivery="at-least-once")
    assert (summary.sent, summary.unknown) == (1, 0)
    assert await statuses(log) == {101: SENT}
    assert times_sent(botapi, 101) == 2  # the price of never missing a day


# --- refusals ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "reason"),
    [
        (BLOCKED, "blocked"),
        (DEACTIVATED, "deactivated"),
        (CANT_INITIATE, "not_started"),
    ],
)
async def test_broadcast_403_stops_the_subscription_and_goes_on(
    deliver: Deliver,
    store: SubscriptionStore,
    botapi: BotAPI,
    log: DeliveryLog,
    description: str,
    reason: str,
) -> None:
    await subscribe_people(store)
    botapi.fail("sendMessage", chat_id=102, status=403, description=description, times=None)
    summary = await deliver()
    assert (summary.sent, summary.refused, summary.deactivated) == (len(PEOPLE) - 1, 1, 1)
    sub = await store.get(102)
    assert sub is not None and (sub.active, sub.inactive_reason) == (False, reason)
    assert (await statuses(log))[102] == FAILED
    next_year = await deliver(day=DAY.replace(year=DAY.year + 1))
    assert next_year.inactive == 1
    assert len(botapi.calls_to("sendMessage", chat_id=102)) == 1


@pytest.mark.parametrize("description", [KICKED_GROUP, KICKED_SUPERGROUP])
async def test_broadcast_kicked_from_a_group_stops_every_topic(
    deliver: Deliver, store: SubscriptionStore, botapi: BotAPI, description: str
) -> None:
    for topic in (0, 5, 6):
        await store.subscribe(GROUP, "supergroup", "en", thread_id=topic)
    botapi.fail("sendMessage", chat_id=GROUP, status=403, description=description, times=None)
    summary = await deliver(workers=1)
    assert summary.deactivated == 3 and summary.refused == 1 and summary.inactive == 2
    assert await store.all(active=True) == []
    assert {s.inactive_reason for s in await store.all()} == {"kicked"}


async def test_broadcast_group_upgraded_to_supergroup_moves_and_delivers_there_once(
    deliver: Deliver, store: SubscriptionStore, botapi: BotAPI, log: DeliveryLog
) -> None:
    old, new = -4001, -1004001
    await store.subscribe(old, "group", "ru", time_of_day=dt.time(8, 0))
    await subscribe_people(store, [101])
    botapi.fail(
        "sendMessage", chat_id=old, status=400, description=MIGRATED, migrate_to_chat_id=new
    )
    summary = await deliver()
    assert (summary.sent, summary.migrated) == (2, 1)
    assert times_sent(botapi, new) == 1 and times_sent(botapi, old) == 0
    moved = await store.get(new)
    assert moved is not None and (moved.chat_type, moved.time_of_day) == ("supergroup", dt.time(8))
    assert await store.for_chat(old) == []
    assert await statuses(log) == {new: SENT, 101: SENT}
    assert (await deliver()).sent == 0
    assert times_sent(botapi, new) == 1


async def test_broadcast_migration_never_loops(
    deliver: Deliver, store: SubscriptionStore, botapi: BotAPI, log: DeliveryLog
) -> None:
    old, new, newer = -4001, -1004001, -1004002
    await store.subscribe(old, "group", "en")
    botapi.fail(
        "sendMessage", chat_id=old, status=400, description=MIGRATED, migrate_to_chat_id=new
    )
    botapi.fail(
        "sendMessage", chat_id=new, status=400, description=MIGRATED, migrate_to_chat_id=newer
    )
    summary = await deliver()
    assert (summary.sent, summary.refused) == (0, 1)
    assert len(botapi.calls_to("sendMessage")) == 2
    assert await statuses(log) == {new: FAILED}


async def test_broadcast_unparsable_html_is_sent_once_as_plain_text(
    deliver: Deliver, store: SubscriptionStore, botapi: BotAPI, kb: KnowledgeBase
) -> None:
    await subscribe_people(store, [101])
    botapi.fail(
        "sendMessage",
        chat_id=101,
        status=400,
        description='Bad Request: can\'t parse entities: Unsupported start tag "x"',
    )
    summary = await deliver()
    assert summary.sent == 1
    [call] = botapi.sent(101)
    assert "parse_mode" not in call.params
    assert call.text == compose_post(kb, DAY, "en", "text")


async def test_broadcast_chat_not_found_stops_only_after_a_second_day(
    deliver: Deliver, store: SubscriptionStore, botapi: BotAPI, clock: FakeClock
) -> None:
    await subscribe_people(store, [101])
    botapi.fail("sendMessage", chat_id=101, status=400, description=CHAT_NOT_FOUND, times=None)
    first = await deliver()
    assert (first.refused, first.deactivated) == (1, 0)
    sub = await store.get(101)
    assert sub is not None and sub.active
    second = await deliver(day=DAY.replace(year=DAY.year + 1))
    assert second.deactivated == 1
    sub = await store.get(101)
    assert sub is not None and sub.inactive_reason == "chat_not_found"


async def test_broadcast_channel_without_rights_is_stopped(
    deliver: Deliver, store: SubscriptionStore, botapi: BotAPI
) -> None:
    channel = -1009990001
    await store.subscribe(channel, "channel", "en")
    botapi.fail("sendMessage", chat_id=channel, status=400, description=NEED_ADMIN_RIGHTS)
    await deliver()
    sub = await store.get(channel)
    assert sub is not None and sub.inactive_reason == "no_rights"


async def test_broadcast_deleted_topic_stops_only_that_topic(
    deliver: Deliver, store: SubscriptionStore, botapi: BotAPI
) -> None:
    for topic in (4, 9):
        await store.subscribe(GROUP, "supergroup", "en", thread_id=topic)
    botapi.fail(  # the first post, to topic 4
        "sendMessage",
        chat_id=GROUP,
        status=400,
        description="Bad Request: message thread not found",
    )
    summary = await deliver(workers=1)
    assert (summary.sent, summary.deactivated) == (1, 1)
    assert [(s.thread_id, s.active) for s in await store.all()] == [(4, False), (9, True)]


async def test_broadcast_invalid_token_stops_the_pass_and_loses_nothing(
    deliver: Deliver, store: SubscriptionStore, botapi: BotAPI, log: DeliveryLog
) -> None:
    await subscribe_people(store)
    revoked = botapi.fail("sendMessage", status=401, description="Unauthorized", times=None)
    with pytest.raises(InvalidToken):
        await deliver(workers=1)
    assert set((await statuses(log)).values()) == {RETRY}
    revoked.times = 0
    assert (await deliver()).sent == len(PEOPLE)


async def test_broadcast_unsubscribed_after_the_snapshot_is_skipped(
    bot: Bot, store: SubscriptionStore, log: DeliveryLog, kb: KnowledgeBase, botapi: BotAPI
) -> None:
    await subscribe_people(store)
    snapshot = [Due(s, DAY) for s in await store.all()]
    await store.unsubscribe(103)
    await store.deactivate(104, "blocked")
    summary = await engine(bot, store, log, kb, Timer(), rate=None).run(snapshot)
    assert (summary.sent, summary.inactive) == (3, 2)
    assert times_sent(botapi, 103) == times_sent(botapi, 104) == 0


async def test_broadcast_one_worker_failing_cancels_the_others(
    bot: Bot,
    db: Database,
    store: SubscriptionStore,
    log: DeliveryLog,
    kb: KnowledgeBase,
    timer: Timer,
    botapi: BotAPI,
) -> None:
    """Storage fails under one worker: the pass ends with that error, no worker left running."""
    await subscribe_people(store, [101, 102])
    botapi.fail("sendMessage", chat_id=101, status=None, delay=2.0, delivered=True)
    botapi.fail("sendMessage", chat_id=102, status=None, delay=0.2, delivered=True)
    sender = engine(bot, store, log, kb, timer, rate=None, workers=2)
    running = asyncio.create_task(sender.run([Due(s, DAY) for s in await store.all()]))
    await botapi.wait_for("sendMessage", 2)
    await db.close()  # 102's answer now cannot be written down
    with pytest.raises(StorageError):
        async with asyncio.timeout(10):
            await running
    coroutines = [task.get_coro() for task in asyncio.all_tasks()]
    workers = [c for c in coroutines if getattr(c, "__qualname__", "").endswith(".worker")]
    assert workers == []  # 101's worker was cancelled, not left sending on its own


# --- kzun-bot run: the job -------------------------------------------------------------------


def daily_job(application: Application) -> Job[Any]:
    assert application.job_queue is not None
    [job] = application.job_queue.get_jobs_by_name(JOB_NAME)
    return job


async def test_broadcast_job_runs_every_minute_and_tolerates_a_late_loop(
    application: Application,
) -> None:
    await schedule_daily_posts(application)
    scheduled = daily_job(application).job
    assert scheduled.trigger.interval == dt.timedelta(minutes=1)
    assert (scheduled.misfire_grace_time, scheduled.coalesce) == (3600, True)
    assert application.job_queue is not None
    [catch_up] = application.job_queue.get_jobs_by_name(CATCH_UP_NAME)
    assert catch_up.job.misfire_grace_time == 3600


async def test_broadcast_job_delivers_at_local_time_and_catches_up(
    application: Application, services: Services, clock: FakeClock, botapi: BotAPI
) -> None:
    await subscribe_people(services.subscriptions)
    await services.subscriptions.subscribe(106, "private", "ru", time_of_day=dt.time(4, 0))
    await schedule_daily_posts(application)
    job = daily_job(application)
    clock.now = dt.datetime(2025, 3, 1, 22, 0, tzinfo=dt.UTC)  # 03:00 on 2 March in Almaty
    await job.run(application)
    assert botapi.calls_to("sendMessage") == []
    clock.now = dt.datetime(2025, 3, 1, 23, 30, tzinfo=dt.UTC)  # 04:30: the early riser's turn
    await job.run(application)
    [early] = botapi.sent()
    assert early.chat_id == 106 and early.text.startswith("<b>В этот день — 2 марта</b>")
    clock.now = dt.datetime(2025, 3, 2, 7, 0, tzinfo=dt.UTC)  # noon: the 09:00 ones are late
    await job.run(application)
    await job.run(application)
    assert all(times_sent(botapi, person) == 1 for person in [*PEOPLE, 106])
    assert await services.deliveries.counts(DAY) == {SENT: len(PEOPLE) + 1}


async def test_broadcast_job_on_a_quiet_day_does_not_log_a_pass_every_minute(
    application: Application,
    services: Services,
    clock: FakeClock,
    botapi: BotAPI,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await subscribe_people(services.subscriptions)
    quiet = DAY
    while facts_of_day(services.knowledge.kb, quiet):
        quiet += dt.timedelta(days=1)
    clock.now = dt.datetime.combine(quiet, dt.time(6), tzinfo=dt.UTC)  # 11:00 in Almaty
    await schedule_daily_posts(application)
    caplog.set_level(logging.INFO, logger="bot.daily.sender")
    for _ in range(3):  # three minutes of the hours until midnight
        await daily_job(application).run(application)
    assert botapi.calls_to("sendMessage") == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO] == []


async def test_broadcast_job_with_the_real_scheduler(
    application: Application, services: Services, botapi: BotAPI
) -> None:
    """Started like `kzun-bot run` does: the first tick comes at once and catches up."""
    await subscribe_people(services.subscriptions)
    await schedule_daily_posts(application)
    await application.start()
    try:
        await botapi.wait_for("sendMessage", len(PEOPLE))
    finally:
        await application.stop()
    assert all(times_sent(botapi, person) == 1 for person in PEOPLE)
    assert await services.deliveries.counts(DAY) == {SENT: len(PEOPLE)}


async def test_broadcast_job_waits_while_the_cli_runs_a_pass(
    application: Application, services: Services, settings: Settings, botapi: BotAPI
) -> None:
    await subscribe_people(services.subscriptions)
    await schedule_daily_posts(application)
    with pass_lock(settings.data_dir) as held:
        assert held
        await daily_job(application).run(application)
    assert botapi.calls_to("sendMessage") == []
    await daily_job(application).run(application)
    assert len(botapi.sent()) == len(PEOPLE)


def test_broadcast_cli_needs_a_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    assert main(["broadcast", "--data-dir", str(tmp_path)]) == 2


def test_broadcast_cli_refuses_while_another_pass_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(token="1:x", data_dir=tmp_path, cache_dir=CACHE_DIR)
    with pass_lock(tmp_path) as held:
        assert held
        assert broadcast_once(settings, DAY) == 1
    assert "already running" in capsys.readouterr().err


# --- kzun-bot broadcast, killed in the middle ----------------------------------------------------


async def run_cli(
    botapi: BotAPI, data_dir: Path, *extra: str, rate: float = 1000
) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": botapi.token,
        "KZUN_SEND_RATE": str(rate),
        "KZUN_LOG_LEVEL": "WARNING",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "broadcast",
        "--api-base-url",
        botapi.base_url,
        "--data-dir",
        str(data_dir),
        "--date",
        DAY.isoformat(),
        *extra,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


def held(botapi: BotAPI, since: int) -> list[Call]:
    return [call for call in botapi.calls[since:] if call.method == "sendMessage"]


async def wait_until(condition: Callable[[], bool], botapi: BotAPI) -> None:
    async with asyncio.timeout(20):
        while not condition():
            await botapi.wait_for("sendMessage", 1, since=len(botapi.calls))


@pytest.mark.e2e
async def test_broadcast_cli_killed_mid_run_then_rerun_sends_everyone_exactly_once(
    botapi: BotAPI, tmp_path: Path, clock: FakeClock
) -> None:
    data_dir = tmp_path / "data"
    state = SQLiteDatabase(data_dir / "kzun-bot.sqlite3", clock=clock)
    people = list(range(201, 241))
    await subscribe_people(SubscriptionStore(state), people)
    first = await run_cli(botapi, data_dir)
    await botapi.wait_for("sendMessage", 10, timeout=20)
    # From now on Telegram takes each post but holds its answer until released: the killed
    # process has requests in flight whose answer it never reads, the ambiguous case the log
    # must not repeat.
    hold = botapi.fail("sendMessage", status=None, delay=60.0, delivered=True, times=None)
    since = len(botapi.calls)
    # Once every worker has a held request, none is between its claim and its request: the
    # kill lands where the log's at-most-once choice is tested, not in that microsecond window.
    # (Held, not slow: an answer back before the kill would free a worker to claim again.)
    await wait_until(lambda: len(held(botapi, since)) >= WORKERS, botapi)
    first.send_signal(signal.SIGKILL)
    await first.wait()
    hold.times = 0
    hold.release()
    reached = {call.chat_id for call in botapi.sent()}
    assert 10 <= len(reached) < len(people)
    second = await run_cli(botapi, data_dir)
    out, err = await second.communicate()
    assert second.returncode == 0, err.decode()
    assert "sent" in out.decode()
    assert all(times_sent(botapi, person) == 1 for person in people)
    log = DeliveryLog(state)
    counts = await log.counts(DAY)
    assert counts.get(SENT, 0) + counts.get(UNKNOWN, 0) == len(people)
    in_flight = [row.chat_id for row in await log.on_day(DAY) if row.status == SENDING]
    assert len(in_flight) <= WORKERS  # no more than the requests that were in flight
    assert all(chat in reached for chat in in_flight)  # abandoned claims were delivered
    third = await run_cli(botapi, data_dir)
    out, _ = await third.communicate()
    assert f"sent 0, skipped {len(people)}" in out.decode()
    assert len(botapi.sent()) == len(people)
    await state.close()


@pytest.mark.e2e
async def test_broadcast_cli_killed_while_paced_strands_no_waiting_post(
    botapi: BotAPI, tmp_path: Path, clock: FakeClock
) -> None:
    """Killed between posts at 5/s: the workers waiting for their turn held no claim, so at most
    the one request in flight is left `unknown` (claims taken before the turn left 8)."""
    data_dir = tmp_path / "data"
    state = SQLiteDatabase(data_dir / "kzun-bot.sqlite3", clock=clock)
    people = list(range(301, 341))
    await subscribe_people(SubscriptionStore(state), people)
    first = await run_cli(botapi, data_dir, rate=5)
    await botapi.wait_for("sendMessage", 5, timeout=20)
    first.send_signal(signal.SIGKILL)
    await first.wait()
    log = DeliveryLog(state)
    stranded = [row.chat_id for row in await log.on_day(DAY) if row.status == SENDING]
    assert len(stranded) <= 1
    second = await run_cli(botapi, data_dir)
    _, err = await second.communicate()
    assert second.returncode == 0, err.decode()
    assert all(times_sent(botapi, person) == 1 for person in people if person not in stranded)
    assert all(times_sent(botapi, person) <= 1 for person in stranded)  # at most once
    await state.close()
