"""Reloading the knowledge while the bot runs: by /reload, SIGHUP, or a change of its files.

A new generation is loaded and validated exactly as `kzun-bot check` does, in a separate process,
and only then swapped in as one object (`services.knowledge`). A thread would not do: loading is
pure Python and holds the interpreter lock for a third of a second, during which every reply waits
for its turn (p99 latency went from 0.17 s to 5.9 s during reloads under load); the process hands
back a pickled generation, which takes ~15 ms to unpack. A handler that already took the old
generation finishes with it, so no update in flight is dropped or sees a mix; a broken knowledge
folder leaves the old generation serving and returns the problems.

Requests are coalesced (`ReloadRequests`): a storm of SIGHUPs gives one reload under way and at
most one more after it, and a request before the bot is up waits for it instead of killing it.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
import time
from collections.abc import Callable, Coroutine
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.config import Settings
from bot.engine.generation import Knowledge
from bot.engine.knowledge import KnowledgeError, Problem
from bot.services import Services, load_knowledge_for

log = logging.getLogger(__name__)

_LOGGED_PROBLEMS = 20  # enough to act on; the rest is one `kzun-bot check` away

Snapshot = dict[str, tuple[int, int]]


@dataclass(frozen=True)
class ReloadResult:
    """What a reload did: the generation now served, and why the new one was refused if it was."""

    knowledge: Knowledge
    problems: tuple[Problem, ...]
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.problems


async def reload_knowledge(services: Services, reason: str) -> ReloadResult:
    """Swap in freshly validated knowledge, or keep the current one and return the problems."""
    root = services.settings.knowledge_dir
    async with services.reload_lock:
        started = time.perf_counter()
        try:
            built = await _in_a_process(services.settings)
        except Exception as error:  # a bug or an unreadable file must not take the bot down
            log.exception("knowledge reload (%s) crashed; still serving the previous one", reason)
            problems: tuple[Problem, ...] = (Problem(root, 0, f"{type(error).__name__}: {error}"),)
        else:
            if isinstance(built, Knowledge):
                services.knowledge = built
                problems = ()
            else:
                problems = built
        seconds = time.perf_counter() - started
    services.metrics.observe_reload(not problems)
    if problems:
        log.warning(
            "knowledge reload (%s) refused, %d problem(s); still serving %d facts:\n%s",
            reason,
            len(problems),
            len(services.knowledge.kb.facts),
            "\n".join(str(p) for p in problems[:_LOGGED_PROBLEMS]),
        )
    else:
        log.info(
            "knowledge reloaded (%s) in %.2f s: %s",
            reason,
            seconds,
            services.knowledge.coverage.summary(),
        )
    return ReloadResult(services.knowledge, problems, seconds)


async def _in_a_process(settings: Settings) -> Knowledge | tuple[Problem, ...]:
    """`build` run in a fresh process ("forkserver": no copy of this one's threads and locks)."""
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return await asyncio.get_running_loop().run_in_executor(pool, build, settings)


def build(settings: Settings) -> Knowledge | tuple[Problem, ...]:
    """The new generation, or its problems (returned, not raised: they cross a process)."""
    try:
        return load_knowledge_for(settings)
    except KnowledgeError as error:
        return tuple(error.problems)


class ReloadRequests:
    """Reload requests, coalesced: while one reload runs, any number of requests make one more.

    Until `start` is called (the bot is up), requests are remembered and run then, once.
    """

    def __init__(self, services: Services) -> None:
        self.services = services
        self._spawn: Callable[[Coroutine[Any, Any, None]], object] | None = None
        self._pending: str | None = None  # the reason of a request not yet acted on
        self._running = False

    def request(self, reason: str) -> None:
        """Ask for a reload; it runs now, after the one under way, or once the bot is up."""
        if self._pending is not None:
            log.debug("reload request (%s) merged with one already waiting", reason)
            return
        self._pending = reason
        if self._spawn is None:
            log.info("reload requested (%s) during start-up; it runs once the bot is up", reason)
        elif not self._running:
            self._running = True
            self._spawn(self._run())

    def start(self, spawn: Callable[[Coroutine[Any, Any, None]], object]) -> None:
        """From now on run reloads with `spawn` (PTB's `Application.create_task`)."""
        self._spawn = spawn
        if self._pending is not None and not self._running:
            self._running = True
            spawn(self._run())

    async def _run(self) -> None:
        try:
            while self._pending is not None:
                reason, self._pending = self._pending, None
                await reload_knowledge(self.services, reason)
        finally:
            self._running = False


def snapshot(root: Path) -> Snapshot:
    """Name, modification time and size of each knowledge file: a change in any is an edit."""
    files = {}
    for path in sorted(root.glob("*.yaml")):
        try:
            stat = path.stat()
        except FileNotFoundError:  # deleted between listing and stat: the next poll sees it gone
            continue
        files[path.name] = (stat.st_mtime_ns, stat.st_size)
    return files


class KnowledgeWatcher:
    """Notices edits to `knowledge/*.yaml` by polling, and reloads once they have settled.

    An editor or `git pull` writes files one after another; reloading only when two polls in a
    row agree avoids validating a half-written folder, at the cost of one poll interval.
    """

    def __init__(self, services: Services) -> None:
        self.services = services
        self.loaded = snapshot(services.settings.knowledge_dir)
        self.seen = self.loaded

    async def poll(self) -> ReloadResult | None:
        """Reload if the files changed and stayed unchanged since the previous poll."""
        current = snapshot(self.services.settings.knowledge_dir)
        settled, self.seen = current == self.seen, current
        if not settled or current == self.loaded:
            return None
        self.loaded = current
        return await reload_knowledge(self.services, "files changed")


def install_sighup(requests: ReloadRequests) -> None:
    """Reload on SIGHUP, the Unix convention (`systemctl reload`, `docker kill -s HUP`)."""
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGHUP, requests.request, "SIGHUP")
