"""A timer for pacing and retries whose sleeps take no real time."""

from __future__ import annotations

import asyncio


class Timer:
    """A monotonic clock and an async sleep for pacing and retries, without waiting for real.

    A sleep of s seconds started at t returns (after letting other tasks run) with the clock at
    no earlier than t + s; concurrent sleepers therefore wake in order of their deadlines.
    """

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        deadline = self.now + max(seconds, 0.0)
        await asyncio.sleep(0)
        self.now = max(self.now, deadline)
