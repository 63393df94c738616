"""Writes that must never cost an answer: statistics, the question log, chats seen.

They run beside the reply as tasks of their own, with short lock waits; a failure is logged
(once per kind while it lasts), counted, and otherwise ignored. At most `limit` wait at once:
while the database is stuck, further ones are dropped and counted instead of piling up.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from bot.storage.database import StorageError

log = logging.getLogger(__name__)

LIMIT = 64


class Bookkeeper:
    """Runs bookkeeping writes in the background, failing soft; `on_error(kind)` counts."""

    def __init__(self, on_error: Callable[[str], None], limit: int = LIMIT) -> None:
        self.on_error = on_error
        self.limit = limit
        self._tasks: set[asyncio.Task[None]] = set()
        self._failing: set[str] = set()

    def spawn(self, kind: str, write: Coroutine[Any, Any, None]) -> None:
        """Start `write` beside whatever the caller does next; `kind` names it in logs."""
        if len(self._tasks) >= self.limit:
            write.close()  # never started: nothing to clean up
            self.on_error(f"{kind}_dropped")
            return
        task = asyncio.get_running_loop().create_task(self._run(kind, write))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _run(self, kind: str, write: Coroutine[Any, Any, None]) -> None:
        try:
            await write
        except StorageError as error:
            self.on_error(kind)
            if kind not in self._failing:  # one line per outage, not one per message
                self._failing.add(kind)
                log.warning("%s not stored (further failures are only counted): %s", kind, error)
        else:
            if kind in self._failing:
                self._failing.discard(kind)
                log.info("%s stored again", kind)

    async def drain(self) -> None:
        """Wait for the writes under way (at shutdown, and in tests)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
