"""Shared by the storage benchmarks: the database to measure and a watch on the event loop."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.storage.database import Database
from bot.storage.postgres import PostgresDatabase
from bot.storage.sqlite import SQLiteDatabase

ROOT = Path(__file__).resolve().parent.parent
TICK = 0.002  # seconds the watch sleeps between looks at the loop


class LoopWatch:
    """The longest time the event loop was kept from running a 2 ms timer, while it runs."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _watch(self) -> None:
        while True:
            started = time.perf_counter()
            await asyncio.sleep(TICK)
            self.worst = max(self.worst, time.perf_counter() - started - TICK)

    def __enter__(self) -> LoopWatch:
        self.worst = 0.0
        self._task = asyncio.get_running_loop().create_task(self._watch())
        return self

    def __exit__(self, *exc: object) -> None:
        if self._task is not None:
            self._task.cancel()


@asynccontextmanager
async def database(engine: str, folder: Path, url: str | None) -> AsyncIterator[Database]:
    """A fresh database: SQLite in `folder`, or PostgreSQL at `url` or in a throwaway cluster
    (the tests' own, tests/postgres.py)."""
    if engine == "sqlite":
        db: Database = SQLiteDatabase(folder / "state.sqlite3")
        try:
            yield db
        finally:
            await db.close()
        return
    sys.path.insert(0, str(ROOT))
    from tests.postgres import Cluster, find_bin

    cluster = None
    if url is None:
        bin_dir = find_bin()
        if bin_dir is None:
            raise SystemExit("PostgreSQL is not installed: apt-get install postgresql")
        cluster = Cluster(bin_dir)
        cluster.start()
        url = cluster.url()
    db = PostgresDatabase(url)
    try:
        await db.open()
        yield db
    finally:
        await db.close()
        if cluster is not None:
            cluster.stop()
