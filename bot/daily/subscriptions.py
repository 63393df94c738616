"""Chats subscribed to the daily post and their local time of day.

A subscription is one chat, or one topic of a forum (`thread_id`, 0 for the whole chat). It is
never lost when delivery fails: a blocked bot, a kick or a missing right makes it *inactive* with
the reason, and an admin adding the bot back can resume it with its old settings. Only
/unsubscribe deletes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass

from bot.clock import DEFAULT_ZONE, hhmm, local_now
from bot.daily.deliveries import RETRY, next_try
from bot.lang import Lang
from bot.storage.database import INTERACTIVE_WAIT, Database, Row, Statement

# Due subscriptions are read this many at a time: memory stays bounded at a million subscribers,
# and no single query holds a connection for long.
PAGE = 500


@dataclass(frozen=True)
class Subscription:
    chat_id: int
    thread_id: int
    chat_type: str
    lang: Lang
    time_of_day: dt.time
    timezone: str
    active: bool
    inactive_reason: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class Due:
    """A subscription whose post for its local `day` should go out now."""

    subscription: Subscription
    day: dt.date


class SubscriptionStore:
    """Subscriptions in the `subscriptions` table; each change is one transaction."""

    def __init__(
        self,
        db: Database,
        default_time: dt.time = dt.time(9, 0),
        default_zone: str = DEFAULT_ZONE,
    ) -> None:
        self.db = db
        self.default_time = default_time
        self.default_zone = default_zone

    async def get(self, chat_id: int, thread_id: int = 0) -> Subscription | None:
        rows = await self.db.fetch(
            "SELECT * FROM subscriptions WHERE chat_id = ? AND thread_id = ?",
            (chat_id, thread_id),
            wait=INTERACTIVE_WAIT,
        )
        return _subscription(rows[0]) if rows else None

    async def all(self, active: bool | None = None) -> list[Subscription]:
        """All subscriptions, or only the active or inactive ones, in a stable order (for
        /stats-sized lists and tests; a pass over every subscriber uses `pages`)."""
        where = "" if active is None else f"WHERE active = {int(active)}"
        rows = await self.db.fetch(
            f"SELECT * FROM subscriptions {where} ORDER BY chat_id, thread_id",
            wait=INTERACTIVE_WAIT,
        )
        return [_subscription(row) for row in rows]

    async def pages(self, *, page: int = PAGE) -> AsyncIterator[list[Subscription]]:
        """Every active subscription in key order, `page` at a time (keyset pagination)."""
        async for rows in self._keyset(
            "SELECT s.* FROM subscriptions s WHERE s.active = 1", (), page
        ):
            yield [_subscription(row) for row in rows]

    async def unsent(
        self, day: dt.date, bucket: int, buckets: int, *, page: int = PAGE
    ) -> AsyncIterator[list[Due]]:
        """Active subscriptions of one bucket (chat id modulo `buckets`) whose post for `day` is
        not yet claimed or settled, `page` at a time: the share of a `kzun-bot broadcast` in
        several processes (`bot.replicas.split`). Each page is read after the previous one
        was sent, so posts another process claimed meanwhile are not met again."""
        select = (
            "SELECT s.* FROM subscriptions s LEFT JOIN deliveries d ON d.day = ? "
            "AND d.chat_id = s.chat_id AND d.thread_id = s.thread_id "
            "WHERE s.active = 1 AND abs(s.chat_id) % ? = ? AND (d.status IS NULL OR d.status = ?)"
        )
        async for rows in self._keyset(select, (day.isoformat(), buckets, bucket, RETRY), page):
            yield [Due(_subscription(row), day) for row in rows]

    async def for_chat(self, chat_id: int) -> list[Subscription]:
        rows = await self.db.fetch(
            "SELECT * FROM subscriptions WHERE chat_id = ? ORDER BY thread_id",
            (chat_id,),
            wait=INTERACTIVE_WAIT,
        )
        return [_subscription(row) for row in rows]

    async def subscribe(
        self,
        chat_id: int,
        chat_type: str,
        lang: Lang,
        *,
        thread_id: int = 0,
        time_of_day: dt.time | None = None,
    ) -> Subscription:
        """Create or re-enable a subscription; without a time it keeps the one it had."""
        now = self.db.now()
        await self.db.execute(
            "INSERT INTO subscriptions (chat_id, thread_id, chat_type, lang, time_of_day, "
            "timezone, active, inactive_reason, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, 1, NULL, ?, ?) "
            "ON CONFLICT (chat_id, thread_id) DO UPDATE SET chat_type = excluded.chat_type, "
            "lang = excluded.lang, time_of_day = COALESCE(?, subscriptions.time_of_day), "
            "active = 1, inactive_reason = NULL, updated_at = excluded.updated_at",
            (
                chat_id,
                thread_id,
                chat_type,
                lang,
                hhmm(time_of_day or self.default_time),
                self.default_zone,
                now,
                now,
                hhmm(time_of_day) if time_of_day else None,
            ),
            wait=INTERACTIVE_WAIT,
        )
        found = await self.get(chat_id, thread_id)
        if found is None:  # written just above: only a concurrent /unsubscribe removes it
            raise LookupError(f"subscription {chat_id}/{thread_id} vanished while written")
        return found

    async def unsubscribe(self, chat_id: int, thread_id: int = 0) -> bool:
        """Forget the subscription; False when there was none."""
        deleted = await self.db.execute(
            "DELETE FROM subscriptions WHERE chat_id = ? AND thread_id = ?",
            (chat_id, thread_id),
            wait=INTERACTIVE_WAIT,
        )
        return deleted > 0

    async def deactivate(self, chat_id: int, reason: str, thread_id: int | None = None) -> int:
        """Stop posting to the chat (or one topic of it) and say why; returns how many stopped."""
        topic = "" if thread_id is None else " AND thread_id = ?"
        params = (reason, self.db.now(), chat_id) + (() if thread_id is None else (thread_id,))
        return await self.db.execute(
            "UPDATE subscriptions SET active = 0, inactive_reason = ?, updated_at = ? "
            f"WHERE chat_id = ? AND active = 1{topic}",
            params,
            wait=INTERACTIVE_WAIT,
        )

    async def activate(self, chat_id: int) -> list[Subscription]:
        """Resume every stopped subscription of the chat with its old settings."""
        await self.db.execute(
            "UPDATE subscriptions SET active = 1, inactive_reason = NULL, updated_at = ? "
            "WHERE chat_id = ? AND active = 0",
            (self.db.now(), chat_id),
            wait=INTERACTIVE_WAIT,
        )
        return [s for s in await self.for_chat(chat_id) if s.active]

    async def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group became a supergroup: move its subscriptions, delivery log and known-chat row
        (for /stats) in one step.

        Moving the log keeps "once per chat and day" across the upgrade. Rows the new id already
        has win (it was subscribed or served on its own), so nothing is sent there twice.
        """
        statements: list[Statement] = []
        for table, rest in _KEYS.items():
            same = "".join(f" AND o.{column} = {table}.{column}" for column in rest)
            statements += [
                (
                    f"UPDATE {table} SET chat_id = ? WHERE chat_id = ? AND NOT EXISTS "
                    f"(SELECT 1 FROM {table} o WHERE o.chat_id = ?{same})",
                    (new_chat_id, old_chat_id, new_chat_id),
                ),
                (f"DELETE FROM {table} WHERE chat_id = ?", (old_chat_id,)),
            ]
        statements += [
            (
                "UPDATE subscriptions SET chat_type = 'supergroup', updated_at = ? "
                "WHERE chat_id = ? AND chat_type = 'group'",
                (self.db.now(), new_chat_id),
            ),
            (
                "UPDATE chats SET type = 'supergroup' WHERE chat_id = ? AND type = 'group'",
                (new_chat_id,),
            ),
        ]
        await self.db.write(statements)

    async def due(self, now: dt.datetime, *, page: int = PAGE) -> AsyncIterator[list[Due]]:
        """Active subscriptions whose local time has come today and whose post is not settled,
        `page` at a time.

        Each page is one indexed query that starts after the last key of the previous one, so
        memory stays bounded and a post settled meanwhile is simply not met again. A post
        missed while the bot was down is still due later the same local day (start-up
        catch-up); after local midnight the day has passed and it is not sent.
        """
        for zone_name in await self._zones():
            local = local_now(now, zone_name)
            day = local.date()
            select = (
                "SELECT s.*, d.status AS delivery_status, d.attempts AS delivery_attempts, "
                "d.updated_at AS delivery_updated_at FROM subscriptions s "
                "LEFT JOIN deliveries d ON d.day = ? AND d.chat_id = s.chat_id "
                "AND d.thread_id = s.thread_id "
                "WHERE s.active = 1 AND s.timezone = ? AND s.time_of_day <= ? "
                "AND (d.status IS NULL OR d.status = ?)"
            )
            params = (day.isoformat(), zone_name, local.strftime("%H:%M"), RETRY)
            async for rows in self._keyset(select, params, page):
                found = [Due(_subscription(row), day) for row in rows if _ready(row, now)]
                if found:
                    yield found

    async def _keyset(
        self, select: str, params: tuple[object, ...], page: int
    ) -> AsyncIterator[list[Row]]:
        """The rows of `select` (a query on `subscriptions s` ending in its WHERE conditions)
        in key order, `page` at a time: each page starts after the last key of the one before
        (keyset pagination), so memory stays bounded and every page is one indexed query."""
        after: tuple[int, int] = (_BEFORE_ALL, 0)
        while rows := await self.db.fetch(
            f"{select} AND (s.chat_id, s.thread_id) > (?, ?) "
            "ORDER BY s.chat_id, s.thread_id LIMIT ?",
            (*params, *after, page),
            wait=INTERACTIVE_WAIT,
        ):
            after = (int(rows[-1]["chat_id"]), int(rows[-1]["thread_id"]))
            yield rows

    async def counts(self) -> dict[str, int]:
        rows = await self.db.fetch(
            "SELECT active, COUNT(*) AS n FROM subscriptions GROUP BY active",
            wait=INTERACTIVE_WAIT,
        )
        named = {"active": 0, "inactive": 0}
        for row in rows:
            named["active" if row["active"] else "inactive"] = int(row["n"])
        return named

    async def _zones(self) -> list[str]:
        rows = await self.db.fetch(
            "SELECT DISTINCT timezone FROM subscriptions WHERE active = 1", wait=INTERACTIVE_WAIT
        )
        return sorted(str(row["timezone"]) for row in rows)


