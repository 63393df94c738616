"""Delivering the daily post to a list of due subscriptions: claims, pacing and faults.

How a pass works (see `deliveries.py` for the exactly-once design):
- The recipients are a snapshot taken at the start; each is re-checked (still active?) and
  claimed in the delivery log just before its request, so a restart, a second pass or the CLI
  next to the bot never sends twice, and an /unsubscribe during a long pass is honoured.
- Pacing stays inside Telegram's limits: `send_rate` messages a second overall (25, under the
  documented ~30) and one message per 3 s to a group or channel (20 a minute). A 429 pauses
  every sender for its `retry_after`, then the same message is retried.
- 5xx and connection failures where the request never left are retried with exponential backoff
  (1 s, 2 s; jittered), then left to a later pass (`retry`). Many in a row mean Telegram is down:
  the pass stops and leaves the rest untouched for the next one.
- 403 (blocked, kicked, deactivated) stops the subscription and the pass goes on; a group that
  became a supergroup is moved to its new id and served there once; a post Telegram cannot parse
  as HTML goes out once more as plain text.
- A timeout or a dropped connection after the request was written may have delivered the post:
  the row becomes `unknown` and is never resent (at most once).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import heapq
import itertools
import logging
import random
import time
import warnings
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx
from telegram import Bot, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.warnings import PTBDeprecationWarning

from bot.config import EmptyDay
from bot.daily.anniversaries import broadcast_text
from bot.daily.deliveries import FAILED, RETRY, SENDING, SENT, UNKNOWN, DeliveryLog
from bot.daily.subscriptions import Due, SubscriptionStore
from bot.engine.knowledge import KnowledgeBase
from bot.engine.render import Format
from bot.lang import Lang

if TYPE_CHECKING:
    from bot.ops.metrics import Metrics

log = logging.getLogger(__name__)

WORKERS = 8  # concurrent requests: enough to reach the rate, few enough to honour a 429 at once
# 20 messages a minute to one group or channel (forum topics share it); a private chat has one
# subscription, so it never gets two posts in a pass.
GROUP_INTERVAL = 3.0
MAX_FLOOD_WAITS = 5  # 429s for one message before it is left for a later pass
MAX_ATTEMPTS = 3  # tries of one message on 5xx / no connection before it is left for later
BACKOFF_BASE, BACKOFF_CAP = 1.0, 30.0
OUTAGE = 5  # transient failures in a row, across chats, that stop a pass: Telegram is down
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass
class Summary:
    """What one pass did, as `kzun-bot broadcast` prints it."""

    sent: int = 0
    already: int = 0  # skipped: settled earlier (sent, refused, or outcome unknown)
    inactive: int = 0  # skipped: the subscription is stopped
    empty: int = 0  # skipped: nothing to post on that day
    refused: int = 0  # failed for good: Telegram refused (403, 400)
    retry: int = 0  # failed for now: left for a later pass
    unknown: int = 0  # failed, maybe delivered: timed out after sending; never resent
    deactivated: int = 0  # subscriptions stopped because of the refusals
    migrated: int = 0  # groups moved to their new supergroup id
    stopped_early: bool = False  # Telegram looked down, or the bot was stopping

    @property
    def skipped(self) -> int:
        return self.already + self.inactive + self.empty

    @property
    def failed(self) -> int:
        return self.refused + self.retry + self.unknown

    def __str__(self) -> str:
        text = (
            f"sent {self.sent}, skipped {self.skipped} (already delivered {self.already}, "
            f"inactive {self.inactive}, nothing to post {self.empty}), failed {self.failed} "
            f"(refused {self.refused}, will retry {self.retry}, outcome unknown {self.unknown})"
        )
        if self.deactivated or self.migrated:
            text += f"; {self.deactivated} subscription(s) stopped, {self.migrated} moved"
        if self.stopped_early:
            text += "; the pass stopped early, the rest is left for the next one"
        return text


class Posts:
    """The day's post per language and format, composed once per pass, not once per chat."""

    def __init__(self, kb: KnowledgeBase, empty_day: EmptyDay) -> None:
        self.kb = kb
        self.empty_day = empty_day
        self._cache: dict[tuple[dt.date, Lang, Format], str | None] = {}

    def __call__(self, day: dt.date, lang: Lang, fmt: Format = "html") -> str | None:
        key = (day, lang, fmt)
        if key not in self._cache:
            self._cache[key] = broadcast_text(self.kb, day, lang, fmt, self.empty_day)
        return self._cache[key]


