"""The PostgreSQL backend, for several replicas of the bot sharing one state.

Driver: **asyncpg**. It is asyncio-native (no thread hop per query, unlike psycopg 3's sync
core under an async veneer), ships as a self-contained wheel (no libpq to install next to the
bot), has its own connection pool, and is the faster of the two on the short single-row queries
the bot makes per update (preference lookup, question count). Its one strictness, `$1`
placeholders, is absorbed here: stores write `?` for both engines and `_numbered` rewrites them.

The schema version is a row in `schema_version`; migrations run under an advisory lock, so
replicas starting together migrate once. Every call has a timeout, so an unreachable or locked
server costs a bounded wait, never a stuck handler.
"""

from __future__ import annotations

import asyncio
import functools
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import asyncpg

from bot.clock import Clock, utc_now
from bot.storage import schema
from bot.storage.database import (
    INTERACTIVE_WAIT,
    SHORT_WAIT,
    Database,
    Params,
    Row,
    Statement,
    StorageError,
)

T = TypeVar("T")
_MIGRATION_LOCK = 0x6B7A756E  # "kzun": one advisory lock id for schema changes
_CONNECT_TIMEOUT = 5.0
POOL_SIZE = 10
# What a network or server failure can raise; all become StorageError.
_ERRORS = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, asyncio.TimeoutError)


class PostgresDatabase(Database):
    """The state in a PostgreSQL database; connects (and migrates) on first use."""

    dialect = "postgresql"

    def __init__(self, url: str, clock: Clock = utc_now) -> None:
        super().__init__(clock)
        self.url = url
        self._pool: asyncpg.Pool | None = None
        self._closed = False
        self._opening = asyncio.Lock()

    async def fetch(self, sql: str, params: Params = (), *, wait: float = SHORT_WAIT) -> list[Row]:
        async def run(connection: Any) -> list[Row]:
            rows = await connection.fetch(_numbered(sql), *params, timeout=wait)
            return [dict(row) for row in rows]

        return await self._with(run, wait)

    async def execute(self, sql: str, params: Params = (), *, wait: float = SHORT_WAIT) -> int:
        return (await self.write([(sql, params)], wait=wait))[0]

    async def write(
        self, statements: Sequence[Statement], *, wait: float = INTERACTIVE_WAIT
    ) -> list[int]:
        async def run(connection: Any) -> list[int]:
            async with connection.transaction():
                return [
                    row_count(await connection.execute(_numbered(sql), *p, timeout=wait))
                    for sql, p in statements
                ]

        return await self._with(run, wait)

    async def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Params]) -> int:
        names = ", ".join(columns)
        marks = ", ".join(f"${n}" for n in range(1, len(columns) + 1))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING"

        async def run(connection: Any) -> int:
            async with connection.transaction():
                before = await connection.fetchval(f"SELECT count(*) FROM {table}")
                await connection.executemany(sql, rows)
                if table == "unanswered":  # copied ids: new rows must be numbered after them
                    await connection.execute(
                        "SELECT setval(pg_get_serial_sequence('unanswered', 'id'), "
                        "GREATEST((SELECT max(id) FROM unanswered), 1))"
                    )
                return int(await connection.fetchval(f"SELECT count(*) FROM {table}") - before)

        return await self._with(run, 60.0)

    async def schema_version(self) -> int:
        rows = await self.fetch("SELECT max(version) AS version FROM schema_version")
        return int(rows[0]["version"] or 0)

    async def close(self) -> None:
        self._closed = True
        if self._pool is not None:
            pool, self._pool = self._pool, None
            await pool.close()

    async def _with(self, work: Callable[[Any], Awaitable[T]], wait: float) -> T:
        """Run `work` on a pooled connection; any driver failure becomes a StorageError."""
        try:
            pool = await self._connected()
            async with pool.acquire(timeout=max(wait, 0.1)) as connection:
                result = await work(connection)
        except (*_ERRORS, StorageError) as error:
            raise self._failed(error) from error
        self._ok()
        return result

    async def _connected(self) -> asyncpg.Pool:
        async with self._opening:
            if self._closed:
                raise StorageError("the database connection is closed")
            if self._pool is None:
                pool = await asyncpg.create_pool(
                    self.url, min_size=1, max_size=POOL_SIZE, timeout=_CONNECT_TIMEOUT
                )
                try:
                    async with pool.acquire() as connection:
                        await _migrate(connection)
                except BaseException:
                    await pool.close()
                    raise
                self._pool = pool
            return self._pool


async def _migrate(connection: Any) -> None:
    async with connection.transaction():
        await connection.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK)
        await connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_version "
            "(version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        version = int(
            await connection.fetchval("SELECT COALESCE(max(version), 0) FROM schema_version")
        )
        if version > schema.LATEST:
            raise StorageError(f"schema version {version} is newer than this bot knows")
        for number, script in enumerate(schema.POSTGRESQL[version:], start=version + 1):
            for statement in schema.statements(script):
                await connection.execute(statement)
            await connection.execute("INSERT INTO schema_version (version) VALUES ($1)", number)


@functools.lru_cache(maxsize=512)
def _numbered(sql: str) -> str:
    """`?` placeholders as PostgreSQL's `$1, $2, …` (our SQL has no `?` inside literals)."""
    counter = iter(range(1, sql.count("?") + 1))
    return re.sub(r"\?", lambda _: f"${next(counter)}", sql)


def row_count(status: str) -> int:
    """The row count in a command tag such as `UPDATE 3` or `INSERT 0 1`."""
    last = status.rsplit(" ", 1)[-1]
    return int(last) if last.isdigit() else 0
