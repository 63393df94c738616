"""Reloading the knowledge while the bot runs: by /reload, SIGHUP, or a change of its files.

A new generation is loaded and validated exactly as `kzun-bot check` does, off the event loop, and
only then swapped in as one object (`services.knowledge`). A handler that already took the old
generation finishes with it, so no update in flight is dropped or sees a mix; a broken knowledge
folder leaves the old generation serving and returns the problems.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
            fresh = await asyncio.to_thread(load_knowledge_for, services.settings)
        except KnowledgeError as error:
            problems = tuple(error.problems)
        except Exception as error:  # a bug or an unreadable file must not take the bot down
            log.exception("knowledge reload (%s) crashed; still serving the previous one", reason)
            problems = (Problem(root, 0, f"{type(error).__name__}: {error}"),)
        else:
            services.knowledge = fresh
            problems = ()
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


def install_sighup(
    services: Services, spawn: Callable[[Coroutine[Any, Any, ReloadResult]], object]
) -> None:
    """Reload on SIGHUP, the Unix convention (`systemctl reload`, `docker kill -s HUP`).

    `spawn` runs the reload as a task the application tracks (PTB's `Application.create_task`).
    """
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGHUP, lambda: spawn(reload_knowledge(services, "SIGHUP")))
