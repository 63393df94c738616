"""Moving an installation between databases (`kzun-bot db copy`) and checking one (`db check`).

A copy walks each table in key order, a batch at a time (keyset pagination: memory stays flat at
a million rows), and inserts what the target does not have yet, by primary key. So a copy
interrupted half-way is simply run again, and a second run copies nothing. Leases are not
copied: they are claims of running processes, meaningless elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.storage.database import Database
from bot.storage.schema import TABLES

BATCH = 5_000
COPIED = tuple(table for table in TABLES if table != "leases")


@dataclass(frozen=True)
class TableCopy:
    """One table's copy: rows at the source, rows new at the target, rows there afterwards."""

    table: str
    source: int
    copied: int
    target: int

    @property
    def complete(self) -> bool:
        """Every source row has arrived (the target may hold more, written there by a bot)."""
        return self.target >= self.source


async def count(db: Database, table: str) -> int:
    rows = await db.fetch(f"SELECT COUNT(*) AS n FROM {table}")
    return int(rows[0]["n"])


async def copy_table(source: Database, target: Database, table: str) -> TableCopy:
    key = TABLES[table]
    order = ", ".join(key)
    copied = 0
    after: tuple[object, ...] | None = None
    while True:
        where = f"WHERE ({order}) > ({', '.join('?' * len(key))}) " if after else ""
        rows = await source.fetch(
            f"SELECT * FROM {table} {where}ORDER BY {order} LIMIT {BATCH}", after or ()
        )
        if not rows:
            break
        columns = list(rows[0])
        copied += await target.copy_rows(table, columns, [tuple(r.values()) for r in rows])
        after = tuple(rows[-1][column] for column in key)
    return TableCopy(table, await count(source, table), copied, await count(target, table))


async def copy_all(source: Database, target: Database) -> list[TableCopy]:
    """Copy every table (both databases are migrated to the current schema on open)."""
    await source.open()
    await target.open()
    return [await copy_table(source, target, table) for table in COPIED]


def shown(url: str) -> str:
    """A database URL fit for printing: the password, if any, replaced."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)
