"""What replicas share through PostgreSQL: seen updates, the webhook, the send budget, reloads.

- **Each update once.** Telegram re-sends an update its webhook did not acknowledge in time, a
  balancer may retry a request on another replica, and a new polling leader is handed again
  whatever the old one fetched but never confirmed. The first replica to insert an update's id
  into `seen_updates` handles it; the others drop it. Rows are kept a day and an hour, longer than
  Telegram keeps an undelivered update (24 h), then purged.
- **One webhook registration.** Under a transaction-level advisory lock, the first replica that
  finds no registration for this URL and secret calls setWebhook and records it (as a digest);
  the others see the record and leave Telegram alone, so replicas never undo each other.
- **One send budget.** Telegram limits the bot, not a process: replies and daily posts of
  every replica draw from one budget row (`SharedBudget`).
- **Reloads reach every replica.** `/reload` on one replica bumps a version row and NOTIFYs;
  every replica LISTENs and reloads, and one that was disconnected compares the version when it
  reconnects, so a notification missed while away still arrives.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg

from bot.daily.pacing import BURST, RESERVE, Budget, FloodControl, overall_rate
from bot.replicas.budget import SharedBudget
from bot.replicas.session import CONNECTION_ERRORS, keep_session, wait_or_stop
from bot.storage.postgres import row_count

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS seen_updates (
    update_id  BIGINT PRIMARY KEY,
    seen_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS seen_updates_seen_at ON seen_updates (seen_at);
CREATE TABLE IF NOT EXISTS webhook_registration (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    digest         TEXT NOT NULL,
    registered_by  TEXT NOT NULL,
    registered_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS send_budget (
    name          TEXT PRIMARY KEY,
    tokens        DOUBLE PRECISION NOT NULL,
    filled_at     DOUBLE PRECISION NOT NULL,
    next_post     DOUBLE PRECISION NOT NULL DEFAULT 0,
    paused_until  DOUBLE PRECISION NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS knowledge_version (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    version  BIGINT NOT NULL
);
INSERT INTO knowledge_version (id, version) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;
"""
SCHEMA_LOCK = "SELECT pg_advisory_xact_lock(1263, hashtext('schema'))"  # one creator at a time
WEBHOOK_LOCK = "SELECT pg_advisory_xact_lock(1263, hashtext('webhook'))"
SEEN_FOR = "25 hours"
RELOAD_CHANNEL = "kzun_reload"
LISTEN_RETRY = 2.0  # seconds before a lost listener session is reopened

Reload = Callable[[str], Awaitable[object]]


