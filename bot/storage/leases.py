"""Named leases: one holder at a time for work that several processes could each do.

A lease is a row (`name`, `holder`, `expires_at`) taken with one conditional upsert: it is
granted when nobody holds the name, when the lease has expired (its holder died or hung), or to
its own holder renewing it. The same statement works on SQLite and PostgreSQL, so "only one
replica polls", "one registers the webhook" or "one runs the purge" need no engine-specific
locking, and a holder that dies is replaced once its lease runs out. Expired rows are purged.
"""

from __future__ import annotations

import datetime as dt

from bot.storage.database import INTERACTIVE_WAIT, Database


class LeaseStore:
    """Leases in the `leases` table, timed by the database's clock."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def acquire(self, name: str, holder: str, ttl: dt.timedelta) -> bool:
        """Take or renew `name` for `ttl`; False while another holder's lease is running."""
        now = self.db.clock().astimezone(dt.UTC)
        expires = (now + ttl).isoformat(timespec="milliseconds")
        granted = await self.db.execute(
            "INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, "
            "expires_at = excluded.expires_at "
            "WHERE leases.holder = excluded.holder OR leases.expires_at < ?",
            (name, holder, expires, now.isoformat(timespec="milliseconds")),
            wait=INTERACTIVE_WAIT,
        )
        return granted == 1

    async def release(self, name: str, holder: str) -> None:
        """Give the lease up at once (a clean shutdown), if `holder` has it."""
        await self.db.execute(
            "DELETE FROM leases WHERE name = ? AND holder = ?",
            (name, holder),
            wait=INTERACTIVE_WAIT,
        )

    async def holder(self, name: str) -> str | None:
        """Who holds `name` now, or None when nobody does."""
        now = self.db.clock().astimezone(dt.UTC).isoformat(timespec="milliseconds")
        rows = await self.db.fetch(
            "SELECT holder FROM leases WHERE name = ? AND expires_at >= ?", (name, now)
        )
        return str(rows[0]["holder"]) if rows else None
