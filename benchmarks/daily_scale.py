"""The daily post at a million subscribers: the per-minute tick, one pass, memory, disk.

Run: `.venv/bin/python benchmarks/daily_scale.py [--subscribers 1000000] [--send 50000]
[--engine sqlite|postgresql] [--database-url postgresql://…]`. About 1 minute on SQLite, 2 on
PostgreSQL (2 cores); `--send 1000000` makes every subscriber due (about 8 minutes).

A million subscriptions are stored, `--send` of them due at 09:00 and the rest later in the day.
Then, as the `daily-posts` job does (`SubscriptionStore.due` page by page into `Broadcaster`):
- an idle tick at 08:59, when nothing is due: how long the scan of every subscriber takes;
- the 09:00 tick: every due post sent through the real Broadcaster (claim, send, record) with the
  rate limit lifted, to an in-process stand-in for Telegram that answers at once, so what is
  measured is the bot's own cost per post: posts/s;
- a third tick after it, which finds nothing left to send.
Throughout, a 2 ms timer measures the longest the event loop was blocked (target: ≤ 50 ms), and
the peak RSS of the process is read at the end (target: ≤ 300 MB).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import resource
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from storage_tools import LoopWatch, database

from bot.config import default_knowledge_dir
from bot.daily.anniversaries import Posts
from bot.daily.deliveries import DeliveryLog
from bot.daily.pacing import FloodControl
from bot.daily.sender import Broadcaster, Summary
from bot.daily.subscriptions import SubscriptionStore
from bot.engine.loader import load_knowledge
from bot.storage.database import Database

BATCH = 20_000
NOW = dt.datetime(2026, 3, 2, 4, 0, tzinfo=dt.UTC)  # 09:00 in Almaty on 2 March: there is a post


@dataclass
class Sent:
    message_id: int


class InstantTelegram:
    """Stands in for the Bot API: every sendMessage succeeds at once (no network, no limit)."""

    def __init__(self) -> None:
        self.sent = 0

    async def send_message(self, chat_id: int, text: str, **options: object) -> Sent:
        self.sent += 1
        return Sent(self.sent)


async def subscribe(db: Database, subscribers: int, due: int) -> float:
    """Store the subscriptions in batches; the seconds it took."""
    started = time.perf_counter()
    now = db.now()
    columns = [
        "chat_id",
        "thread_id",
        "chat_type",
        "lang",
        "time_of_day",
        "timezone",
        "active",
        "created_at",
        "updated_at",
    ]
    for first in range(1, subscribers + 1, BATCH):
        rows = [
            (chat, 0, "private", ("en", "ru", "kk")[chat % 3],
             "09:00" if chat % (subscribers // due) == 0 else "18:00",
             "Asia/Almaty", 1, now, now)
            for chat in range(first, min(first + BATCH, subscribers + 1))
        ]  # fmt: skip
        await db.copy_rows("subscriptions", columns, rows)
    return time.perf_counter() - started


async def tick(db: Database, now: dt.datetime, posts: Posts, bot: InstantTelegram) -> Summary:
    """One run of the per-minute job, as `DailyPosts.tick` does it."""
    total = Summary()
    store, log, flood = SubscriptionStore(db), DeliveryLog(db), FloodControl.local(None)
    async for page in store.due(now):
        summary = await Broadcaster(bot, store, log, posts, flood).run(page)  # type: ignore[arg-type]
        total.sent += summary.sent
        total.already += summary.already
    return total


async def size_of(db: Database, folder: Path) -> float:
    """MB the state takes on disk."""
    if db.dialect == "sqlite":
        return sum(f.stat().st_size for f in folder.glob("state.sqlite3*")) / 1e6
    rows = await db.fetch("SELECT pg_database_size(current_database()) AS n")
    return int(rows[0]["n"]) / 1e6


async def measure(engine: str, url: str | None, subscribers: int, due: int) -> None:
    kb = load_knowledge(default_knowledge_dir())
    gc.freeze()  # as `kzun-bot run` does once the knowledge is loaded
    posts, bot = Posts(kb, "skip"), InstantTelegram()
    with tempfile.TemporaryDirectory() as folder:
        async with database(engine, Path(folder), url) as db:
            seconds = await subscribe(db, subscribers, due)
            print(f"{engine}: {subscribers:,} subscriptions stored in {seconds:.0f} s")
            for label, now in (
                ("idle tick (08:59)", NOW - dt.timedelta(minutes=1)),
                ("posting tick (09:00)", NOW),
                ("tick after the pass", NOW + dt.timedelta(minutes=1)),
            ):
                with LoopWatch() as watch:
                    started = time.perf_counter()
                    summary = await tick(db, now, posts, bot)
                    took = time.perf_counter() - started
                rate = f", {summary.sent / took:,.0f} posts/s" if summary.sent else ""
                print(
                    f"  {label:21} {took:6.2f} s, sent {summary.sent:,}{rate}; "
                    f"event loop blocked at most {watch.worst * 1000:.1f} ms"
                )
            print(f"  database size {await size_of(db, Path(folder)):.0f} MB")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak RSS of the process {peak:.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=1_000_000)
    parser.add_argument("--send", type=int, default=50_000, help="how many are due at 09:00")
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--database-url", help="an existing, empty PostgreSQL database")
    args = parser.parse_args()
    asyncio.run(measure(args.engine, args.database_url, args.subscribers, args.send))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
