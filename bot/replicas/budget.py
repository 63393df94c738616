"""Telegram's send budget shared by every replica: one database row, taken from atomically.

The contract of one process's budget (`bot.daily.pacing.LocalBudget`): `take(lane)` takes a
slot and returns 0, or takes nothing and returns the seconds to wait; `paused_for()` and
`pause(seconds)` are the 429 pause. Telegram limits the bot, not a process, so with several
replicas the overall token bucket (replies first: a post leaves `reserve` tokens for them), the
daily post's own rate and the 429 pause all live in one row of `send_budget`, changed by one
`UPDATE ... RETURNING` under its row lock. Times are the database server's clock, so replicas on
machines whose clocks disagree still share one schedule.
"""

from __future__ import annotations

import logging
import time

import asyncpg

from bot.daily.pacing import Budget, Lane
from bot.replicas.session import CONNECTION_ERRORS

log = logging.getLogger(__name__)

_COMPLAIN_EVERY = 60.0  # seconds between two warnings that the shared budget is unreachable

# $1 name, $2 lane (0 reply, 1 post), $3 overall rate (0: lifted), $4 burst, $5 reserve,
# $6 seconds between posts (0: lifted). Waits shorter than 1 µs count as none, as locally.
_TAKE = """
WITH s AS (
    SELECT b.name, n.now,
        GREATEST(b.paused_until - n.now, 0) AS pause_left,
        CASE WHEN $2 = 1 THEN GREATEST(b.next_post - n.now, 0) ELSE 0 END AS post_left,
        CASE WHEN $3 > 0 THEN LEAST($4, b.tokens + (n.now - b.filled_at) * $3) ELSE 0 END
            AS tokens
    FROM send_budget AS b,
        (SELECT extract(epoch FROM clock_timestamp())::float8 AS now) AS n
    WHERE b.name = $1
    FOR UPDATE OF b
), d AS (
    SELECT s.*, CASE
        WHEN pause_left > 1e-6 THEN pause_left
        WHEN post_left > 1e-6 THEN post_left
        WHEN $3 > 0 AND (1 + $2 * $5 - tokens) / $3 > 1e-6 THEN (1 + $2 * $5 - tokens) / $3
        ELSE 0 END AS wait
    FROM s
)
UPDATE send_budget AS b SET
    tokens = d.tokens - CASE WHEN d.wait = 0 AND $3 > 0 THEN 1 ELSE 0 END,
    filled_at = d.now,
    next_post = CASE WHEN d.wait = 0 AND $2 = 1 THEN GREATEST(b.next_post, d.now) + $6
        ELSE b.next_post END
FROM d WHERE b.name = d.name
RETURNING d.wait
"""
_PAUSED = """
SELECT GREATEST(paused_until - extract(epoch FROM clock_timestamp())::float8, 0)
FROM send_budget WHERE name = $1
"""
_PAUSE = """
UPDATE send_budget SET paused_until =
    GREATEST(paused_until, extract(epoch FROM clock_timestamp())::float8 + $2)
WHERE name = $1
"""
_CREATE = """
INSERT INTO send_budget (name, tokens, filled_at)
VALUES ($1, $2, extract(epoch FROM clock_timestamp())::float8)
ON CONFLICT (name) DO NOTHING
"""


class SharedBudget:
    """The bot-wide budget of every replica together (see the module docstring)."""

    def __init__(
        self,
        pool: asyncpg.Pool,
        overall: float | None,
        post_rate: float | None,
        *,
        burst: int,
        reserve: int,
        fallback: Budget,
        name: str = "telegram",
    ) -> None:
        self.pool = pool
        self.overall = overall or 0.0
        self.interval = 1.0 / post_rate if post_rate else 0.0
        self.burst = burst
        self.reserve = reserve
        self.fallback = fallback
        self.name = name
        self._ready = False
        self._complained = 0.0

    async def take(self, lane: Lane) -> float:
        """A slot for `lane` now (0) or the seconds to wait; this process's own budget while
        the database is unreachable, so replies never stop because of it."""
        try:
            if not self._ready:
                await self.pool.execute(_CREATE, self.name, float(self.burst))
                self._ready = True
            wait = await self.pool.fetchval(
                _TAKE,
                self.name,
                int(lane),
                self.overall,
                float(self.burst),
                float(self.reserve),
                self.interval,
            )
        except CONNECTION_ERRORS as error:
            self._unreachable(error)
            return await self.fallback.take(lane)
        return float(wait)

    async def paused_for(self) -> float:
        try:
            paused = await self.pool.fetchval(_PAUSED, self.name)
        except CONNECTION_ERRORS as error:
            self._unreachable(error)
            return await self.fallback.paused_for()
        return float(paused or 0.0)

    async def pause(self, seconds: float) -> None:
        await self.fallback.pause(seconds)  # kept locally too, for when the database is away
        try:
            await self.pool.execute(_PAUSE, self.name, seconds)
        except CONNECTION_ERRORS as error:
            self._unreachable(error)

    def _unreachable(self, error: BaseException) -> None:
        now = time.monotonic()
        if now - self._complained >= _COMPLAIN_EVERY:
            self._complained = now
            log.warning("shared send budget unreachable, pacing this replica alone: %s", error)
