"""What the bot's state costs per question, on SQLite and on PostgreSQL.

Run: `.venv/bin/python benchmarks/storage_ops.py [--rounds 2000] [--database-url postgresql://…]`
(without a URL a throwaway PostgreSQL cluster is started, as the tests do).

Per question the bot reads the sender's /lang choice (before the reply) and writes the question's
outcome (beside it). Both are timed as a handler awaits them, event loop to event loop, with 5,000
users' preferences stored: median and p99, plus the longest the loop was blocked meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from pathlib import Path

from figures import percentile
from storage_tools import LoopWatch, database

from bot.storage.database import Database
from bot.storage.stores import PreferenceStore, QuestionLog

USERS = 5_000


async def timed(samples: list[float], work: object) -> None:
    started = time.perf_counter()
    await work  # type: ignore[misc]
    samples.append(time.perf_counter() - started)


async def measure(db: Database, rounds: int) -> None:
    prefs, questions = PreferenceStore(db), QuestionLog(db)
    rows = [(user, ("en", "ru", "kk")[user % 3], "2026-03-02") for user in range(1, USERS + 1)]
    await db.copy_rows("user_prefs", ("user_id", "lang", "updated_at"), rows)
    lookups: list[float] = []
    writes: list[float] = []
    with LoopWatch() as watch:
        for n in range(rounds):
            await timed(lookups, prefs.language(random.randint(1, USERS * 2)))
            status = "answer" if n % 4 else "decline"
            await timed(writes, questions.record(f"question {n}", "en", status, None, 0.2))
    for name, samples in (("preference lookup", lookups), ("question-log write", writes)):
        print(
            f"  {name:19} p50 {percentile(samples, 0.5) * 1000:6.3f} ms   "
            f"p99 {percentile(samples, 0.99) * 1000:6.3f} ms"
        )
    print(f"  event loop blocked at most {watch.worst * 1000:.1f} ms")


async def main_async(rounds: int, url: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for engine in ("sqlite", "postgresql"):
            print(f"{engine} ({rounds} questions):")
            async with database(engine, Path(folder), url) as db:
                await measure(db, rounds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--database-url", help="an existing, empty PostgreSQL database")
    args = parser.parse_args()
    asyncio.run(main_async(args.rounds, args.database_url))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