# Telegram ids are signed 64-bit; channels and supergroups are negative.
_BEFORE_ALL = -(2**63)
# Per table, the key columns besides chat_id: what makes two rows "the same" for a move.
_KEYS: dict[str, tuple[str, ...]] = {
    "subscriptions": ("thread_id",),
    "deliveries": ("day", "thread_id"),
    "chats": (),
}


def _ready(row: Row, now: dt.datetime) -> bool:
    """Not yet tried today, or tried, failed for now, and its backoff is over."""
    if row["delivery_status"] != RETRY:
        return True
    changed = dt.datetime.fromisoformat(str(row["delivery_updated_at"]))
    return next_try(int(row["delivery_attempts"]), changed) <= now


def _subscription(row: Row) -> Subscription:
    return Subscription(
        chat_id=int(row["chat_id"]),
        thread_id=int(row["thread_id"]),
        chat_type=str(row["chat_type"]),
        lang=row["lang"],
        time_of_day=dt.time.fromisoformat(str(row["time_of_day"])),
        timezone=str(row["timezone"]),
        active=bool(row["active"]),
        inactive_reason=row["inactive_reason"],
        created_at=dt.datetime.fromisoformat(str(row["created_at"])),
        updated_at=dt.datetime.fromisoformat(str(row["updated_at"])),
    )
