"""How fast one day's post reaches 10,000 subscribers, through the real engine and real HTTP.

Run: `.venv/bin/python benchmarks/broadcast.py [--subscribers 10000] [--limited 500]`.

The Bot API stand-in of the tests serves on loopback in a process of its own, so its records do
not count against the bot's memory. Three measurements:
- with the rate limit lifted: every subscriber, as fast as the engine goes (target >= 300/s);
- with the production limit (KZUN_SEND_RATE, 25/s): `--limited` subscribers; the rate should sit
  at the limit, not below it;
- memory: the peak the engine allocates during a pass (tracemalloc) for a tenth of the
  subscribers and for all of them; it grows with the subscription rows only.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from standin import stand_in
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.config import Settings, default_knowledge_dir
from bot.daily.anniversaries import Posts
from bot.daily.deliveries import DeliveryLog
from bot.daily.pacing import FloodControl
from bot.daily.sender import WORKERS, Broadcaster, Summary
from bot.daily.subscriptions import Due, SubscriptionStore
from bot.engine.loader import load_knowledge
from bot.storage.database import Database
from bot.storage.sqlite import SQLiteDatabase

DAY = dt.date(2026, 3, 2)  # Kazakhstan joined the UN on 2 March 1992: there is a post


async def subscribe(db: Database, count: int) -> list[Due]:
    """`count` private chats subscribed, as the pass snapshots them."""
    now = db.now()
    columns = ("chat_id", "thread_id", "chat_type", "lang", "time_of_day", "timezone", "active")
    rows = [
        (chat, 0, "private", ("en", "ru", "kk")[chat % 3], "09:00", "Asia/Almaty", 1, now, now)
        for chat in range(1, count + 1)
    ]
    await db.copy_rows("subscriptions", (*columns, "created_at", "updated_at"), rows)
    return [Due(sub, DAY) for sub in await SubscriptionStore(db).all(active=True)]


async def one_pass(
    base_url: str, token: str, count: int, rate: float | None
) -> tuple[Summary, float]:
    """Deliver to `count` fresh subscribers; the summary and the seconds it took."""
    kb = load_knowledge(default_knowledge_dir())
    with tempfile.TemporaryDirectory() as folder:
        db = SQLiteDatabase(Path(folder) / "state.sqlite3")
        due = await subscribe(db, count)
        bot = Bot(token, base_url=base_url, request=HTTPXRequest(connection_pool_size=WORKERS + 2))
        async with bot:
            flood = FloodControl.local(rate)
            engine = Broadcaster(
                bot, SubscriptionStore(db), DeliveryLog(db), Posts(kb, "skip"), flood
            )
            started = time.perf_counter()
            summary = await engine.run(due)
            seconds = time.perf_counter() - started
        await db.close()
    return summary, seconds


async def peak_memory(base_url: str, token: str, count: int) -> float:
    """MB the pass allocates at its peak, rows and snapshot included."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    before = tracemalloc.get_traced_memory()[0]
    await one_pass(base_url, token, count, None)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return (peak - before) / 1e6


async def measure(base_url: str, token: str, subscribers: int, limited: int) -> None:
    rate = Settings().send_rate
    summary, seconds = await one_pass(base_url, token, subscribers, None)
    print(
        f"limit lifted:   {summary.sent} sent in {seconds:.1f} s = {summary.sent / seconds:.0f}/s"
    )
    summary, seconds = await one_pass(base_url, token, limited, rate)
    # n messages at r per second take (n - 1) / r seconds: the first goes at once
    print(
        f"limit {rate:g}/s:   {summary.sent} sent in {seconds:.1f} s = "
        f"{(summary.sent - 1) / seconds:.1f}/s"
    )
    small = await peak_memory(base_url, token, subscribers // 10)
    large = await peak_memory(base_url, token, subscribers)
    per_row = (large - small) * 1e6 / (subscribers - subscribers // 10)
    print(
        f"peak memory:    {small:.1f} MB for {subscribers // 10} subscribers, {large:.1f} MB for "
        f"{subscribers} ({per_row / 1000:.1f} kB per subscriber)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--limited", type=int, default=500, help="subscribers for the 25/s run")
    args = parser.parse_args()
    with stand_in(range(1, max(args.subscribers, args.limited) + 1)) as (base_url, token):
        asyncio.run(measure(base_url, token, args.subscribers, args.limited))
    return 0


if __name__ == "__main__":
    sys.exit(main())
