"""Telegram's send budget, shared by replies and daily posts: one flood-control layer per bot.

Telegram limits a bot, not a process or a purpose: about 30 messages a second overall, about one
a second to one chat (short bursts are tolerated), 20 a minute to one group or channel, and after
a 429 nobody may send for its `retry_after`. Every request to a chat passes one `FloodControl`
(python-telegram-bot's rate limiter for replies, the broadcaster for daily posts), so the limits
hold for the sum of both, not for each on its own.

Replies first. Each request is in a lane:
- `REPLY`, an answer someone is waiting for, takes a slot of the overall rate whenever one is free;
- `BROADCAST`, the daily post, takes one only while `RESERVE` slots stay free for replies, and
  never faster than its own rate (KZUN_SEND_RATE, 25/s). The post so uses what replies leave of
  the budget: a reply never queues behind it unless replies alone approach the overall rate.

Per chat (`ChatWindows`): a post waits until its chat has had nothing for `CHAT_INTERVAL` and, in
a group or channel, fewer than `GROUP_LIMIT` messages in the last `GROUP_WINDOW`. A reply in a
group waits for that minute window only: people expect an answer at once, Telegram tolerates
short bursts, and the flood guard already holds each sender to about one update a second.

The bot-wide part (overall rate, post rate, 429 pause) is a `Budget`. `LocalBudget` serves one
process; replicas can share one budget by implementing the same three methods over the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from typing import Protocol

OVERALL_RATE = 30.0  # messages a second to all chats together, Telegram's documented bulk limit
BURST = 10  # slots that pile up while the bot is quiet: a burst of replies goes out at once
RESERVE = 5  # slots a daily post leaves free, so that a reply never waits for one
CHAT_INTERVAL = 1.0  # seconds between two posts to one chat
GROUP_LIMIT, GROUP_WINDOW = 20, 60.0  # messages to one group or channel per minute
# Waits shorter than this count as none: after sleeping exactly the wait asked for, rounding can
# leave a remainder too small to move a float clock, and the request would never go.
_EPSILON = 1e-6

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]
ChatId = int | str


def overall_rate(post_rate: float | None) -> float | None:
    """The bot-wide rate for a post rate: Telegram's 30/s, raised with a faster (paid) post rate;
    None, every limit lifted, when posts are not paced."""
    return max(OVERALL_RATE, post_rate) if post_rate else None


class Lane(enum.IntEnum):
    """Who is waiting for a request: a person (first) or the daily post (what is left)."""

    REPLY = 0
    BROADCAST = 1


class Budget(Protocol):
    """The bot-wide part of flood control: the overall rate, the post rate and the 429 pause."""

    async def take(self, lane: Lane) -> float:
        """Take one slot for `lane` and return 0, or take nothing and return seconds to wait."""
        ...

    async def paused_for(self) -> float:
        """Seconds left of a 429 pause (0 when none): requests to no chat wait only for that."""
        ...

    async def pause(self, seconds: float) -> None:
        """Telegram answered 429: nobody sends for `seconds` from now."""
        ...


class LocalBudget:
    """The budget of one process: a token bucket for the overall rate, a grid for posts.

    The bucket refills at `overall` a second up to `BURST`; a reply takes a token whenever there
    is one, a post only while more than `RESERVE` remain, and posts keep `1 / post_rate` apart.
    None for a rate lifts that limit (benchmarks, tests); the 429 pause always holds.
    """

    def __init__(self, overall: float | None, post_rate: float | None, clock: Clock) -> None:
        self.overall = overall
        self.interval = 1.0 / post_rate if post_rate else 0.0
        self.clock = clock
        self._tokens = float(BURST)
        self._filled_at = clock()
        self._next_post = 0.0
        self._paused_until = 0.0

    async def take(self, lane: Lane) -> float:
        now = self.clock()
        if wait := _due(self._paused_until - now):
            return wait
        if lane is Lane.BROADCAST and (wait := _due(self._next_post - now)):
            return wait
        if self.overall is not None:
            self._tokens = min(BURST, self._tokens + (now - self._filled_at) * self.overall)
            self._filled_at = now
            needed = 1.0 + (RESERVE if lane is Lane.BROADCAST else 0)
            if wait := _due((needed - self._tokens) / self.overall):
                return wait
            self._tokens -= 1.0
        if lane is Lane.BROADCAST:  # an interval after this one, even if it came late: a
            # grid (the last slot plus an interval) let a late post and the next go together
            self._next_post = max(self._next_post, now) + self.interval
        return 0.0

    async def paused_for(self) -> float:
        return _due(self._paused_until - self.clock())

    async def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self.clock() + seconds)


class ChatWindows:
    """Recent sends per chat, for the per-chat limits. A private chat is forgotten a second after
    its last message, a group a minute after: memory follows the recent sends, not the number of
    subscribers."""

    def __init__(self) -> None:
        # least recently sent to first, so the forgotten ones are always at the front
        self._private: OrderedDict[ChatId, float] = OrderedDict()
        self._groups: OrderedDict[ChatId, deque[float]] = OrderedDict()

    def wait(self, chat_id: ChatId, lane: Lane, now: float) -> float:
        """Seconds until `chat_id` may get a message in `lane`; 0 when it may now."""
        if not _is_group(chat_id):
            last = self._private.get(chat_id)
            if last is None or lane is Lane.REPLY:
                return 0.0
            return _due(last + CHAT_INTERVAL - now)
        recent = self._groups.get(chat_id)
        if not recent:
            return 0.0
        ready = recent[-1] + CHAT_INTERVAL if lane is Lane.BROADCAST else 0.0
        if len(recent) == GROUP_LIMIT:
            ready = max(ready, recent[0] + GROUP_WINDOW)
        return _due(ready - now)

    def record(self, chat_id: ChatId, now: float) -> None:
        if _is_group(chat_id):
            recent = self._groups.pop(chat_id, None) or deque(maxlen=GROUP_LIMIT)
            recent.append(now)
            self._groups[chat_id] = recent
        else:
            self._private.pop(chat_id, None)
            self._private[chat_id] = now
        while self._private and next(iter(self._private.values())) <= now - CHAT_INTERVAL:
            self._private.popitem(last=False)
        while self._groups and next(iter(self._groups.values()))[-1] <= now - GROUP_WINDOW:
            self._groups.popitem(last=False)

    def __len__(self) -> int:
        return len(self._private) + len(self._groups)


class FloodControl:
    """The one flood-control layer of a process: every request to a chat is admitted here."""

    def __init__(self, budget: Budget, clock: Clock, sleep: Sleep) -> None:
        self.budget = budget
        self.clock = clock
        self.sleep = sleep
        self.chats = ChatWindows()

    @classmethod
    def local(
        cls,
        post_rate: float | None,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> FloodControl:
        """One process's flood control; posts at `post_rate` (None: every limit lifted but the
        per-chat ones and 429 pauses). A post rate above Telegram's 30/s (paid broadcasts)
        raises the overall rate with it."""
        return cls(LocalBudget(overall_rate(post_rate), post_rate, clock), clock, sleep)

    async def admit(self, chat_id: ChatId | None, lane: Lane) -> None:
        """Wait until a request to `chat_id` may go in `lane`, and count it as sent now.

        A request to no chat (inline answers, button answers, getMe) is no message: it waits
        only for a 429 pause and takes no slot.
        """
        while True:
            if chat_id is None:
                wait = await self.budget.paused_for()
            else:
                wait = self.chats.wait(chat_id, lane, self.clock())
                wait = wait or await self.budget.take(lane)
            if not wait:
                if chat_id is not None:
                    self.chats.record(chat_id, self.clock())
                return
            await self.sleep(wait)

    def chat_ready(self, chat_id: ChatId, lane: Lane) -> float:
        """Seconds until `chat_id` may get a message in `lane`; 0 when it may now."""
        return self.chats.wait(chat_id, lane, self.clock())

    async def pause(self, seconds: float) -> None:
        """Telegram answered 429 (to anyone): every lane waits `seconds`."""
        await self.budget.pause(seconds)


_ADMITTED: ContextVar[bool] = ContextVar("kzun_admitted", default=False)


@contextlib.contextmanager
def admitted() -> Iterator[None]:
    """Requests made inside were admitted by their sender (the broadcaster, which claims its row
    between admission and request): the rate limiter lets them through without a second wait."""
    token = _ADMITTED.set(True)
    try:
        yield
    finally:
        _ADMITTED.reset(token)


def already_admitted() -> bool:
    return _ADMITTED.get()


def _due(wait: float) -> float:
    """`wait`, or 0 when it is too short to matter (or negative: already due)."""
    return wait if wait > _EPSILON else 0.0


def _is_group(chat_id: ChatId) -> bool:
    """Groups, supergroups and channels have negative ids; "@name" is a channel."""
    return isinstance(chat_id, str) or chat_id < 0
