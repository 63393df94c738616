"""Telegram's send budget shared by every process of the bot, through one database row.

Telegram counts messages per bot, not per process: three replicas each pacing itself at 25/s
would send 75/s. So every send takes the next free slot of one shared schedule: a single
`UPDATE ... RETURNING` moves the row's `next_at` on by one interval and returns the slot it
took, atomically under the row lock, so slots never overlap whoever asks. A 429 moves
`paused_until`, which every process sees before its next send. Times are the database server's
(`clock_timestamp()`), so replicas on machines with skewed clocks still agree.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import asyncpg

Sleep = Callable[[float], Awaitable[None]]

# A slot used more than this after its time is given up for a new one. Sends then fall within
# LATE of their slots, so any one second holds at most rate * (1 + LATE) + 1 of them: within
# 10% of the rate from 20 messages a second up.
LATE = 0.04

# An idle budget is not saved up: a slot is never earlier than now, so no burst follows a pause.
_TAKE = """
UPDATE send_gate AS g SET next_at = GREATEST(g.next_at, n.now, g.paused_until) + $2
FROM (SELECT extract(epoch FROM clock_timestamp())::float8 AS now) AS n
WHERE g.name = $1
RETURNING g.next_at - $2 - n.now AS wait
"""
_PAUSED = """
SELECT paused_until - extract(epoch FROM clock_timestamp())::float8
FROM send_gate WHERE name = $1
"""
_PAUSE = """
UPDATE send_gate SET paused_until =
    GREATEST(paused_until, extract(epoch FROM clock_timestamp())::float8 + $2)
WHERE name = $1
"""
_CREATE = "INSERT INTO send_gate (name) VALUES ($1) ON CONFLICT (name) DO NOTHING"


class SharedGate:
    """`turn()` before each send, `pause(s)` on a 429: the same contract as the local pacer."""

    def __init__(
        self, pool: asyncpg.Pool, rate: float, name: str, sleep: Sleep = asyncio.sleep
    ) -> None:
        self.pool = pool
        self.interval = 1.0 / rate
        self.name = name
        self.sleep = sleep
        self._ready = False

    async def turn(self) -> None:
        """Wait for this send's slot in the shared schedule and for any shared 429 pause."""
        if not self._ready:
            await self.pool.execute(_CREATE, self.name)
            self._ready = True
        while True:
            wait = await self.pool.fetchval(_TAKE, self.name, self.interval)
            if wait <= 0:  # the slot is now, and it was taken after any pause already set
                return
            loop = asyncio.get_running_loop()
            due = loop.time() + wait
            await self.sleep(wait)
            # A 429 seen by any process while we waited cancels this slot: take a later one.
            paused = await self.pool.fetchval(_PAUSED, self.name)
            # So does waking up late (a busy machine): a send long after its slot would land
            # next to the following ones, over the rate in that second.
            if paused <= 0 and loop.time() - due <= LATE:
                return

    async def pause(self, seconds: float) -> None:
        """Telegram said 429: no process sends for `seconds`."""
        await self.pool.execute(_PAUSE, self.name, seconds)
