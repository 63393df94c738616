"""One async storage interface for every store, with two backends behind it.

- **SQLite** (`bot.storage.sqlite`), the default: one file under `KZUN_DATA_DIR`, for one process.
- **PostgreSQL** (`bot.storage.postgres`), when `KZUN_DATABASE_URL` is `postgresql://…`: for
  several replicas sharing one state.

Stores speak one small dialect of SQL that both engines accept (`?` placeholders, `ON CONFLICT`
upserts, row values, partial indexes) through four coroutines: `fetch` (rows), `execute` (one
statement, its row count), `write` (several statements as one transaction) and `ping`. Nothing
here blocks the event loop: SQLite runs in worker threads, PostgreSQL through an async driver.
Every driver failure reaches callers as `StorageError`, so handlers catch one type, and the last
failure is kept for /healthz.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from bot.clock import Clock, utc_now
from bot.config import POSTGRES_SCHEMES

Row = Mapping[str, Any]
Params = tuple[Any, ...]
Statement = tuple[str, Params]
Dialect = Literal["sqlite", "postgresql"]
# A write of bookkeeping (statistics, chats seen) waits this long for a lock at most; an
# interactive write (/lang, /subscribe) a little longer. Neither ever waits on the event loop.
SHORT_WAIT = 0.2
INTERACTIVE_WAIT = 2.0
# A failure this recent (seconds) makes /healthz say "degraded": reads may work while writes
# fail (a full disk, a lock held elsewhere), so one successful read must not hide it.
TROUBLE_WINDOW = 60.0


class StorageError(Exception):
    """The state cannot be read or written: a locked, full, corrupt or unreachable database."""


@dataclass
class Health:
    """The last storage failure and when things last worked, for /healthz and /metrics."""

    last_error: str | None = None
    failed_at: float | None = None  # time.monotonic() of the last failure
    ok_at: float = 0.0  # time.monotonic() of the last success

    def trouble(self, window: float = TROUBLE_WINDOW) -> str | None:
        """The last failure if it happened within `window` seconds, else None."""
        if self.failed_at is None or time.monotonic() - self.failed_at > window:
            return None
        return self.last_error


class Database(ABC):
    """The state of the bot: async, one dialect of SQL, one error type."""

    dialect: Dialect

    def __init__(self, clock: Clock = utc_now) -> None:
        self.clock = clock
        self.health = Health()

    @abstractmethod
    async def fetch(self, sql: str, params: Params = (), *, wait: float = SHORT_WAIT) -> list[Row]:
        """The rows a query returns."""

    @abstractmethod
    async def execute(self, sql: str, params: Params = (), *, wait: float = SHORT_WAIT) -> int:
        """Run one statement in its own transaction; how many rows it changed."""

    @abstractmethod
    async def write(
        self, statements: Sequence[Statement], *, wait: float = INTERACTIVE_WAIT
    ) -> list[int]:
        """Run statements as one transaction (all or nothing); each one's changed-row count."""

    @abstractmethod
    async def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Params]) -> int:
        """Insert rows that are not there yet (by primary key); how many were new."""

    @abstractmethod
    async def schema_version(self) -> int:
        """How far the schema is migrated."""

    @abstractmethod
    async def close(self) -> None:
        """Release connections and threads; the object cannot be used afterwards."""

    async def open(self) -> None:
        """Connect and migrate now rather than on first use (PostgreSQL), to fail at start."""
        await self.schema_version()

    async def ping(self, timeout: float = 1.0) -> None:
        """A trivial query, within `timeout` seconds; StorageError when it fails."""
        try:
            await asyncio.wait_for(self.fetch("SELECT 1 AS one", wait=timeout), timeout)
        except TimeoutError as error:
            raise self._failed(error) from error

    def now(self) -> str:
        return self.clock().astimezone(dt.UTC).isoformat(timespec="seconds")

    def _ok(self) -> None:
        self.health.ok_at = time.monotonic()

    def _failed(self, error: BaseException) -> StorageError:
        """Note the failure and turn it into the one error type callers catch."""
        self.health.last_error = f"{type(error).__name__}: {error}"
        self.health.failed_at = time.monotonic()
        return (
            error if isinstance(error, StorageError) else StorageError(str(error) or repr(error))
        )


def open_database(url: str | None, default: Path, clock: Clock = utc_now) -> Database:
    """The database a URL names: `sqlite:///path` a file, `postgresql://…` a server, and no URL
    the SQLite file at `default` (`kzun-bot.sqlite3` in the data folder, where it always was)."""
    if url is None or not url.strip():
        from bot.storage.sqlite import SQLiteDatabase

        return SQLiteDatabase(default, clock)
    url = url.strip()
    if url.startswith("sqlite:///"):
        from bot.storage.sqlite import SQLiteDatabase

        return SQLiteDatabase(Path(url.removeprefix("sqlite://")), clock)
    if url.startswith(POSTGRES_SCHEMES):
        from bot.storage.postgres import PostgresDatabase

        return PostgresDatabase(url, clock)
    raise StorageError("use sqlite:///path/to/file or postgresql://user@host/database")
