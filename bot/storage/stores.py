"""The small stores every part of the bot shares: preferences, known chats, the question log."""

from __future__ import annotations

import datetime as dt

from bot.clock import DEFAULT_ZONE, zone
from bot.storage.database import INTERACTIVE_WAIT, SHORT_WAIT, Database, Row, Statement
from bot.storage.privacy import mask, month_of

# Question texts longer than this are pasted text, not questions; the log keeps no more.
MAX_STORED_CHARS = 500
# Chats whose "seen this month" row is already written are not written again; bounded so a
# million chats cannot grow the memory of a long-running bot without end.
_SEEN_CACHE = 100_000


class PreferenceStore:
    """The reply language each user chose with /lang."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def language(self, user_id: int) -> str | None:
        rows = await self.db.fetch("SELECT lang FROM user_prefs WHERE user_id = ?", (user_id,))
        return str(rows[0]["lang"]) if rows else None

    async def set_language(self, user_id: int, lang: str) -> None:
        await self.db.execute(
            "INSERT INTO user_prefs (user_id, lang, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET lang = excluded.lang, "
            "updated_at = excluded.updated_at",
            (user_id, lang, self.db.now()[:10]),  # the day only: a user id with a time is a trace
            wait=INTERACTIVE_WAIT,
        )


class ChatRegistry:
    """Chats the bot has seen, for /stats; also where a migrated group's id is updated.

    Visits are kept to the month: a private chat's id is the user's id, and a finer time would
    let anyone holding the database join a user to the day's unanswered questions.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self._written: dict[int, tuple[str, str, str | None]] = {}

    async def seen(self, chat_id: int, chat_type: str, title: str | None) -> None:
        month = month_of(self.db.now())
        if self._written.get(chat_id) == (month, chat_type, title):
            return  # already noted this month: no write per message
        await self.db.execute(
            "INSERT INTO chats (chat_id, type, title, first_seen, last_seen) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET "
            "type = excluded.type, title = excluded.title, last_seen = excluded.last_seen",
            (chat_id, chat_type, title, month, month),
        )
        if len(self._written) >= _SEEN_CACHE:
            self._written.clear()
        self._written[chat_id] = (month, chat_type, title)

    async def counts_by_type(self) -> dict[str, int]:
        rows = await self.db.fetch("SELECT type, COUNT(*) AS n FROM chats GROUP BY type")
        return {str(row["type"]): int(row["n"]) for row in rows}


class QuestionLog:
    """Outcomes of questions for /stats, and the text of unanswered ones, without user identity.

    Outcomes are counts per day (in the bot's time zone, so /stats "today" is the audience's
    day); an unanswered text keeps that day, its language and best candidate, with contact
    details masked. The purge job (`bot.storage.retention`) removes old rows.
    """

    def __init__(self, db: Database, zone_name: str = DEFAULT_ZONE) -> None:
        self.db = db
        self.zone = zone(zone_name)

    def _day(self, moment: dt.datetime) -> str:
        """The calendar day of `moment` where the bot's audience lives, as stored."""
        return moment.astimezone(self.zone).date().isoformat()

    async def record(
        self, text: str, lang: str, status: str, candidate: str | None, score: float
    ) -> None:
        day = self._day(self.db.clock())
        statements: list[Statement] = [
            (
                "INSERT INTO question_counts (day, lang, status, n) VALUES (?, ?, ?, 1) "
                "ON CONFLICT (day, lang, status) DO UPDATE SET n = question_counts.n + 1",
                (day, lang, status),
            )
        ]
        if status != "answer":
            statements.append(
                (
                    "INSERT INTO unanswered (asked_at, text, lang, status, candidate, score) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (day, mask(text[:MAX_STORED_CHARS]), lang, status, candidate, round(score, 3)),
                )
            )
        await self.db.write(statements, wait=SHORT_WAIT)

    async def outcomes_since(self, since: dt.datetime) -> dict[str, int]:
        rows = await self.db.fetch(
            "SELECT status, SUM(n) AS n FROM question_counts WHERE day >= ? GROUP BY status",
            (self._day(since),),
        )
        return {str(row["status"]): int(row["n"]) for row in rows}

    async def unanswered_since(self, since: dt.datetime | None) -> list[Row]:
        start = self._day(since) if since else ""
        return await self.db.fetch(
            "SELECT asked_at, text, lang, status, candidate, score FROM unanswered "
            "WHERE asked_at >= ? ORDER BY asked_at, id",
            (start,),
        )
