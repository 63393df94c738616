"""Chats subscribed to the daily post and their local time of day.

A subscription is one chat, or one topic of a forum (`thread_id`, 0 for the whole chat). It is
never lost when delivery fails: a blocked bot, a kick or a missing right makes it *inactive* with
the reason, and an admin adding the bot back can resume it with its old settings. Only
/unsubscribe deletes it.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from bot.clock import DEFAULT_ZONE, hhmm, local_now
from bot.daily.deliveries import RETRY, DeliveryLog
from bot.lang import Lang
from bot.storage.database import Database


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

    def get(self, chat_id: int, thread_id: int = 0) -> Subscription | None:
        rows = self.db.query(
            "SELECT * FROM subscriptions WHERE chat_id = ? AND thread_id = ?", (chat_id, thread_id)
        )
        return _subscription(rows[0]) if rows else None

    def all(self, active: bool | None = None) -> list[Subscription]:
        """All subscriptions, or only the active or inactive ones, in a stable order."""
        where = "" if active is None else f"WHERE active = {int(active)}"
        rows = self.db.query(f"SELECT * FROM subscriptions {where} ORDER BY chat_id, thread_id")
        return [_subscription(row) for row in rows]

    def for_chat(self, chat_id: int) -> list[Subscription]:
        rows = self.db.query(
            "SELECT * FROM subscriptions WHERE chat_id = ? ORDER BY thread_id", (chat_id,)
        )
        return [_subscription(row) for row in rows]

    def subscribe(
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
        with self.db.transaction() as tx:
            tx.execute(
                "INSERT INTO subscriptions (chat_id, thread_id, chat_type, lang, time_of_day, "
                "timezone, active, inactive_reason, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, 1, NULL, ?, ?) "
                "ON CONFLICT (chat_id, thread_id) DO UPDATE SET chat_type = excluded.chat_type, "
                "lang = excluded.lang, time_of_day = COALESCE(?, time_of_day), active = 1, "
                "inactive_reason = NULL, updated_at = excluded.updated_at",
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
            )
        found = self.get(chat_id, thread_id)
        assert found is not None  # written just above, in the same connection
        return found

    def unsubscribe(self, chat_id: int, thread_id: int = 0) -> bool:
        """Forget the subscription; False when there was none."""
        with self.db.transaction() as tx:
            cursor = tx.execute(
                "DELETE FROM subscriptions WHERE chat_id = ? AND thread_id = ?",
                (chat_id, thread_id),
            )
            return cursor.rowcount > 0

    def deactivate(self, chat_id: int, reason: str, thread_id: int | None = None) -> int:
        """Stop posting to the chat (or one topic of it) and say why; returns how many stopped."""
        topic = "" if thread_id is None else " AND thread_id = ?"
        params = (reason, self.db.now(), chat_id) + (() if thread_id is None else (thread_id,))
        with self.db.transaction() as tx:
            cursor = tx.execute(
                "UPDATE subscriptions SET active = 0, inactive_reason = ?, updated_at = ? "
                f"WHERE chat_id = ? AND active = 1{topic}",
                params,
            )
            return cursor.rowcount

    def activate(self, chat_id: int) -> list[Subscription]:
        """Resume every stopped subscription of the chat with its old settings."""
        with self.db.transaction() as tx:
            tx.execute(
                "UPDATE subscriptions SET active = 1, inactive_reason = NULL, updated_at = ? "
                "WHERE chat_id = ? AND active = 0",
                (self.db.now(), chat_id),
            )
        return [s for s in self.for_chat(chat_id) if s.active]

    def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """A group became a supergroup: move its subscriptions, delivery log and known-chat row
        (for /stats) in one step.

        Moving the log keeps "once per chat and day" across the upgrade. Rows the new id already
        has win (it was subscribed or served on its own), so nothing is sent there twice.
        """
        now = self.db.now()
        with self.db.transaction() as tx:
            for table in ("subscriptions", "deliveries", "chats"):
                tx.execute(
                    f"UPDATE OR IGNORE {table} SET chat_id = ? WHERE chat_id = ?",
                    (new_chat_id, old_chat_id),
                )
                tx.execute(f"DELETE FROM {table} WHERE chat_id = ?", (old_chat_id,))
            tx.execute(
                "UPDATE subscriptions SET chat_type = 'supergroup', updated_at = ? "
                "WHERE chat_id = ? AND chat_type = 'group'",
                (now, new_chat_id),
            )
            tx.execute(
                "UPDATE chats SET type = 'supergroup' WHERE chat_id = ? AND type = 'group'",
                (new_chat_id,),
            )

    def due(self, now: dt.datetime, deliveries: DeliveryLog) -> list[Due]:
        """Active subscriptions whose local time has come today and whose post is not settled.

        A post missed while the bot was down is still due later the same local day (start-up
        catch-up); after local midnight the day has passed and it is not sent.
        """
        found: list[Due] = []
        for zone_name in self._zones():
            local = local_now(now, zone_name)
            day = local.date()
            rows = self.db.query(
                "SELECT s.*, d.status AS delivery_status FROM subscriptions s "
                "LEFT JOIN deliveries d ON d.day = ? AND d.chat_id = s.chat_id "
                "AND d.thread_id = s.thread_id "
                "WHERE s.active = 1 AND s.timezone = ? AND s.time_of_day <= ? "
                "AND (d.status IS NULL OR d.status = ?) ORDER BY s.time_of_day, s.chat_id",
                (day.isoformat(), zone_name, local.strftime("%H:%M"), RETRY),
            )
            for row in rows:
                subscription = _subscription(row)
                if row["delivery_status"] == RETRY:
                    waiting = deliveries.get(day, subscription.chat_id, subscription.thread_id)
                    if waiting is not None and waiting.retry_at > now:
                        continue
                found.append(Due(subscription, day))
        return found

    def counts(self) -> dict[str, int]:
        rows = self.db.query("SELECT active, COUNT(*) AS n FROM subscriptions GROUP BY active")
        named = {"active": 0, "inactive": 0}
        for row in rows:
            named["active" if row["active"] else "inactive"] = int(row["n"])
        return named

    def _zones(self) -> list[str]:
        rows = self.db.query("SELECT DISTINCT timezone FROM subscriptions WHERE active = 1")
        return [str(row["timezone"]) for row in rows]


def _subscription(row: sqlite3.Row) -> Subscription:
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
