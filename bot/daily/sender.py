"""Delivering the daily post to a list of due subscriptions: the sending engine.

How a pass works (see `deliveries.py` for the at-most-once design):
- The recipients are a snapshot taken at the start; each is re-checked (still active? settled
  meanwhile?) just before its turn, so an /unsubscribe during a long pass is honoured.
- Its turn comes from the process's one flood control (`pacing.py`): the daily post uses what
  replies leave of Telegram's budget, within the per-chat limits. Only then is the row claimed in
  the delivery log and the request made, so a kill leaves at most the requests in flight unsettled
  and a restart, a second pass or the CLI next to the bot never sends twice.
- A 429 pauses every sender (replies too) for its `retry_after`, then the same message is retried;
  while a message waits (429, backoff) its claim is given back.
- A connection that was never made is retried with exponential backoff (1 s, 2 s; jittered), then
  left to a later pass (`retry`). Many failures in a row mean Telegram is down: the pass stops and
  leaves the rest untouched for the next one.
- An answer that leaves open whether the post arrived (a 5xx, which a proxy may send after
  delivering; a timeout; a connection dropped after the request was written) makes the row
  `unknown`, never resent, under KZUN_DELIVERY=at-most-once (the default); under at-least-once it
  is retried like a connection failure, and the subscriber may get the post twice.
- 403 (blocked, kicked, deactivated) stops the subscription and the pass goes on; a group that
  became a supergroup is moved to its new id and served there once; a post Telegram cannot parse
  as HTML goes out once more as plain text.
- A worker that fails unexpectedly stops the pass: the other workers are cancelled.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import heapq
import itertools
import logging
import random
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
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
)
from telegram.warnings import PTBDeprecationWarning

from bot.config import DeliveryMode
from bot.daily.anniversaries import Posts
from bot.daily.deliveries import FAILED, RETRY, SENDING, SENT, UNKNOWN, DeliveryLog
from bot.daily.pacing import CHAT_INTERVAL, FloodControl, Lane, admitted
from bot.daily.subscriptions import Due, SubscriptionStore
from bot.engine.render import Format
from bot.lang import Lang
from bot.telegram.sending import refused_html

if TYPE_CHECKING:
    from bot.ops.metrics import Metrics

log = logging.getLogger(__name__)

WORKERS = 8  # concurrent requests: enough to reach the rate, few enough to honour a 429 at once
MAX_FLOOD_WAITS = 5  # 429s for one message before it is left for a later pass
MAX_ATTEMPTS = 3  # tries of one message that may be repeated, before it is left for later
BACKOFF_BASE, BACKOFF_CAP = 1.0, 30.0
OUTAGE = 5  # failures in a row, across chats, that stop a pass: Telegram is down
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


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


class _Refused(Exception):
    """Telegram will not take this post today; `stop` names why the subscription must end."""

    def __init__(self, error: str, stop: str | None = None, whole_chat: bool = True) -> None:
        super().__init__(error)
        self.stop = stop
        self.whole_chat = whole_chat


class _Transient(Exception):
    """The post certainly did not arrive (or may be repeated); a later pass may try again."""


class _Unknown(Exception):
    """The request may have been delivered; it must not be repeated."""


class _Taken(Exception):
    """Another pass claimed or settled the row first."""


class Broadcaster:
    """One delivery pass over a snapshot of due subscriptions."""

    def __init__(
        self,
        bot: Bot,
        subscriptions: SubscriptionStore,
        deliveries: DeliveryLog,
        posts: Posts,
        flood: FloodControl,
        *,
        workers: int = WORKERS,
        delivery: DeliveryMode = "at-most-once",
        keep_going: Callable[[], bool] = lambda: True,
        metrics: Metrics | None = None,
    ) -> None:
        self.bot = bot
        self.subscriptions = subscriptions
        self.deliveries = deliveries
        self.posts = posts
        self.flood = flood
        self.workers = workers
        self.delivery = delivery
        self.keep_going = keep_going
        self.metrics = metrics
        self._outage = 0
        self._fatal: InvalidToken | None = None
        self._held: set[int] = set()  # chats a worker is serving now

    async def run(self, due: Iterable[Due]) -> Summary:
        """Deliver to every recipient that still needs the post; never raises for one chat."""
        summary = Summary()
        queue = deque(due)
        later: list[tuple[float, int, Due]] = []
        order = itertools.count()

        async def worker() -> None:
            while (item := await self._next(queue, later, order, summary)) is not None:
                try:
                    await self._deliver(item, summary)
                finally:
                    self._held.discard(item.subscription.chat_id)

        try:  # a TaskGroup, not gather: one worker failing cancels the others at once
            async with asyncio.TaskGroup() as group:
                for _ in range(self.workers):
                    group.create_task(worker())
        except BaseExceptionGroup as failed:
            raise failed.exceptions[0] from None
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
        clock = self.flood.clock
        while True:
            if self._fatal is not None or self._outage >= OUTAGE or not self.keep_going():
                summary.stopped_early = bool(queue or later) or summary.stopped_early
                return None
            if later and later[0][0] <= clock():
                item = heapq.heappop(later)[2]
            elif queue:
                item = queue.popleft()
            elif later:
                await self.flood.sleep(later[0][0] - clock())
                continue
            else:
                return None
            chat_id = item.subscription.chat_id
            wait = CHAT_INTERVAL if chat_id in self._held else 0.0
            wait = wait or self.flood.chat_ready(chat_id, Lane.BROADCAST)
            if not wait:
                self._held.add(chat_id)
                return item
            heapq.heappush(later, (clock() + wait, next(order), item))

    async def _deliver(self, item: Due, summary: Summary) -> None:
        sub = item.subscription
        if self.posts(item.day, sub.lang) is None:
            summary.empty += 1
            return
        current = await self.subscriptions.get(sub.chat_id, sub.thread_id)
        if current is None or not current.active:
            summary.inactive += 1
            return
        settled = await self.deliveries.get(item.day, sub.chat_id, sub.thread_id)
        if settled is not None and settled.status != RETRY:  # no turn spent on it
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
        """Send the post and write Telegram's answer into the log and the subscription."""
        record = self.deliveries.record
        try:
            message_id = await self._send(day, chat_id, thread_id, lang)
        except _Taken:
            summary.already += 1
        except ChatMigrated as moved:
            if not may_move:
                self._failed("migrated")
                summary.refused += 1
                await record(day, chat_id, thread_id, FAILED, error=str(moved))
                return
            new_id = int(moved.new_chat_id)
            await self.subscriptions.move_chat(chat_id, new_id)
            summary.migrated += 1
            log.info("chat %s became supergroup %s; its subscription moved", chat_id, new_id)
            row = await self.deliveries.get(day, new_id, thread_id)
            if row is None or row.status != SENDING:  # the new id had been served already
                summary.already += 1
                return
            await self.deliveries.release(
                day, new_id, thread_id
            )  # claimed again on the new id's turn
            await self._settle(day, new_id, thread_id, lang, summary, may_move=False)
        except _Refused as refused:
            self._failed(refused.stop or "refused")
            summary.refused += 1
            await record(day, chat_id, thread_id, FAILED, error=str(refused))
            if refused.stop:
                topic = None if refused.whole_chat else thread_id
                stopped = await self.subscriptions.deactivate(chat_id, refused.stop, topic)
                summary.deactivated += stopped
                log.info("chat %s: subscription stopped (%s)", chat_id, refused.stop)
        except _Transient as transient:
            self._failed("transient")
            summary.retry += 1
            await record(day, chat_id, thread_id, RETRY, error=str(transient))
        except InvalidToken as error:
            await record(day, chat_id, thread_id, RETRY, error="invalid token")
            self._fatal = error
        except Exception as error:  # _Unknown, or anything unforeseen: it may have been delivered
            if not isinstance(error, _Unknown):
                log.exception("chat %s: unexpected failure while sending the daily post", chat_id)
            self._failed("unknown")
            summary.unknown += 1
            await record(
                day, chat_id, thread_id, UNKNOWN, error=str(error) or type(error).__name__
            )
        else:
            self._outage = 0
            summary.sent += 1
            await record(day, chat_id, thread_id, SENT, message_id=message_id)
            if self.metrics is not None:
                self.metrics.observe_broadcast_sent()

    def _failed(self, reason: str) -> None:
        """Count a failure; Telegram answering at all (a refusal) ends a run of outage signs."""
        self._outage = self._outage + 1 if reason in ("transient", "unknown") else 0
        if self.metrics is not None:
            self.metrics.observe_broadcast_failed(reason)

    async def _send(self, day: dt.date, chat_id: int, thread_id: int, lang: Lang) -> int:
        """The message id Telegram gave the post; raises one of the outcomes above otherwise.

        Each try waits for its turn, then claims the row, then makes the request; a try that
        will be repeated gives its claim back first, so only a request in flight holds one.
        """
        fmt: Format = "html"
        floods = attempts = 0
        while True:
            await self.flood.admit(chat_id, Lane.BROADCAST)
            if not await self.deliveries.claim(day, chat_id, thread_id):
                raise _Taken
            try:
                with admitted():
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
                await self.flood.pause(retry_after_seconds(flood) + random.uniform(0, 0.5))
            except Forbidden as refused:
                raise _Refused(refused.message, _stop_reason(refused.message)) from refused
            except BadRequest as bad:  # before NetworkError: BadRequest is a subclass of it
                if not refused_html(bad) or fmt != "html":
                    raise await self._bad_request(bad, day, chat_id) from bad
                log.warning("daily post for %s in %s is not valid HTML: %s", day, lang, bad)
                fmt = "text"
            except NetworkError as error:  # TimedOut too
                failure = f"{type(error).__name__}: {error.message}"
                if self.delivery == "at-most-once" and _may_have_arrived(error):
                    raise _Unknown(failure) from error
                attempts += 1
                if attempts >= MAX_ATTEMPTS:
                    raise _Transient(failure) from error
                await self.deliveries.release(day, chat_id, thread_id)
                delay = min(BACKOFF_BASE * 2 ** (attempts - 1), BACKOFF_CAP)
                await self.flood.sleep(delay * random.uniform(1.0, 1.2))
                continue
            await self.deliveries.release(
                day, chat_id, thread_id
            )  # 429 or HTML: not in flight now

    async def _bad_request(self, bad: BadRequest, day: dt.date, chat_id: int) -> _Refused:
        message = bad.message.lower()
        if "need administrator rights" in message or "not enough rights" in message:
            return _Refused(bad.message, "no_rights")
        if "message thread not found" in message:
            return _Refused(bad.message, "topic_deleted", whole_chat=False)
        if "chat not found" in message:
            # Stop only when it failed so on an earlier day too: one bad answer may be a glitch.
            seen_before = await self.deliveries.failed_before(day, chat_id, "Chat not found")
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


def _may_have_arrived(error: NetworkError) -> bool:
    """Whether the request may have reached Telegram, so that repeating it may post twice.

    Only a connection never made is certain: refused, timed out while connecting, or no free
    connection in the pool. An HTTP answer (a 5xx too: a proxy may deliver, then answer 502), a
    timeout while waiting for the answer, or a connection that broke after the request was
    written all leave it open.
    """
    return not isinstance(
        error.__cause__, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout
    )


def retry_after_seconds(flood: RetryAfter) -> float:
    with warnings.catch_warnings():  # an int today, a timedelta from PTB 23 on
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = flood.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
