"""`kzun-bot db check` and `kzun-bot db copy`: look at the state database, or move it.

Both print one clear line on failure and exit 1; `db copy` exits 1 too when a table's count at
the target is below the source's after the copy.
"""

from __future__ import annotations

import asyncio
import sys

from bot.config import Settings
from bot.storage.database import Database, StorageError, open_database
from bot.storage.schema import LATEST
from bot.storage.transfer import COPIED, copy_all, count, shown


def check(settings: Settings) -> int:
    """`kzun-bot db check`: connect, report the engine, schema version and row counts."""
    where = settings.database_url or str(settings.database_path)
    try:
        return asyncio.run(_check(open_database(settings.database_url, settings.database_path)))
    except StorageError as error:
        print(f"kzun-bot: {shown(where)}: {error}", file=sys.stderr)
        return 1


async def _check(db: Database) -> int:
    try:
        await db.open()
        version = await db.schema_version()
        counts = {table: await count(db, table) for table in COPIED}
    finally:
        await db.close()
    print(f"{db.dialect}: connected, schema version {version} (this bot's: {LATEST})")
    print(", ".join(f"{table} {n}" for table, n in counts.items()))
    return 0


def copy(settings: Settings, source_url: str, target_url: str) -> int:
    """`kzun-bot db copy --from URL --to URL`: copy every row the target lacks, then verify."""
    try:
        return asyncio.run(_copy(settings, source_url, target_url))
    except StorageError as error:
        print(f"kzun-bot: copy failed: {error}", file=sys.stderr)
        return 1


async def _copy(settings: Settings, source_url: str, target_url: str) -> int:
    source = open_database(source_url, settings.database_path)
    try:
        target = open_database(target_url, settings.database_path)
        try:
            results = await copy_all(source, target)
        finally:
            await target.close()
    finally:
        await source.close()
    print(f"{shown(source_url)} -> {shown(target_url)}")
    for result in results:
        mark = "ok" if result.complete else "MISSING ROWS"
        print(
            f"  {result.table}: {result.source} at the source, {result.copied} copied, "
            f"{result.target} at the target: {mark}"
        )
    return 0 if all(result.complete for result in results) else 1
