"""Long polling that never loses what it fetched and never stalls on one bad update.

Telegram forgets an update (it is "confirmed") as soon as getUpdates is called with a higher
offset, and the next call follows at once, so whatever is fetched is confirmed while it still
waits for a handler. PTB's own Updater fetches without bound, so a backlog of replies paced at
30 a second was confirmed and then lost at shutdown. Here:
- at most `ahead` updates are fetched and not finished; beyond that no getUpdates is made, so
  nothing more is confirmed until handlers catch up;
- each update is parsed on its own: one PTB cannot read is skipped (the offset moves past it),
  logged once and counted, instead of failing the whole batch for ever;
- on stop no further fetch is made. Updates already confirmed are finished; those of the last
  batch not yet confirmed and not yet started are handed back (a final getUpdates confirms
  only what went before them), so the next process gets them from Telegram.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar
from urllib.parse import urlencode

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.daily.sender import retry_after_seconds
from bot.telegram.context import BotApplication, services_of
from bot.telegram.intake import RecentIds, parse_update, update_id_of
from bot.telegram.transport import http_request

log = logging.getLogger(__name__)

FETCH_AHEAD = 64  # updates fetched and not finished: a few seconds of replies at Telegram's pace
MAX_BATCH = 100  # Telegram's own ceiling for getUpdates' limit
POLL_SECONDS = 10  # how long Telegram holds a long poll open when there is nothing new
_BACKOFF_CAP = 30.0  # seconds between attempts while Telegram is unreachable
T = TypeVar("T")


class Poller:
    """Fetches updates for `application` and runs them, `workers` at a time."""

    def __init__(
        self,
        application: BotApplication,
        allowed_updates: list[str],
        on_rejected: Callable[[], None],
        *,
        ahead: int = FETCH_AHEAD,
        workers: int = 32,
        poll_seconds: int = POLL_SECONDS,
    ) -> None:
        self.application = application
        self.allowed_updates = allowed_updates
        self.on_rejected = on_rejected
        self.ahead = ahead
        self.poll_seconds = poll_seconds
        self.metrics = services_of(application).metrics
        self.request = http_request(read_timeout=poll_seconds + 10)
        self._url = f"{application.bot.base_url}/getUpdates"
        self._offset = 0  # getUpdates with it confirms every update below it
        self._confirmed_below = 0  # the offset Telegram was last sent
        self._waiting: asyncio.Queue[Update] = asyncio.Queue()  # fetched, not started
        self._outstanding = 0  # fetched and not finished (waiting or running)
        self._progress = asyncio.Event()  # set whenever an update finishes
        self._recent = RecentIds()
        self._workers = [asyncio.create_task(self._work()) for _ in range(workers)]

    @property
    def outstanding(self) -> int:
        """Updates fetched and not yet finished."""
        return self._outstanding

    async def run(self, stop: asyncio.Event) -> None:
        """Fetch until `stop` is set (or Telegram rejects the token); a fetch in progress is
        abandoned at once, its updates left with Telegram."""
        await self.request.initialize()
        delay = 1.0
        webhook_cleared = False  # Telegram refuses getUpdates while a webhook is set
        while not stop.is_set():
            if self._outstanding >= self.ahead:
                self._progress.clear()
                await first_or_stop(stop, self._progress.wait())
                continue
            try:
                if not webhook_cleared:
                    webhook_cleared = bool(
                        await first_or_stop(stop, self.application.bot.delete_webhook())
                    )
                    continue
                batch = await first_or_stop(stop, self._fetch())
            except RetryAfter as flood:
                await _pause(stop, retry_after_seconds(flood), "flood control on getUpdates")
                continue
            except InvalidToken:
                self.on_rejected()
                return
            except (Conflict, NetworkError) as error:  # Conflict: another poller or a webhook
                await _pause(stop, delay, f"getUpdates failed ({error.message})")
                delay = min(delay * 2, _BACKOFF_CAP)
                continue
            delay = 1.0
            if batch is not None:
                self._take(batch)

    async def finish(self, budget: float) -> int:
        """After `run`: finish the confirmed updates, hand back the rest, confirm exactly what
        was handled; returns how many confirmed updates were still unfinished after `budget`
        seconds (and are lost)."""
        waiting = [self._waiting.get_nowait() for _ in range(self._waiting.qsize())]
        handed_back = [u for u in waiting if u.update_id >= self._confirmed_below]
        for update in waiting:
            if update.update_id < self._confirmed_below:
                self._waiting.put_nowait(update)
        self._outstanding -= len(handed_back)
        if handed_back:
            log.info("%d fetched update(s) handed back to Telegram unconfirmed", len(handed_back))
        try:
            async with asyncio.timeout(budget):
                while self._outstanding:
                    self._progress.clear()
                    await self._progress.wait()
        except TimeoutError:
            log.error(
                "%d confirmed update(s) not finished within %.0f s", self._outstanding, budget
            )
        lost = self._outstanding
        for worker in self._workers:
            worker.cancel()
        await asyncio.gather(*self._workers, return_exceptions=True)
        first_back = min((u.update_id for u in handed_back), default=self._offset)
        if first_back > self._confirmed_below:
            await self._confirm(first_back)
        await self.request.shutdown()
        return lost

    async def _fetch(self) -> list[object]:
        """One getUpdates: confirms what came before `_offset`, returns what comes after."""
        query = {
            "offset": self._offset,
            "limit": min(MAX_BATCH, self.ahead - self._outstanding),
            "timeout": self.poll_seconds,
            "allowed_updates": json.dumps(self.allowed_updates),
        }
        self._confirmed_below = self._offset
        result = await self.request.post(f"{self._url}?{urlencode(query)}")
        return list(result) if isinstance(result, list) else []

    def _take(self, batch: list[object]) -> None:
        """Queue the readable updates of a batch and move the offset past all of them."""
        for payload in batch:
            update_id = update_id_of(payload)
            if update_id is None:  # Telegram always numbers updates: nothing to move past
                log.warning("getUpdates returned an entry without an update_id; skipped")
                continue
            self._offset = max(self._offset, update_id + 1)
            if not isinstance(payload, dict) or not self._recent.first_time(update_id):
                continue
            update = parse_update(payload, self.application.bot, self.metrics)
            if update is not None:
                self._outstanding += 1
                self._waiting.put_nowait(update)

    async def _work(self) -> None:
        """One worker: takes the oldest waiting update and runs its handlers."""
        while True:
            update = await self._waiting.get()
            try:
                await self.application.process_update(update)
            except Exception:  # handler errors reach the error handler; this is PTB failing
                log.exception("update %s could not be processed", update.update_id)
            finally:
                self._outstanding -= 1
                self._progress.set()

    async def _confirm(self, offset: int) -> None:
        """Tell Telegram that every update below `offset` is handled, fetching nothing."""
        query = {"offset": offset, "limit": 1, "timeout": 0}
        try:
            await self.request.post(f"{self._url}?{urlencode(query)}")
            self._confirmed_below = offset
        except TelegramError as error:  # they come again to the next process: answered twice
            log.warning("could not confirm the last updates (%s)", error.message)


class PollingShift:
    """Long polling that can start and end more than once: a replica polls only while it holds
    the polling lease, and each turn is a fresh `Poller` with a stop event of its own."""

    def __init__(self, new_poller: Callable[[], Poller], budget: float) -> None:
        self.new_poller = new_poller
        self.budget = budget  # seconds to finish the confirmed updates at the end of a turn
        self._turn: tuple[Poller, asyncio.Event, asyncio.Task[None]] | None = None

    async def start(self) -> None:
        """Begin polling (nothing if already polling)."""
        if self._turn is None:
            poller, stop = self.new_poller(), asyncio.Event()
            self._turn = (poller, stop, asyncio.create_task(poller.run(stop)))

    async def end(self) -> None:
        """Stop fetching, finish what was confirmed, hand back the rest (nothing if idle)."""
        if self._turn is None:
            return
        (poller, stop, task), self._turn = self._turn, None
        stop.set()
        try:
            await task
        finally:
            await poller.finish(self.budget)


async def first_or_stop(stop: asyncio.Event, work: Awaitable[T]) -> T | None:
    """The result of `work`, or None if `stop` is set first (then `work` is cancelled)."""
    task = asyncio.ensure_future(work)
    stopper = asyncio.ensure_future(stop.wait())
    try:
        done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
    if task in done:
        return task.result()
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    return None


async def _pause(stop: asyncio.Event, seconds: float, why: str) -> None:
    """Wait `seconds` (or until stopped) after a failed fetch."""
    log.warning("%s; polling again in %.0f s", why, seconds)
    await first_or_stop(stop, asyncio.sleep(seconds))
