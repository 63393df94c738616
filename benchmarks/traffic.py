"""What the end-to-end benchmark and the soak share: a timed stand-in, questions, process figures.

The Bot API stand-in of the tests (tests/fakes) runs in the benchmark's own process and notes when
each chat's reply arrives; the bot runs in another process, as in production, and is measured
from outside through /proc (CPU seconds, resident memory).
"""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the stand-in lives with the tests

from bot.commands.evaluation import load_items  # noqa: E402
from tests.fakes.botapi import BotAPI  # noqa: E402
from tests.fakes.updates import private_message, user  # noqa: E402

LANGS = ("en", "ru", "kk")
_TICKS = os.sysconf("SC_CLK_TCK")


class TimedBotAPI(BotAPI):
    """The stand-in, noting when replies arrive (loop time): the first to each chat, every
    message to each chat, and the answer to each inline query."""

    def __init__(self) -> None:
        super().__init__()
        self.replied: dict[int, float] = {}
        self.replies: dict[int, list[float]] = {}
        self.inline_answered: dict[str, float] = {}
        self._target = 0
        self._reached = asyncio.Event()

    def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        sent = super()._send_message(params)
        chat_id, now = sent["chat"]["id"], asyncio.get_running_loop().time()
        self.replied.setdefault(chat_id, now)
        self.replies.setdefault(chat_id, []).append(now)
        if len(self.replied) >= self._target:
            self._reached.set()
        return sent

    def _answer_inline_query(self, params: dict[str, Any]) -> bool:
        answered = super()._answer_inline_query(params)
        self.inline_answered[params["inline_query_id"]] = asyncio.get_running_loop().time()
        return answered

    async def until_replied(self, count: int, timeout: float) -> bool:
        """Wait until `count` chats have a reply; False if `timeout` seconds pass first."""
        self._target = count
        self._reached.clear()
        if len(self.replied) >= count:
            return True
        try:
            async with asyncio.timeout(timeout):
                await self._reached.wait()
        except TimeoutError:
            return False
        return True


def questions() -> list[str]:
    """The evaluation questions (en, ru, kk; answerable and not), in a fixed order."""
    return [item.question for item in load_items(ROOT / "tests/data/questions.yaml")]


_people = itertools.count(10_000_000)


def question_update(text: str) -> dict[str, Any]:
    """A private question from a person never seen before (so no flood limit applies)."""
    person_id = next(_people)
    person = user(f"P{person_id}", user_id=person_id, language_code=LANGS[person_id % 3])
    return private_message(text, user=person)


def chat_of(update: dict[str, Any]) -> int:
    return int(update["message"]["chat"]["id"])


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


def rss_mb(pid: int) -> float:
    """Resident memory of the process now."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def pushed_at_rate(
    api: BotAPI, updates: list[dict[str, Any]], rate: float
) -> dict[int, float]:
    """Push `updates` at `rate` per second; when each was pushed, by its chat."""
    loop = asyncio.get_running_loop()
    start = loop.time()
    pushed: dict[int, float] = {}
    for number, update in enumerate(updates):
        delay = start + number / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        api.push(update)
        pushed[chat_of(update)] = loop.time()
    return pushed
