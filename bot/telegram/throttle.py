"""A per-sender limit, so one person (or one script) cannot flood the bot.

A token bucket per sender: `burst` messages at once, then `rate` per second on average. The first
refusal of a streak is "warn", so the bot can say "slow down" once rather than answer every
dropped message with a message of its own. Plain Python with an injected clock, testable alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Literal

Verdict = Literal["allow", "warn", "drop"]


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned: bool = False


class Throttle:
    """Decides, per key, whether one more message may be handled now."""

    def __init__(
        self,
        rate: float = 1.0,
        burst: int = 10,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 10_000,
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: dict[Hashable, _Bucket] = {}

    def check(self, key: Hashable) -> Verdict:
        """Spend one token of `key`'s bucket if it has one; otherwise warn once, then drop."""
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            self._forget_idle(now)
            bucket = self._buckets[key] = _Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            bucket.warned = False
            return "allow"
        if bucket.warned:
            return "drop"
        bucket.warned = True
        return "warn"

    def __len__(self) -> int:
        return len(self._buckets)

    def _forget_idle(self, now: float) -> None:
        """Drop buckets that have refilled completely: they hold nothing a new one would not."""
        if len(self._buckets) < self.max_keys:
            return
        refill = self.burst / self.rate
        self._buckets = {k: b for k, b in self._buckets.items() if now - b.updated < refill}
