"""The shared stores on both backends: preferences, chats, question log, purge, paging, copy."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.daily.deliveries import SENT, DeliveryLog
from bot.daily.subscriptions import SubscriptionStore
from bot.storage import schema
from bot.storage.database import Database, StorageError, open_database
from bot.storage.leases import LeaseStore
from bot.storage.retention import Retention, purge
from bot.storage.stores import ChatRegistry, PreferenceStore, QuestionLog
from tests.conftest import FakeClock

DAY = dt.date(2025, 3, 2)


async def test_storage_is_at_the_latest_schema_version(db: Database) -> None:
    assert await db.schema_version() == schema.LATEST


async def test_storage_preferences_are_kept_per_user(db: Database) -> None:
    prefs = PreferenceStore(db)
    assert await prefs.language(7) is None
    await prefs.set_language(7, "kk")
    await prefs.set_language(7, "ru")
    await prefs.set_language(2**40, "en")  # user ids above 2^32 exist
    assert (await prefs.language(7), await prefs.language(2**40)) == ("ru", "en")


async def test_storage_chat_visits_are_kept_to_the_month(db: Database, clock: FakeClock) -> None:
    chats = ChatRegistry(db)
    await chats.seen(42, "private", None)
    await chats.seen(-100123, "supergroup", "Friends")
    clock.now += dt.timedelta(days=40)
    await chats.seen(42, "private", None)
    rows = await db.fetch("SELECT chat_id, first_seen, last_seen FROM chats ORDER BY chat_id")
    assert [tuple(row.values()) for row in rows] == [
        (-100123, "2025-03-01", "2025-03-01"),
        (42, "2025-03-01", "2025-04-01"),
    ]
    assert await chats.counts_by_type() == {"private": 1, "supergroup": 1}


async def test_storage_question_log_keeps_days_counts_and_masked_text(
    db: Database, clock: FakeClock
) -> None:
    log = QuestionLog(db)
    await log.record("when did kazakhstan join", "en", "answer", None, 0.9)
    await log.record("when did kazakhstan join", "en", "answer", None, 0.9)
    await log.record("write to me: ali@mail.kz or +7 701 123 45 67", "en", "decline", None, 0.1)
    assert await log.outcomes_since(clock.now) == {"answer": 2, "decline": 1}
    [row] = await log.unanswered_since(None)
    assert row["asked_at"] == "2025-03-02"  # the day, in the bot's zone: no time to join on
    assert row["text"] == "write to me: [email] or [phone]"
    counts = await db.fetch("SELECT day, lang, status, n FROM question_counts ORDER BY status")
    assert [tuple(r.values()) for r in counts] == [
        ("2025-03-02", "en", "answer", 2),
        ("2025-03-02", "en", "decline", 1),
    ]


async def test_storage_purge_forgets_old_rows_and_keeps_recent_ones(
    db: Database, clock: FakeClock
) -> None:
    questions, chats, deliveries = QuestionLog(db), ChatRegistry(db), DeliveryLog(db)
    start = clock.now
    for days in (0, 100, 500):
        clock.now = start + dt.timedelta(days=days)
        await questions.record(f"question {days}", "en", "decline", None, 0.1)
        await chats.seen(1000 + days, "private", None)
        day = clock.now.date()
        await deliveries.claim(day, 1000 + days)
        await deliveries.record(day, 1000 + days, 0, SENT, message_id=1)
    removed = await purge(db, clock.now, Retention())
    assert removed == {
        "unanswered": 2,
        "question_counts": 1,
        "deliveries": 2,
        "chats": 1,
        "leases": 0,
    }
    assert [r["text"] for r in await questions.unanswered_since(None)] == ["question 500"]
    assert await chats.counts_by_type() == {"private": 2}
    assert await purge(db, clock.now) == dict.fromkeys(removed, 0)


async def test_storage_purge_deletes_in_batches(db: Database, clock: FakeClock) -> None:
    rows = [("2024-01-01", chat, 0, SENT, 1, db.now()) for chat in range(12_000)]
    columns = ("day", "chat_id", "thread_id", "status", "attempts", "updated_at")
    assert await db.copy_rows("deliveries", columns, rows) == 12_000
    removed = await purge(db, clock.now)
    assert removed["deliveries"] == 12_000
    assert await db.fetch("SELECT COUNT(*) AS n FROM deliveries") == [{"n": 0}]


async def test_storage_due_pages_walk_every_subscriber_once(
    store: SubscriptionStore, clock: FakeClock
) -> None:
    for chat in [-1001, -5, 3, 4, 7, 2**40]:
        await store.subscribe(chat, "private" if chat > 0 else "supergroup", "en")
    await store.subscribe(-1001, "supergroup", "en", thread_id=9)
    pages = [page async for page in store.due(clock.now, page=2)]
    assert [len(page) for page in pages] == [2, 2, 2, 1]
    keys = [(d.subscription.chat_id, d.subscription.thread_id) for p in pages for d in p]
    assert keys == [(-1001, 0), (-1001, 9), (-5, 0), (3, 0), (4, 0), (7, 0), (2**40, 0)]


async def test_storage_due_skips_rows_settled_between_pages(
    store: SubscriptionStore, log: DeliveryLog, clock: FakeClock
) -> None:
    """A page is read after the previous one was delivered: the walk never goes back."""
    for chat in range(1, 7):
        await store.subscribe(chat, "private", "en")
    seen = []
    async for page in store.due(clock.now, page=2):
        for due in page:
            seen.append(due.subscription.chat_id)
            await log.claim(due.day, due.subscription.chat_id)
            await log.claim(due.day, due.subscription.chat_id + 1)  # settled before its page
    assert seen == [1, 2, 4, 5]  # 3 and 6 were settled before their page was read


async def test_storage_copy_rows_is_safe_to_repeat(db: Database) -> None:
    columns = ("user_id", "lang", "updated_at")
    rows = [(1, "en", "2025-03-02"), (2, "kk", "2025-03-02")]
    assert await db.copy_rows("user_prefs", columns, rows) == 2
    assert await db.copy_rows("user_prefs", columns, [*rows, (3, "ru", "2025-03-02")]) == 1


async def test_storage_unanswered_ids_continue_after_a_copy(db: Database) -> None:
    columns = ("id", "asked_at", "text", "lang", "status")
    await db.copy_rows("unanswered", columns, [(40, "2025-03-01", "copied", "en", "decline")])
    await QuestionLog(db).record("new", "en", "decline", None, 0.0)
    rows = await db.fetch("SELECT id, text FROM unanswered ORDER BY id")
    assert [(r["id"], r["text"]) for r in rows] == [(40, "copied"), (41, "new")]


async def test_storage_write_is_all_or_nothing(db: Database) -> None:
    good = ("INSERT INTO user_prefs (user_id, lang, updated_at) VALUES (?, ?, ?)", (1, "en", "x"))
    bad = ("INSERT INTO user_prefs (user_id, lang, updated_at) VALUES (?, ?, ?)", (2, "xx", "x"))
    with pytest.raises(StorageError):
        await db.write([good, bad])  # 'xx' breaks the language CHECK
    assert await db.fetch("SELECT * FROM user_prefs") == []
    assert db.health.trouble() is not None


def test_storage_url_must_name_a_known_engine(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="postgresql://"):
        open_database("mysql://localhost/bot", tmp_path / "unused.sqlite3")


async def test_storage_lease_has_one_holder_until_it_expires(
    db: Database, clock: FakeClock
) -> None:
    leases, minute = LeaseStore(db), dt.timedelta(minutes=1)
    assert await leases.acquire("polling", "replica-a", minute)
    assert not await leases.acquire("polling", "replica-b", minute)
    assert await leases.acquire("polling", "replica-a", minute)  # renewed by its holder
    assert await leases.holder("polling") == "replica-a"
    clock.now += dt.timedelta(seconds=61)  # replica-a died: its lease ran out
    assert await leases.holder("polling") is None
    assert await leases.acquire("polling", "replica-b", minute)
    await leases.release("polling", "replica-a")  # not its lease any more: nothing happens
    assert await leases.holder("polling") == "replica-b"
    await leases.release("polling", "replica-b")
    assert await leases.acquire("polling", "replica-c", minute)
    assert await purge(db, clock.now + dt.timedelta(minutes=2)) == {
        "unanswered": 0,
        "question_counts": 0,
        "deliveries": 0,
        "chats": 0,
        "leases": 1,
    }


async def test_storage_active_subscriptions_come_in_pages(store: SubscriptionStore) -> None:
    for chat in (-7, 1, 2, 3, 4):
        await store.subscribe(chat, "private" if chat > 0 else "group", "en")
    await store.deactivate(2, "blocked")
    pages = [[s.chat_id for s in page] async for page in store.pages(page=2)]
    assert pages == [[-7, 1], [3, 4]]
