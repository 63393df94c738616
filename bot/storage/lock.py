"""Locks on the data folder: one bot per folder, one delivery pass at a time.

The kernel drops a lock when its holder dies, kill -9 included, so a crash leaves no stale one.
"""

from __future__ import annotations

import fcntl
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


def try_lock(path: Path) -> IO[str] | None:
    """An exclusive lock on `path`, or None when another process holds it.

    The kernel drops the lock when its holder dies, kill -9 included, so a crash never leaves a
    stale lock behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


@contextmanager
def pass_lock(data_dir: Path) -> Iterator[bool]:
    """One delivery pass at a time per state folder (the bot's job and `kzun-bot broadcast`):
    the log already prevents duplicates, this keeps two passes from doubling the send rate."""
    handle = try_lock(data_dir / "broadcast.lock")
    try:
        yield handle is not None
    finally:
        if handle is not None:
            handle.close()


def instance_lock(data_dir: Path) -> IO[str]:
    """Lock the state folder for this process's lifetime: a second `kzun-bot run` on the same
    state would double every daily job (and fight over getUpdates)."""
    handle = try_lock(data_dir / "kzun-bot.lock")
    if handle is None:
        raise RuntimeError(f"another kzun-bot is already running with the data folder {data_dir}")
    return handle
