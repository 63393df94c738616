"""How long the bot keeps what it stores, and the purge that enforces it.

The purge runs as a job every few hours (`purge_old_state` in the Telegram layer), never as a
side effect of storing something: a bot that gets no questions still forgets on time. It deletes
in batches of a few thousand rows, each its own short transaction, so a day of a million
deliveries never holds the write lock for long. README "Privacy" lists the same periods.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.storage.database import Database
from bot.storage.privacy import month_of
from bot.storage.schema import TABLES

BATCH = 5_000


@dataclass(frozen=True)
class Retention:
    """Days each kind of row is kept after its own date."""

    unanswered: int = 90  # unanswered question texts: long enough to decide what to add
    question_counts: int = 400  # outcome counts per day: a year of /stats and trends
    deliveries: int = 35  # the delivery log: today's "once" plus a month of failure history
    chats: int = 400  # chats not seen for this long are forgotten (seen-month granularity)


# Which column dates each table's rows, and how a cutoff day is written in it.
_DATED = {
    "unanswered": "asked_at",
    "question_counts": "day",
    "deliveries": "day",
    "chats": "last_seen",
}


async def purge(db: Database, now: dt.datetime, keep: Retention = Retention()) -> dict[str, int]:
    """Delete every row older than its retention period; how many went, per table."""
    removed: dict[str, int] = {}
    for table, column in _DATED.items():
        cutoff = (now - dt.timedelta(days=getattr(keep, table))).date().isoformat()
        if table == "chats":
            cutoff = month_of(cutoff)
        removed[table] = await _delete_before(db, table, column, cutoff)
    moment = now.astimezone(dt.UTC).isoformat(timespec="milliseconds")  # as leases write it
    removed["leases"] = await db.execute("DELETE FROM leases WHERE expires_at < ?", (moment,))
    return removed


async def _delete_before(db: Database, table: str, column: str, cutoff: str) -> int:
    key = ", ".join(TABLES[table])
    sql = (
        f"DELETE FROM {table} WHERE ({key}) IN "
        f"(SELECT {key} FROM {table} WHERE {column} < ? LIMIT {BATCH})"
    )
    total = 0
    while (deleted := await db.execute(sql, (cutoff,))) > 0:
        total += deleted
        if deleted < BATCH:
            break
    return total