def replica_name() -> str:
    """This process as other replicas and the logs name it: host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


class Coordinator:
    """The shared state of the replicas of one bot, on a small connection pool."""

    def __init__(self, url: str, pool: asyncpg.Pool) -> None:
        self.url = url
        self.pool = pool
        self.name = replica_name()
        self.duplicates = 0  # updates dropped because another replica (or copy) had them
        self._version = 0

    @classmethod
    async def connect(cls, url: str, size: int = 4) -> Coordinator:
        """A pool on `url`, with the coordination tables in place."""
        pool = await asyncpg.create_pool(url, min_size=1, max_size=size)
        async with pool.acquire() as connection, connection.transaction():
            await connection.execute(SCHEMA_LOCK)
            await connection.execute(SCHEMA)
        coordinator = cls(url, pool)
        coordinator._version = await coordinator._current_version()
        return coordinator

    async def close(self) -> None:
        await self.pool.close()

    # --- each update once ------------------------------------------------------------------

    async def first_sight(self, update_id: int) -> bool:
        """True for the one replica (and the one copy) that should handle this update.

        When the database cannot be reached the update is handled anyway: a reply that might
        be doubled is better than a question that is never answered.
        """
        try:
            inserted = await self.pool.fetchval(
                "INSERT INTO seen_updates (update_id) VALUES ($1) "
                "ON CONFLICT (update_id) DO NOTHING RETURNING 1",
                update_id,
            )
        except CONNECTION_ERRORS as error:
            log.warning("update %s not checked against other replicas: %s", update_id, error)
            return True
        if inserted is None:
            self.duplicates += 1
            return False
        return True

    async def forget_old_updates(self) -> int:
        """Purge update ids older than Telegram could send again; how many went."""
        status = await self.pool.execute(
            f"DELETE FROM seen_updates WHERE seen_at < now() - interval '{SEEN_FOR}'"
        )
        return row_count(status)

    # --- one webhook registration ----------------------------------------------------------

    async def register_webhook_once(
        self, url: str, secret: str, register: Callable[[], Awaitable[object]]
    ) -> bool:
        """Call `register` (setWebhook) unless a replica already did for this URL and secret."""
        digest = hashlib.sha256(f"{url}\n{secret}".encode()).hexdigest()
        async with self.pool.acquire() as connection, connection.transaction():
            await connection.execute(WEBHOOK_LOCK)
            current = await connection.fetchval(
                "SELECT digest FROM webhook_registration WHERE id = 1"
            )
            if current == digest:
                return False
            await register()
            await connection.execute(
                "INSERT INTO webhook_registration (id, digest, registered_by) VALUES (1, $1, $2) "
                "ON CONFLICT (id) DO UPDATE SET digest = excluded.digest, "
                "registered_by = excluded.registered_by, registered_at = now()",
                digest,
                self.name,
            )
        return True

    # --- the send budget -------------------------------------------------------------------

    def budget(self, post_rate: float | None, fallback: Budget) -> SharedBudget:
        """Telegram's budget shared by every replica, as `FloodControl.local` shapes one
        process's: the overall rate (raised with a post rate above it), replies first, posts at
        `post_rate`; `fallback` paces this replica while the database is unreachable."""
        return SharedBudget(
            self.pool,
            overall_rate(post_rate),
            post_rate,
            burst=BURST,
            reserve=RESERVE,
            fallback=fallback,
        )

    def flood_control(self, post_rate: float | None) -> FloodControl:
        """A process's flood control on the shared budget (`kzun-bot broadcast`)."""
        local = FloodControl.local(post_rate)
        return FloodControl(self.budget(post_rate, local.budget), local.clock, local.sleep)

    # --- reloads on every replica ----------------------------------------------------------

    async def announce_reload(self) -> bool:
        """Tell every other replica to reload the knowledge (this one already did)."""
        try:
            async with self.pool.acquire() as connection, connection.transaction():
                self._version = await connection.fetchval(
                    "UPDATE knowledge_version SET version = version + 1 "
                    "WHERE id = 1 RETURNING version"
                )
                await connection.execute("SELECT pg_notify($1, $2)", RELOAD_CHANNEL, self.name)
        except CONNECTION_ERRORS as error:
            log.warning("the other replicas were not told to reload: %s", error)
            return False
        return True

    async def follow_reloads(self, stop: asyncio.Event, reload: Reload) -> None:
        """Until `stop`: call `reload(reason)` whenever another replica announces a reload."""
        wake = asyncio.Event()
        stop_waker = asyncio.get_running_loop().create_task(_relay(stop, wake))

        def notified(_c: Any, _pid: int, _channel: str, sender: object) -> None:
            if sender != self.name:
                wake.set()

        async def listen(connection: asyncpg.Connection) -> None:
            await connection.add_listener(RELOAD_CHANNEL, notified)
            while not stop.is_set():
                version = await connection.fetchval(
                    "SELECT version FROM knowledge_version WHERE id = 1"
                )
                if version != self._version:  # announced while we were away, or just now
                    self._version = version
                    await reload("another replica asked")
                wake.clear()
                # Woken by a notification, or every 30 s to check that the session is alive.
                await wait_or_stop(wake, 30.0)

        try:
            await keep_session(self.url, stop, listen, retry=LISTEN_RETRY, what="reload listener")
        finally:
            stop_waker.cancel()

    async def _current_version(self) -> int:
        return int(await self.pool.fetchval("SELECT version FROM knowledge_version WHERE id = 1"))


async def _relay(stop: asyncio.Event, wake: asyncio.Event) -> None:
    """Wake the listener when the bot stops, so it does not sit out its 30 s wait."""
    await stop.wait()
    wake.set()