class Pacer:
    """Keeps sends within Telegram's limits; time comes from an injected clock and sleep."""

    def __init__(self, rate: float | None, clock: Clock, sleep: Sleep) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        self.clock = clock
        self.sleep = sleep
        self._next = 0.0
        self._paused_until = 0.0
        self._groups: dict[int, float] = {}

    async def turn(self) -> None:
        """Wait for this sender's slot under the overall rate and any flood-control pause."""
        while True:
            now = self.clock()
            slot = max(now, self._next, self._paused_until)
            self._next = slot + self.interval
            if slot > now:
                await self.sleep(slot - now)
            if self._paused_until <= self.clock():
                return

    def pause(self, seconds: float) -> None:
        """Telegram said 429: nobody sends for `seconds`."""
        self._paused_until = max(self._paused_until, self.clock() + seconds)

    def take_chat(self, chat_id: int) -> float:
        """0 and the chat's next slot is taken, or the time when the chat may get a message."""
        if chat_id > 0:
            return 0.0
        now = self.clock()
        ready = self._groups.get(chat_id, 0.0)
        if ready > now:
            return ready
        self._groups[chat_id] = now + GROUP_INTERVAL
        return 0.0


class _Refused(Exception):
    """Telegram will not take this post today; `stop` names why the subscription must end."""

    def __init__(self, error: str, stop: str | None = None, whole_chat: bool = True) -> None:
        super().__init__(error)
        self.stop = stop
        self.whole_chat = whole_chat


class _Transient(Exception):
    """The request certainly did not go through; a later pass may try again."""


class _Unknown(Exception):
    """The request may have been delivered; it must not be repeated."""


