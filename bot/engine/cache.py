"""A compiled copy of the knowledge on disk, so that a process whose files and code are unchanged
starts without reading, validating and indexing them again.

The build costs some 0.4 s of CPU in every process that answers or posts (`run`, each replica,
`broadcast`, `ask`, a reload); reading the compiled copy costs some 25 ms. The key covers all the
build reads: every file of the knowledge folder and its path, the thresholds asked for, the
source of the `bot` package and the Python version. The seed files a source names are recorded in
the entry with their digests and compared on every read. So an edit to any input is a miss,
never a stale answer. Any trouble with the cache (an unwritable or full folder, a corrupt entry,
a file another user could have written) only costs the time of a build: it is never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from bot.engine.bulk import collector_paused

if TYPE_CHECKING:
    from bot.engine.generation import Knowledge

log = logging.getLogger(__name__)

KEEP = 8  # entries kept (about 2 MB each): the current knowledge, and a few edits back
_SUFFIX = ".pickle"


@cache
def _code_digest() -> bytes:
    """The `bot` package's source and the interpreter: what decides how the knowledge is built
    and how its objects pickle."""
    digest = hashlib.sha256(sys.version.encode())
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.digest()


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cache_key(root: Path, answer: float | None, clarify: float | None) -> str:
    """The name of the entry for this knowledge folder, these thresholds and this code."""
    root = root.resolve()
    digest = hashlib.sha256(_code_digest())
    digest.update(f"{root}\0{answer}\0{clarify}\0".encode())
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


class KnowledgeCache:
    """Compiled knowledge entries in one folder, private to the user running the bot."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def get(self, key: str) -> Knowledge | None:
        """The entry under `key` if it is there, ours, readable and its seeds are unchanged."""
        path = self.folder / f"{key}{_SUFFIX}"
        try:
            with path.open("rb") as file:
                if not _private(os.fstat(file.fileno())):
                    return None
                with collector_paused():  # as when it was built (bulk.py)
                    seeds, knowledge = pickle.load(file)
            if any(_file_digest(Path(seed)) != digest for seed, digest in seeds.items()):
                return None
            os.utime(path)  # most recently used: kept longest
        except FileNotFoundError:
            return None
        except Exception as error:  # a corrupt or foreign entry is a miss, whatever it raises
            log.debug("compiled knowledge %s not used: %r", path.name, error)
            return None
        return knowledge  # type: ignore[no-any-return]

    def put(self, key: str, knowledge: Knowledge, seeds: Iterable[Path]) -> None:
        """Store `knowledge` under `key`, replacing any entry atomically, and drop the oldest."""
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            entry = ({str(seed): _file_digest(seed) for seed in seeds}, knowledge)
            _write_atomically(self.folder / f"{key}{_SUFFIX}", entry)
            self._prune()
        except Exception as error:  # read-only, full, no home folder, or not picklable: the
            # knowledge is built and answers all the same
            log.debug("compiled knowledge not stored in %s: %r", self.folder, error)

    def _prune(self) -> None:
        entries = sorted(
            self.folder.glob(f"*{_SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for old in entries[KEEP:]:
            with contextlib.suppress(FileNotFoundError):
                old.unlink()


def _write_atomically(path: Path, entry: object) -> None:
    """Readers see the old entry or the whole new one, never a part; a failed write leaves
    nothing behind."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with open(fd, "wb") as file:
            pickle.dump(entry, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _private(status: os.stat_result) -> bool:
    """Written by this user and by no one else: a pickle can run code when it is read."""
    if not hasattr(os, "geteuid"):
        return True
    return status.st_uid == os.geteuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def cached(
    folder: Path | None,
    root: Path,
    thresholds: tuple[float | None, float | None],
    build: Callable[[], Knowledge],
) -> Knowledge:
    """The compiled knowledge from `folder` if it is current, else `build()` stored there."""
    if folder is None:
        return build()
    store = KnowledgeCache(folder)
    key = cache_key(root, *thresholds)
    knowledge = store.get(key)
    if knowledge is None:
        knowledge = build()
        store.put(key, knowledge, (source.seed for source in knowledge.kb.sources.values()))
    return knowledge
