"""Schema migrations: an old SQLite file upgrades in place, PostgreSQL replicas migrate once."""

from __future__ import annotations

import asyncio
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from bot.daily.subscriptions import SubscriptionStore
from bot.storage import schema
from bot.storage.database import StorageError
from bot.storage.postgres import PostgresDatabase
from bot.storage.sqlite import SQLiteDatabase
from bot.storage.stores import QuestionLog
from tests.conftest import FakeClock


def version_one_file(path: Path) -> None:
    """A state file as the first release wrote it: times to the second, texts unmasked."""
    connection = sqlite3.connect(path)
    connection.executescript(schema.SQLITE[0])
    connection.executescript(
        """
        INSERT INTO chats VALUES (42, 'private', NULL,
            '2025-02-11T08:15:02+00:00', '2025-03-01T07:59:41+00:00');
        INSERT INTO user_prefs VALUES (42, 'kk', '2025-02-11T08:15:09+00:00');
        INSERT INTO subscriptions (chat_id, thread_id, chat_type, lang, time_of_day, timezone,
            active, created_at, updated_at)
            VALUES (-1001, 0, 'supergroup', 'ru', '08:30', 'Asia/Almaty', 1,
            '2025-02-11T08:15:09+00:00', '2025-02-11T08:15:09+00:00');
        INSERT INTO deliveries VALUES ('2025-03-01', -1001, 0, 'sent', 7, NULL, 1,
            '2025-03-01T03:30:01+00:00');
        INSERT INTO question_stats VALUES ('2025-03-01T07:59:40+00:00', 'en', 'answer');
        INSERT INTO question_stats VALUES ('2025-03-01T08:00:12+00:00', 'en', 'answer');
        INSERT INTO question_stats VALUES ('2025-03-01T07:59:41+00:00', 'ru', 'decline');
        INSERT INTO unanswered (asked_at, text, lang, status, candidate, score)
            VALUES ('2025-03-01T07:59:41+00:00', 'позвоните 8 701 123 45 67', 'ru', 'decline',
            NULL, 0.1);
        PRAGMA user_version = 1;
        """
    )
    connection.close()


async def test_storage_migrations_upgrade_a_version_one_file_in_place(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "kzun-bot.sqlite3"
    version_one_file(path)
    db = SQLiteDatabase(path, clock)
    try:
        assert await db.schema_version() == schema.LATEST
        counts = await db.fetch("SELECT day, lang, status, n FROM question_counts ORDER BY lang")
        assert [tuple(r.values()) for r in counts] == [
            ("2025-03-01", "en", "answer", 2),
            ("2025-03-01", "ru", "decline", 1),
        ]
        [question] = await QuestionLog(db).unanswered_since(None)
        assert (question["asked_at"], question["text"]) == ("2025-03-01", "позвоните [phone]")
        [chat] = await db.fetch("SELECT first_seen, last_seen FROM chats")
        assert tuple(chat.values()) == ("2025-02-01", "2025-03-01")
        store = SubscriptionStore(db)
        [kept] = await store.all()
        assert (kept.chat_id, kept.lang, kept.time_of_day) == (-1001, "ru", dt.time(8, 30))
        due = [d async for page in store.due(clock.now) for d in page]
        assert [d.subscription.chat_id for d in due] == [-1001]  # the index serves due()
        tables = await db.fetch("SELECT name FROM sqlite_master WHERE type = 'table'")
        assert "question_stats" not in {t["name"] for t in tables}
    finally:
        await db.close()
    reopened = SQLiteDatabase(path, clock)  # a second open finds nothing left to do
    assert await reopened.schema_version() == schema.LATEST
    await reopened.close()


def test_storage_migrations_refuse_a_file_from_a_newer_bot(tmp_path: Path) -> None:
    path = tmp_path / "kzun-bot.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {schema.LATEST + 1}")
    connection.close()
    with pytest.raises(StorageError, match="newer than this bot knows"):
        SQLiteDatabase(path)


def test_storage_migrations_keep_both_engines_in_step() -> None:
    assert len(schema.SQLITE) == len(schema.POSTGRESQL) == schema.LATEST
    assert schema.SQLITE[1:] == schema.POSTGRESQL[1:]  # only version 1's column types differ


async def test_storage_migrations_run_once_when_replicas_start_together(pg_url: str) -> None:
    replicas = [PostgresDatabase(pg_url) for _ in range(4)]
    await asyncio.gather(*(replica.open() for replica in replicas))
    rows = await replicas[0].fetch("SELECT version FROM schema_version ORDER BY version")
    assert [row["version"] for row in rows] == list(range(1, schema.LATEST + 1))
    for replica in replicas:
        await replica.close()
