"""The bot's state in one SQLite file: schema, migrations, and the small stores built on it.

SQLite in WAL mode with one short transaction per change survives `kill -9` at any moment: a
change is either committed whole or not at all. Chat ids are INTEGER (64-bit), as Telegram needs.
Subscriptions and the delivery log have their own modules; this one holds what every part shares.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


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


class PreferenceStore:
    """The reply language each user chose with /lang."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def language(self, user_id: int) -> str | None:
        rows = self.db.query("SELECT lang FROM user_prefs WHERE user_id = ?", (user_id,))
        return str(rows[0]["lang"]) if rows else None

    def set_language(self, user_id: int, lang: str) -> None:
        with self.db.transaction() as tx:
            tx.execute(
                "INSERT INTO user_prefs (user_id, lang, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang, "
                "updated_at = excluded.updated_at",
                (user_id, lang, self.db.now()),
            )


class ChatRegistry:
    """Chats the bot has seen, for /stats; also where a migrated group's id is updated."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def seen(self, chat_id: int, chat_type: str, title: str | None) -> None:
        now = self.db.now()
        with self.db.transaction() as tx:
            tx.execute(
                "INSERT INTO chats (chat_id, type, title, first_seen, last_seen) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET "
                "type = excluded.type, title = excluded.title, last_seen = excluded.last_seen",
                (chat_id, chat_type, title, now, now),
            )

    def counts_by_type(self) -> dict[str, int]:
        rows = self.db.query("SELECT type, COUNT(*) AS n FROM chats GROUP BY type")
        return {str(row["type"]): int(row["n"]) for row in rows}


class QuestionLog:
    """Outcomes of questions for /stats, and the text of unanswered ones, without user identity.

    Unanswered texts are kept for `retention` only: they are user words, needed just long enough
    to decide what knowledge to add.
    """

    def __init__(self, db: Database, retention: dt.timedelta = dt.timedelta(days=90)) -> None:
        self.db = db
        self.retention = retention

    def record(
        self, text: str, lang: str, status: str, candidate: str | None, score: float
    ) -> None:
        now = self.db.now()
        cutoff = (
            (self.db.clock() - self.retention).astimezone(dt.UTC).isoformat(timespec="seconds")
        )
        with self.db.transaction() as tx:
            tx.execute(
                "INSERT INTO question_stats (asked_at, lang, status) VALUES (?, ?, ?)",
                (now, lang, status),
            )
            if status != "answer":
                tx.execute(
                    "INSERT INTO unanswered (asked_at, text, lang, status, candidate, score) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (now, text[:500], lang, status, candidate, round(score, 3)),
                )
            tx.execute("DELETE FROM unanswered WHERE asked_at < ?", (cutoff,))

    def outcomes_since(self, since: dt.datetime) -> dict[str, int]:
        rows = self.db.query(
            "SELECT status, COUNT(*) AS n FROM question_stats WHERE asked_at >= ? GROUP BY status",
            (since.astimezone(dt.UTC).isoformat(timespec="seconds"),),
        )
        return {str(row["status"]): int(row["n"]) for row in rows}

    def unanswered_since(self, since: dt.datetime | None) -> list[sqlite3.Row]:
        start = since.astimezone(dt.UTC).isoformat(timespec="seconds") if since else ""
        return self.db.query(
            "SELECT asked_at, text, lang, status, candidate, score FROM unanswered "
            "WHERE asked_at >= ? ORDER BY asked_at",
            (start,),
        )
