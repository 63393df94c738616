"""Subscriptions: settings kept across changes, stopping and resuming, migration, what is due."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.clock import TimeZoneError, check_time_zone_data, local_now, zone
from bot.daily.deliveries import RETRY, SENT, UNKNOWN, DeliveryLog
from bot.daily.subscriptions import Due, SubscriptionStore
from bot.storage.sqlite import SQLiteDatabase
from tests.conftest import FakeClock

NINE = dt.time(9, 0)


def utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)  # type: ignore[misc]


# --- time zones ----------------------------------------------------------------------------------


def test_subscriptions_half_past_eleven_utc_is_already_tomorrow_in_almaty() -> None:
    local = local_now(utc(2025, 3, 1, 23, 30), "Asia/Almaty")
    assert (local.date(), local.strftime("%H:%M")) == (dt.date(2025, 3, 2), "04:30")


def test_subscriptions_almaty_is_utc_plus_five_since_march_2024() -> None:
    almaty = zone("Asia/Almaty")
    assert almaty.utcoffset(dt.datetime(2024, 2, 29, 12)) == dt.timedelta(hours=6)  # noqa: DTZ001
    assert almaty.utcoffset(dt.datetime(2024, 3, 1, 12)) == dt.timedelta(hours=5)  # noqa: DTZ001
    check_time_zone_data()


@pytest.mark.parametrize("name", ["Mars/Olympus", "../../etc/passwd", "Asia/", ""])
def test_subscriptions_unknown_time_zone_is_refused(name: str) -> None:
    with pytest.raises(TimeZoneError):
        zone(name)


# --- changes -------------------------------------------------------------------------------------


async def test_subscriptions_subscribe_uses_the_defaults(store: SubscriptionStore) -> None:
    sub = await store.subscribe(42, "private", "ru")
    assert (sub.chat_id, sub.thread_id, sub.chat_type, sub.lang) == (42, 0, "private", "ru")
    assert (sub.time_of_day, sub.timezone, sub.active) == (NINE, "Asia/Almaty", True)


async def test_subscriptions_resubscribing_keeps_the_time_unless_given(
    store: SubscriptionStore,
) -> None:
    await store.subscribe(42, "private", "en", time_of_day=dt.time(7, 30))
    assert (await store.subscribe(42, "private", "kk")).time_of_day == dt.time(7, 30)
    again = await store.subscribe(42, "private", "kk", time_of_day=dt.time(20, 5))
    assert (again.time_of_day, again.lang) == (dt.time(20, 5), "kk")
    assert len(await store.all()) == 1


async def test_subscriptions_unsubscribe_forgets_only_that_topic(store: SubscriptionStore) -> None:
    await store.subscribe(-100, "supergroup", "en")
    await store.subscribe(-100, "supergroup", "en", thread_id=5)
    assert await store.unsubscribe(-100, 5)
    assert not await store.unsubscribe(-100, 5)
    assert [(s.chat_id, s.thread_id) for s in await store.all()] == [(-100, 0)]


async def test_subscriptions_deactivate_keeps_settings_and_reason(
    store: SubscriptionStore, clock: FakeClock
) -> None:
    await store.subscribe(42, "private", "ru", time_of_day=dt.time(8, 15))
    clock.now += dt.timedelta(hours=1)
    assert await store.deactivate(42, "blocked") == 1
    assert await store.deactivate(42, "blocked") == 0  # already stopped
    sub = await store.get(42)
    assert sub is not None
    assert (sub.active, sub.inactive_reason, sub.time_of_day) == (False, "blocked", dt.time(8, 15))
    assert sub.updated_at == clock.now and sub.created_at < sub.updated_at
    assert await store.counts() == {"active": 0, "inactive": 1}


async def test_subscriptions_deactivate_a_whole_chat_or_one_topic(
    store: SubscriptionStore,
) -> None:
    for topic in (0, 3, 4):
        await store.subscribe(-100, "supergroup", "en", thread_id=topic)
    assert await store.deactivate(-100, "topic_deleted", thread_id=3) == 1
    assert [s.thread_id for s in await store.all(active=True)] == [0, 4]
    assert await store.deactivate(-100, "kicked") == 2
    assert await store.all(active=True) == []


async def test_subscriptions_activate_resumes_the_old_settings(store: SubscriptionStore) -> None:
    await store.subscribe(-100, "supergroup", "kk", time_of_day=dt.time(6, 0), thread_id=3)
    await store.deactivate(-100, "removed")
    [resumed] = await store.activate(-100)
    assert (resumed.active, resumed.inactive_reason) == (True, None)
    assert (resumed.lang, resumed.time_of_day, resumed.thread_id) == ("kk", dt.time(6, 0), 3)


async def test_subscriptions_move_chat_moves_subscription_and_log(
    store: SubscriptionStore, log: DeliveryLog
) -> None:
    day = dt.date(2025, 3, 1)
    await store.subscribe(-5, "group", "ru", time_of_day=dt.time(10, 0))
    await log.claim(day, -5)
    await log.record(day, -5, 0, SENT, message_id=9)
    await store.move_chat(-5, -1005)
    assert await store.for_chat(-5) == [] and await log.get(day, -5) is None
    moved = await store.get(-1005)
    assert moved is not None
    assert (moved.chat_type, moved.lang, moved.time_of_day) == ("supergroup", "ru", dt.time(10))
    row = await log.get(day, -1005)
    assert row is not None and (row.status, row.message_id) == (SENT, 9)


async def test_subscriptions_move_chat_keeps_what_the_new_chat_already_has(
    store: SubscriptionStore, log: DeliveryLog
) -> None:
    day = dt.date(2025, 3, 1)
    await store.subscribe(-5, "group", "ru")
    await store.subscribe(-1005, "supergroup", "en", time_of_day=dt.time(7, 0))
    for chat in (-5, -1005):
        await log.claim(day, chat)
    await log.record(day, -1005, 0, SENT, message_id=3)
    await store.move_chat(-5, -1005)
    [kept] = await store.all()
    assert (kept.chat_id, kept.lang, kept.time_of_day) == (-1005, "en", dt.time(7, 0))
    assert [(d.chat_id, d.status) for d in await log.on_day(day)] == [(-1005, SENT)]


async def test_subscriptions_survive_a_restart(tmp_path: Path, clock: FakeClock) -> None:
    path = tmp_path / "state.sqlite3"
    first = SQLiteDatabase(path, clock=clock)
    await SubscriptionStore(first).subscribe(-100, "channel", "kk", time_of_day=dt.time(18, 0))
    await first.close()
    second = SQLiteDatabase(path, clock=clock)
    sub = await SubscriptionStore(second).get(-100)
    await second.close()
    assert sub is not None and (sub.chat_type, sub.time_of_day) == ("channel", dt.time(18, 0))


# --- due -----------------------------------------------------------------------------------------


async def due_list(store: SubscriptionStore, now: dt.datetime) -> list[Due]:
    return [due async for page in store.due(now) for due in page]


async def due_chats(store: SubscriptionStore, log: DeliveryLog, now: dt.datetime) -> list[int]:
    return [d.subscription.chat_id for d in await due_list(store, now)]


async def test_subscriptions_due_at_the_local_time_of_day(
    store: SubscriptionStore, log: DeliveryLog
) -> None:
    await store.subscribe(1, "private", "en")  # 09:00 Almaty = 04:00 UTC
    await store.subscribe(2, "private", "en", time_of_day=dt.time(10, 30))
    assert await due_chats(store, log, utc(2025, 3, 2, 3, 59)) == []
    assert await due_chats(store, log, utc(2025, 3, 2, 4, 0)) == [1]
    [first, second] = await due_list(store, utc(2025, 3, 2, 5, 30))
    assert (first.subscription.chat_id, first.day) == (1, dt.date(2025, 3, 2))
    assert second.subscription.chat_id == 2


async def test_subscriptions_due_uses_the_local_day_not_the_utc_day(
    store: SubscriptionStore, log: DeliveryLog
) -> None:
    await store.subscribe(1, "private", "en", time_of_day=dt.time(4, 0))
    await store.subscribe(2, "private", "en")  # 09:00
    [due] = await due_list(store, utc(2025, 3, 1, 23, 30))  # 04:30 on 2 March in Almaty
    assert (due.subscription.chat_id, due.day) == (1, dt.date(2025, 3, 2))


async def test_subscriptions_missed_posts_stay_due_until_local_midnight(
    store: SubscriptionStore, log: DeliveryLog
) -> None:
    await store.subscribe(1, "private", "en")
    assert await due_chats(store, log, utc(2025, 3, 2, 18, 59)) == [1]  # 23:59 in Almaty
    [tomorrow] = await due_list(store, utc(2025, 3, 3, 4, 0))
    assert tomorrow.day == dt.date(2025, 3, 3)
    assert await due_chats(store, log, utc(2025, 3, 2, 19, 0)) == []  # 00:00, before 09:00


async def test_subscriptions_settled_and_inactive_are_not_due(
    store: SubscriptionStore, log: DeliveryLog
) -> None:
    day, now = dt.date(2025, 3, 2), utc(2025, 3, 2, 5, 0)
    for chat in (1, 2, 3, 4, 5):
        await store.subscribe(chat, "private", "en")
    await log.claim(day, 1)
    await log.record(day, 1, 0, SENT, message_id=1)
    await log.claim(day, 2)
    await log.record(day, 2, 0, UNKNOWN, error="TimedOut")
    await log.claim(day, 3)  # left in `sending` by a process that died
    await store.deactivate(4, "blocked")
    assert await due_chats(store, log, now) == [5]


async def test_subscriptions_retry_is_due_after_its_backoff(
    store: SubscriptionStore, log: DeliveryLog, clock: FakeClock
) -> None:
    day = dt.date(2025, 3, 2)
    clock.now = utc(2025, 3, 2, 4, 0)
    await store.subscribe(1, "private", "en")
    await log.claim(day, 1)
    await log.record(day, 1, 0, RETRY, error="Bad Gateway")
    assert await due_chats(store, log, clock.now + dt.timedelta(seconds=59)) == []
    assert await due_chats(store, log, clock.now + dt.timedelta(minutes=1)) == [1]
