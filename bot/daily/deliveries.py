"""The delivery log: what happened to each chat's daily post, one row per (day, chat, topic).

Exactly once is impossible with `sendMessage`: it has no idempotency key (see
tdlib/telegram-bot-api#126). So the log chooses **at most once** and narrows the window where a
post can be lost to the one request whose answer never came:

1. Right before a request (after flood control let it go) the row is *claimed* (`sending`) in
   its own committed transaction. A claim succeeds only when there is no row yet or the row is
   `retry`, so two passes (a restart, a second process, the CLI next to the bot) can never both
   send to one chat on one day. A post that must wait (a 429, a backoff) is *released* back to
   `retry` meanwhile, so only requests in flight hold a claim.
2. Telegram's answer settles the row: `sent` (with the message id), `failed` (a permanent
   refusal: 403, 400), `retry` (the request certainly did not go through: 429 after the bounded
   retries, no connection) or `unknown` (a 5xx, a timeout or a dropped connection after the
   request was written: Telegram may have delivered it; see KZUN_DELIVERY in the sender).
3. A row left in `sending` by a process that died (kill -9 mid-request) is treated as `unknown`.

`unknown` is never resent: a duplicate in a subscriber's chat is worse than one missed daily post,
and such rows are counted in every summary so an operator sees them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final, Literal

from bot.storage.database import INTERACTIVE_WAIT, Database, Row

Status = Literal["sending", "sent", "failed", "retry", "unknown"]
SENDING: Final = "sending"
SENT: Final = "sent"
FAILED: Final = "failed"
RETRY: Final = "retry"
UNKNOWN: Final = "unknown"

# A row in `retry` waits this long (doubling with each attempt, capped) before the next pass
# tries it again, so a Telegram outage is not hammered once a minute by every subscriber.
RETRY_BASE = dt.timedelta(minutes=1)
RETRY_CAP = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class Delivery:
    day: str
    chat_id: int
    thread_id: int
    status: Status
    message_id: int | None
    error: str | None
    attempts: int
    updated_at: dt.datetime

    @property
    def retry_at(self) -> dt.datetime:
        """When a `retry` row may be tried again."""
        return next_try(self.attempts, self.updated_at)


def next_try(attempts: int, updated_at: dt.datetime) -> dt.datetime:
    """When a row in `retry` after `attempts` tries, last changed at `updated_at`, is due again."""
    delay: dt.timedelta = min(RETRY_BASE * 2 ** max(attempts - 1, 0), RETRY_CAP)
    return updated_at + delay


class DeliveryLog:
    """Claims and outcomes of daily posts, in the `deliveries` table."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def claim(self, day: dt.date, chat_id: int, thread_id: int = 0) -> bool:
        """Mark the post as being sent now; False when another attempt owns or settled it."""
        changed = await self.db.execute(
            "INSERT INTO deliveries (day, chat_id, thread_id, status, attempts, updated_at) "
            "VALUES (?, ?, ?, 'sending', 1, ?) "
            "ON CONFLICT (day, chat_id, thread_id) DO UPDATE SET status = 'sending', "
            "attempts = deliveries.attempts + 1, error = NULL, updated_at = excluded.updated_at "
            "WHERE deliveries.status = 'retry'",
            (day.isoformat(), chat_id, thread_id, self.db.now()),
            wait=INTERACTIVE_WAIT,
        )
        return changed == 1

    async def release(self, day: dt.date, chat_id: int, thread_id: int = 0) -> None:
        """Give a claim back while its post waits: `retry` again, and not counted as an attempt
        (the next claim counts it), so the retry backoff between passes is unchanged."""
        await self.db.execute(
            "UPDATE deliveries SET status = 'retry', attempts = attempts - 1, updated_at = ? "
            "WHERE day = ? AND chat_id = ? AND thread_id = ? AND status = 'sending'",
            (self.db.now(), day.isoformat(), chat_id, thread_id),
            wait=INTERACTIVE_WAIT,
        )

    async def record(
        self,
        day: dt.date,
        chat_id: int,
        thread_id: int,
        status: Status,
        *,
        message_id: int | None = None,
        error: str | None = None,
    ) -> None:
        """Settle a claimed row with Telegram's answer."""
        await self.db.execute(
            "UPDATE deliveries SET status = ?, message_id = ?, error = ?, updated_at = ? "
            "WHERE day = ? AND chat_id = ? AND thread_id = ?",
            (status, message_id, error, self.db.now(), day.isoformat(), chat_id, thread_id),
            wait=INTERACTIVE_WAIT,
        )

    async def get(self, day: dt.date, chat_id: int, thread_id: int = 0) -> Delivery | None:
        rows = await self.db.fetch(
            "SELECT * FROM deliveries WHERE day = ? AND chat_id = ? AND thread_id = ?",
            (day.isoformat(), chat_id, thread_id),
        )
        return _delivery(rows[0]) if rows else None

    async def on_day(self, day: dt.date) -> list[Delivery]:
        rows = await self.db.fetch(
            "SELECT * FROM deliveries WHERE day = ? ORDER BY chat_id, thread_id",
            (day.isoformat(),),
            wait=INTERACTIVE_WAIT,
        )
        return [_delivery(row) for row in rows]

    async def counts(self, day: dt.date) -> dict[str, int]:
        """How many rows of `day` are in each status; `sending` is reported as `unknown`."""
        rows = await self.db.fetch(
            "SELECT status, COUNT(*) AS n FROM deliveries WHERE day = ? GROUP BY status",
            (day.isoformat(),),
            wait=INTERACTIVE_WAIT,
        )
        counts: dict[str, int] = {}
        for row in rows:
            status = UNKNOWN if row["status"] == SENDING else str(row["status"])
            counts[status] = counts.get(status, 0) + int(row["n"])
        return counts

    async def failed_before(self, day: dt.date, chat_id: int, error_prefix: str) -> bool:
        """Whether an earlier day's post to `chat_id` failed with an error starting so."""
        rows = await self.db.fetch(
            "SELECT 1 AS found FROM deliveries WHERE chat_id = ? AND day < ? "
            "AND status = 'failed' AND error LIKE ? LIMIT 1",
            (chat_id, day.isoformat(), f"{error_prefix}%"),
            wait=INTERACTIVE_WAIT,
        )
        return bool(rows)


def _delivery(row: Row) -> Delivery:
    return Delivery(
        day=str(row["day"]),
        chat_id=int(row["chat_id"]),
        thread_id=int(row["thread_id"]),
        status=row["status"],
        message_id=row["message_id"],
        error=row["error"],
        attempts=int(row["attempts"]),
        updated_at=dt.datetime.fromisoformat(str(row["updated_at"])),
    )