class Broadcaster:
    """One delivery pass over a snapshot of due subscriptions."""

    def __init__(
        self,
        bot: Bot,
        subscriptions: SubscriptionStore,
        deliveries: DeliveryLog,
        posts: Posts,
        *,
        rate: float | None,
        workers: int = WORKERS,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        keep_going: Callable[[], bool] = lambda: True,
        metrics: Metrics | None = None,
    ) -> None:
        self.bot = bot
        self.subscriptions = subscriptions
        self.deliveries = deliveries
        self.posts = posts
        self.pacer = Pacer(rate, clock, sleep)
        self.workers = workers
        self.clock = clock
        self.sleep = sleep
        self.keep_going = keep_going
        self.metrics = metrics
        self._outage = 0
        self._fatal: InvalidToken | None = None

    async def run(self, due: Iterable[Due]) -> Summary:
        """Deliver to every recipient that still needs the post; never raises for one chat."""
        summary = Summary()
        queue = deque(due)
        later: list[tuple[float, int, Due]] = []
        order = itertools.count()

        async def worker() -> None:
            while (item := await self._next(queue, later, order, summary)) is not None:
                await self._deliver(item, summary)

        await asyncio.gather(*(worker() for _ in range(self.workers)))
        if self._fatal is not None:
            raise self._fatal
        return summary

    async def _next(
        self,
        queue: deque[Due],
        later: list[tuple[float, int, Due]],
        order: Iterator[int],
        summary: Summary,
    ) -> Due | None:
        """The next recipient whose chat may get a message now; waits if only paced ones remain."""
        while True:
            if self._fatal is not None or self._outage >= OUTAGE or not self.keep_going():
                summary.stopped_early = bool(queue or later) or summary.stopped_early
                return None
            now = self.clock()
            if later and later[0][0] <= now:
                item = heapq.heappop(later)[2]
            elif queue:
                item = queue.popleft()
            elif later:
                await self.sleep(later[0][0] - now)
                continue
            else:
                return None
            ready = self.pacer.take_chat(item.subscription.chat_id)
            if not ready:
                return item
            heapq.heappush(later, (ready, next(order), item))

    async def _deliver(self, item: Due, summary: Summary) -> None:
        sub = item.subscription
        if self.posts(item.day, sub.lang) is None:
            summary.empty += 1
            return
        current = self.subscriptions.get(sub.chat_id, sub.thread_id)
        if current is None or not current.active:
            summary.inactive += 1
            return
        if not self.deliveries.claim(item.day, sub.chat_id, sub.thread_id):
            summary.already += 1
            return
        await self._settle(item.day, sub.chat_id, sub.thread_id, sub.lang, summary)

    async def _settle(
        self,
        day: dt.date,
        chat_id: int,
        thread_id: int,
        lang: Lang,
        summary: Summary,
        *,
        may_move: bool = True,
    ) -> None:
        """Send a claimed post and write Telegram's answer into the log and the subscription."""
        record = self.deliveries.record
        try:
            message_id = await self._send(day, chat_id, thread_id, lang)
        except ChatMigrated as moved:
            if not may_move:
                self._failed("migrated")
                summary.refused += 1
                record(day, chat_id, thread_id, FAILED, error=str(moved))
                return
            new_id = int(moved.new_chat_id)
            self.subscriptions.move_chat(chat_id, new_id)
            summary.migrated += 1
            log.info("chat %s became supergroup %s; its subscription moved", chat_id, new_id)
            row = self.deliveries.get(day, new_id, thread_id)
            if row is None or row.status != SENDING:  # the new id had been served already
                summary.already += 1
                return
            await self._settle(day, new_id, thread_id, lang, summary, may_move=False)
        except _Refused as refused:
            self._failed(refused.stop or "refused")
            summary.refused += 1
            record(day, chat_id, thread_id, FAILED, error=str(refused))
            if refused.stop:
                topic = None if refused.whole_chat else thread_id
                stopped = self.subscriptions.deactivate(chat_id, refused.stop, topic)
                summary.deactivated += stopped
                log.info("chat %s: subscription stopped (%s)", chat_id, refused.stop)
        except _Transient as transient:
            self._failed("transient")
            summary.retry += 1
            record(day, chat_id, thread_id, RETRY, error=str(transient))
        except InvalidToken as error:
            record(day, chat_id, thread_id, RETRY, error="invalid token")
            self._fatal = error
        except Exception as error:  # _Unknown, or anything unforeseen: it may have been delivered
            if not isinstance(error, _Unknown):
                log.exception("chat %s: unexpected failure while sending the daily post", chat_id)
            self._failed("unknown")
            summary.unknown += 1
            record(day, chat_id, thread_id, UNKNOWN, error=str(error) or type(error).__name__)
        else:
            self._outage = 0
            summary.sent += 1
            record(day, chat_id, thread_id, SENT, message_id=message_id)
            if self.metrics is not None:
                self.metrics.observe_broadcast_sent()

    def _failed(self, reason: str) -> None:
        self._outage = self._outage + 1 if reason == "transient" else 0
        if self.metrics is not None:
            self.metrics.observe_broadcast_failed(reason)

    async def _send(self, day: dt.date, chat_id: int, thread_id: int, lang: Lang) -> int:
        """The message id Telegram gave the post; raises one of the outcomes above otherwise."""
        fmt: Format = "html"
        floods = attempts = 0
        while True:
            await self.pacer.turn()
            try:
                message = await self.bot.send_message(
                    chat_id,
                    self.posts(day, lang, fmt) or "",
                    parse_mode=ParseMode.HTML if fmt == "html" else None,
                    message_thread_id=thread_id or None,
                    link_preview_options=_NO_PREVIEW,
                )
                return message.message_id
            except RetryAfter as flood:
                floods += 1
                if floods > MAX_FLOOD_WAITS:
                    raise _Transient(f"flood control, {floods} times") from flood
                self.pacer.pause(retry_after_seconds(flood) + random.uniform(0, 0.5))
            except Forbidden as refused:
                raise _Refused(refused.message, _stop_reason(refused.message)) from refused
            except BadRequest as bad:  # before NetworkError: BadRequest is a subclass of it
                if "can't parse entities" in bad.message.lower() and fmt == "html":
                    log.warning("daily post for %s in %s is not valid HTML: %s", day, lang, bad)
                    fmt = "text"
                    continue
                raise self._bad_request(bad, day, chat_id) from bad
            except NetworkError as error:  # TimedOut too
                if not _never_sent(error):
                    raise _Unknown(f"{type(error).__name__}: {error.message}") from error
                attempts += 1
                if attempts >= MAX_ATTEMPTS:
                    raise _Transient(f"{type(error).__name__}: {error.message}") from error
                delay = min(BACKOFF_BASE * 2 ** (attempts - 1), BACKOFF_CAP)
                await self.sleep(delay * random.uniform(1.0, 1.2))

    def _bad_request(self, bad: BadRequest, day: dt.date, chat_id: int) -> _Refused:
        message = bad.message.lower()
        if "need administrator rights" in message or "not enough rights" in message:
            return _Refused(bad.message, "no_rights")
        if "message thread not found" in message:
            return _Refused(bad.message, "topic_deleted", whole_chat=False)
        if "chat not found" in message:
            # Stop only when it failed so on an earlier day too: one bad answer may be a glitch.
            seen_before = self.deliveries.failed_before(day, chat_id, "Chat not found")
            return _Refused(bad.message, "chat_not_found" if seen_before else None)
        return _Refused(bad.message)


def _stop_reason(message: str) -> str:
    """A short reason for a 403, kept on the stopped subscription."""
    lowered = message.lower()
    for marker, reason in (
        ("blocked by the user", "blocked"),
        ("user is deactivated", "deactivated"),
        ("kicked", "kicked"),
        ("not a member", "not_member"),
        ("chat was deleted", "chat_deleted"),
        ("can't initiate", "not_started"),
    ):
        if marker in lowered:
            return reason
    return "forbidden"


def _never_sent(error: NetworkError) -> bool:
    """Whether the request certainly never reached Telegram, so repeating it is safe.

    Telegram answering 5xx, or no connection at all, is safe. A timeout while waiting for the
    answer, or a connection that broke after the request was written, is not.
    """
    cause = error.__cause__
    if isinstance(error, TimedOut):
        return isinstance(cause, httpx.ConnectTimeout | httpx.PoolTimeout)
    return cause is None or isinstance(cause, TelegramError | httpx.ConnectError)


def retry_after_seconds(flood: RetryAfter) -> float:
    with warnings.catch_warnings():  # an int today, a timedelta from PTB 23 on
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = flood.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
