"""A lease held by one process of the bot at a time: who polls Telegram, for example.

The lease is a PostgreSQL session-level advisory lock on a connection of its own. Its holder
checks the session every `check` seconds and steps down the moment it breaks; when the holder
dies (even by SIGKILL) the server ends its session and frees the lock, and a standby that tries
every `retry` seconds takes over. No clocks, no expiry times to tune: the lock lives exactly as
long as the session.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import asyncpg

from bot.replicas.session import keep_session, wait_or_stop

log = logging.getLogger(__name__)

LOCK_SPACE = 1263  # first key of our advisory locks, so other users of the database never clash
RETRY, CHECK = 1.0, 1.0  # seconds: takeover within about RETRY after the holder's session ends
CHECK_TIMEOUT = 5.0  # a check unanswered this long means the session is gone

Transition = Callable[[], Awaitable[None]]


class Lease:
    """Run `on_gain` when this process gets the lease and `on_loss` when it loses it."""

    def __init__(
        self,
        url: str,
        name: str,
        on_gain: Transition,
        on_loss: Transition,
        *,
        retry: float = RETRY,
        check: float = CHECK,
    ) -> None:
        self.url = url
        self.name = name
        self.on_gain = on_gain
        self.on_loss = on_loss
        self.retry = retry
        self.check = check
        self.held = asyncio.Event()

    async def run(self, stop: asyncio.Event) -> None:
        """Compete for the lease until `stop`; the lease is given up on the way out."""
        await keep_session(
            self.url,
            stop,
            lambda connection: self._hold(connection, stop),
            retry=self.retry,
            what=f"lease {self.name}",
        )

    async def _hold(self, connection: asyncpg.Connection, stop: asyncio.Event) -> None:
        while not await connection.fetchval(
            "SELECT pg_try_advisory_lock($1, hashtext($2))", LOCK_SPACE, self.name
        ):
            if await wait_or_stop(stop, self.retry):
                return
        log.info("this replica now holds the %s lease", self.name)
        self.held.set()
        try:
            await self.on_gain()
            while not await wait_or_stop(stop, self.check):
                await asyncio.wait_for(connection.fetchval("SELECT 1"), CHECK_TIMEOUT)
        finally:
            self.held.clear()
            log.info("this replica gives up the %s lease", self.name)
            await self.on_loss()
