"""The small stores every part of the bot shares: preferences, known chats, the question log."""

from __future__ import annotations

import datetime as dt
import sqlite3

from bot.storage.database import Database


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
