"""The bot's state in one SQLite file: schema, migrations, and the small stores built on it.

SQLite in WAL mode with one short transaction per change survives `kill -9` at any moment: a
change is either committed whole or not at all. Chat ids are INTEGER (64-bit), as Telegram needs.
Subscriptions and the delivery log have their own modules; this one holds what every part shares.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bot.clock import Clock, utc_now

# Each entry upgrades the schema by one version; PRAGMA user_version records how far a file is.
# Append new migrations, never edit a released one: existing databases have already run it.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE chats (
        chat_id     INTEGER PRIMARY KEY,
        type        TEXT NOT NULL,
        title       TEXT,
        first_seen  TEXT NOT NULL,
        last_seen   TEXT NOT NULL
    );
    CREATE TABLE user_prefs (
        user_id     INTEGER PRIMARY KEY,
        lang        TEXT NOT NULL CHECK (lang IN ('en', 'ru', 'kk')),
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE subscriptions (
        chat_id         INTEGER NOT NULL,
        thread_id       INTEGER NOT NULL DEFAULT 0,
        chat_type       TEXT NOT NULL,
        lang            TEXT NOT NULL CHECK (lang IN ('en', 'ru', 'kk')),
        time_of_day     TEXT NOT NULL DEFAULT '09:00',
        timezone        TEXT NOT NULL DEFAULT 'Asia/Almaty',
        active          INTEGER NOT NULL DEFAULT 1,
        inactive_reason TEXT,
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL,
        PRIMARY KEY (chat_id, thread_id)
    );
    CREATE TABLE deliveries (
        day         TEXT NOT NULL,
        chat_id     INTEGER NOT NULL,
        thread_id   INTEGER NOT NULL DEFAULT 0,
        status      TEXT NOT NULL,
        message_id  INTEGER,
        error       TEXT,
        attempts    INTEGER NOT NULL DEFAULT 0,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (day, chat_id, thread_id)
    );
    CREATE TABLE question_stats (
        asked_at    TEXT NOT NULL,
        lang        TEXT NOT NULL,
        status      TEXT NOT NULL
    );
    CREATE INDEX question_stats_asked_at ON question_stats (asked_at);
    CREATE TABLE unanswered (
        id          INTEGER PRIMARY KEY,
        asked_at    TEXT NOT NULL,
        text        TEXT NOT NULL,
        lang        TEXT NOT NULL,
        status      TEXT NOT NULL,
        candidate   TEXT,
        score       REAL
    );
    CREATE INDEX unanswered_asked_at ON unanswered (asked_at);
    """,
)


class StorageError(Exception):
    """The state file cannot be opened or is not a database of this bot."""


class Database:
    """One connection to the state file, migrated to the current schema on open."""

    def __init__(self, path: Path, clock: Clock = utc_now) -> None:
        self.path = path
        self.clock = clock
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, so transactions are explicit.
            self.connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self.connection.row_factory = sqlite3.Row
            self.connection.execute("PRAGMA journal_mode=WAL")
            self.connection.execute("PRAGMA synchronous=NORMAL")
            self.connection.execute("PRAGMA busy_timeout=5000")
            self._migrate()
        except sqlite3.DatabaseError as error:
            raise StorageError(f"{path}: {error}") from error

    @property
    def schema_version(self) -> int:
        return int(self.connection.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version
        if version > len(MIGRATIONS):
            raise StorageError(f"schema version {version} is newer than this bot knows")
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            with self.transaction():
                for statement in script.split(";"):
                    if statement.strip():
                        self.connection.execute(statement)
                self.connection.execute(f"PRAGMA user_version={number}")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error, so a change is all or nothing."""
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield self.connection
        except BaseException:
            self.connection.execute("ROLLBACK")
            raise
        self.connection.execute("COMMIT")

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        return self.connection.execute(sql, params).fetchall()

    def now(self) -> str:
        return self.clock().astimezone(dt.UTC).isoformat(timespec="seconds")

    def close(self) -> None:
        self.connection.close()
