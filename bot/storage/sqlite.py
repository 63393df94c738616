"""The SQLite backend: one file, WAL mode, and two worker threads so the event loop never waits.

SQLite's calls block, so each runs in a thread of its own with its own connection: a *reader*
(WAL lets it read while a write is under way, or while another process holds the write lock)
and a *writer* (SQLite allows one writer at a time anyway, so one thread loses nothing). A
preference lookup therefore never queues behind a slow write. Busy timeouts are short and set
per call, so a lock held elsewhere costs a bookkeeping write 0.2 s, not the bot its replies.

One short transaction per change survives `kill -9` at any moment: a change is committed whole
or not at all. Chat ids are INTEGER (64-bit), as Telegram needs.
"""

from __future__ import annotations

import asyncio
import functools
import sqlite3
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

from bot.clock import Clock, utc_now
from bot.storage import schema
from bot.storage.database import INTERACTIVE_WAIT, SHORT_WAIT, Database, Params, Row, Statement
from bot.storage.database import StorageError as StorageError
from bot.storage.privacy import mask

T = TypeVar("T")


class SQLiteDatabase(Database):
    """The state in one SQLite file, migrated on open."""

    dialect = "sqlite"

    def __init__(self, path: Path, clock: Clock = utc_now) -> None:
        super().__init__(clock)
        self.path = path
        self._closed = False
        self._reader_thread = ThreadPoolExecutor(1, thread_name_prefix="sqlite-read")
        self._writer_thread = ThreadPoolExecutor(1, thread_name_prefix="sqlite-write")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = self._connect()
            self._migrate()
            self._reader = self._connect()
        except (sqlite3.Error, OSError) as error:
            self._shutdown_threads()
            raise StorageError(f"{path}: {error}") from error

    def _connect(self) -> sqlite3.Connection:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so transactions are explicit.
        # check_same_thread=False: each connection is only ever used by its own worker thread.
        connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        connection.row_factory = sqlite3.Row
        connection.execute(f"PRAGMA busy_timeout={int(INTERACTIVE_WAIT * 1000)}")
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        return connection

    def _migrate(self) -> None:
        version = int(self._writer.execute("PRAGMA user_version").fetchone()[0])
        if version > schema.LATEST:
            raise StorageError(f"schema version {version} is newer than this bot knows")
        for number, script in enumerate(schema.SQLITE[version:], start=version + 1):
            _transaction(self._writer, functools.partial(_upgrade, number=number, script=script))

    async def fetch(self, sql: str, params: Params = (), *, wait: float = SHORT_WAIT) -> list[Row]:
        def run() -> list[Row]:
            _set_wait(self._reader, wait)
            return [dict(row) for row in self._reader.execute(sql, params).fetchall()]

        return await self._in(self._reader_thread, run)

    async def execute(self, sql: str, params: Params = (), *, wait: float = SHORT_WAIT) -> int:
        return (await self.write([(sql, params)], wait=wait))[0]

    async def write(
        self, statements: Sequence[Statement], *, wait: float = INTERACTIVE_WAIT
    ) -> list[int]:
        def run() -> list[int]:
            _set_wait(self._writer, wait)
            return _transaction(
                self._writer, lambda c: [c.execute(sql, p).rowcount for sql, p in statements]
            )

        return await self._in(self._writer_thread, run)

    async def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Params]) -> int:
        names = ", ".join(columns)
        marks = ", ".join("?" * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING"

        def run() -> int:
            before = self._writer.total_changes
            _transaction(self._writer, lambda c: c.executemany(sql, rows))
            return self._writer.total_changes - before

        return await self._in(self._writer_thread, run)

    async def schema_version(self) -> int:
        rows = await self.fetch("PRAGMA user_version")
        return int(next(iter(rows[0].values())))

    async def close(self) -> None:
        if not self._closed:
            self._closed = True
            await asyncio.to_thread(self._close_sync)

    def _close_sync(self) -> None:
        for executor, connection in (
            (self._reader_thread, self._reader),
            (self._writer_thread, self._writer),
        ):
            executor.submit(connection.close).result()
        self._shutdown_threads()

    def _shutdown_threads(self) -> None:
        self._reader_thread.shutdown(wait=True)
        self._writer_thread.shutdown(wait=True)

    async def _in(self, thread: ThreadPoolExecutor, work: Callable[[], T]) -> T:
        """Run `work` in the connection's thread; its failure becomes a StorageError."""
        try:
            result = await asyncio.get_running_loop().run_in_executor(thread, work)
        except (sqlite3.Error, OSError, RuntimeError) as error:  # RuntimeError: after close()
            raise self._failed(error) from error
        self._ok()
        return result


def _set_wait(connection: sqlite3.Connection, seconds: float) -> None:
    connection.execute(f"PRAGMA busy_timeout={int(seconds * 1000)}")


def _transaction(connection: sqlite3.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error, so a change is all or nothing."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        result = work(connection)
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    connection.execute("COMMIT")
    return result


def _upgrade(connection: sqlite3.Connection, number: int, script: str) -> None:
    for statement in schema.statements(script):
        connection.execute(statement)
    if number == 2:  # texts stored before masking existed are masked now
        _mask_unanswered(connection)
    connection.execute(f"PRAGMA user_version={number}")


def _mask_unanswered(connection: sqlite3.Connection) -> None:
    rows = connection.execute("SELECT id, text FROM unanswered").fetchall()
    for row in rows:
        masked = mask(str(row["text"]))
        if masked != row["text"]:
            connection.execute("UPDATE unanswered SET text = ? WHERE id = ?", (masked, row["id"]))
