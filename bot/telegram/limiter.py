"""python-telegram-bot's rate limiter, backed by the process's one `FloodControl`.

It replaces AIORateLimiter, which kept a budget of its own: with it, replies and the daily post
each believed they had Telegram's whole 30 messages a second, and a post waited for two pacers
stacked on each other. Here every request of the application's bot is a reply (`Lane.REPLY`)
unless its caller says otherwise through `rate_limit_args`; the broadcaster admits its posts
itself (it claims the delivery row between admission and request) and marks them with
`bot.daily.pacing.admitted`, so they pass without a second wait.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.daily.pacing import FloodControl, Lane, already_admitted
from bot.daily.sender import retry_after_seconds

log = logging.getLogger(__name__)

Result = bool | dict[str, Any] | list[dict[str, Any]]


class PriorityRateLimiter(BaseRateLimiter[Lane]):
    """Admits each request through `flood` in its lane; waits out a 429 and tries again."""

    def __init__(self, flood: FloodControl, max_retries: int) -> None:
        self.flood = flood
        self.max_retries = max_retries

    async def initialize(self) -> None:
        """Nothing to set up: the flood control lives as long as the services."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Lane | None,
    ) -> Result:
        lane = Lane.REPLY if rate_limit_args is None else rate_limit_args
        chat_id = data.get("chat_id")
        admitted = already_admitted()  # its sender waited and handles 429 itself
        attempt = 0
        while True:
            if not admitted:
                await self.flood.admit(chat_id, lane)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as flood:
                # A 429 stops the whole bot, whoever caused it: every lane waits from now.
                await self.flood.pause(retry_after_seconds(flood))
                attempt += 1
                if admitted or attempt > self.max_retries:
                    raise
                log.info("%s: flood control, retry %d after the pause", endpoint, attempt)
