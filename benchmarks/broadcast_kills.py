"""What a `kill -9` in the middle of a daily-post pass leaves behind, over many kills.

Run: `.venv/bin/python benchmarks/broadcast_kills.py [--kills 10] [--rate 25]`.

Each round runs `kzun-bot broadcast` (a real process, real HTTP) against the Bot API stand-in on
loopback, paced at `--rate`, kills it with SIGKILL after a random number of posts, counts the rows
left `sending` (they become `unknown`: never resent), then runs the pass again to the end. Printed:
stranded rows per kill (mean, max) against the workers' count, and duplicates (must be 0).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import signal
import statistics
import sys
import tempfile
from pathlib import Path

from bot.daily.deliveries import SENDING, DeliveryLog
from bot.daily.sender import WORKERS
from bot.daily.subscriptions import SubscriptionStore
from bot.storage.sqlite import SQLiteDatabase

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the stand-in, the CLI runner
from tests.daily.test_broadcast import DAY, run_cli
from tests.fakes.botapi import BotAPI
from tests.fakes.updates import private_chat, user


async def one_kill(api: BotAPI, people: int, rate: float, seed: int) -> tuple[int, int]:
    """Stranded rows after one kill, and chats that got the post more than once."""
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        state = SQLiteDatabase(data_dir / "kzun-bot.sqlite3")
        store = SubscriptionStore(state)
        chats = range(seed * 10_000, seed * 10_000 + people)
        for chat in chats:
            await store.subscribe(chat, "private", "en")
            api.add_chat(private_chat(user(user_id=chat)))  # each started the bot
        before = len(api.calls)
        first = await run_cli(api, data_dir, rate=rate)
        await api.wait_for("sendMessage", random.randint(5, people // 2), since=before, timeout=60)
        first.send_signal(signal.SIGKILL)
        await first.wait()
        stranded = sum(row.status == SENDING for row in await DeliveryLog(state).on_day(DAY))
        second = await run_cli(api, data_dir)
        await second.communicate()
        twice = sum(len(api.sent(chat)) > 1 for chat in chats)
        await state.close()
    return stranded, twice


async def measure(kills: int, people: int, rate: float) -> None:
    async with BotAPI() as api:
        results = [await one_kill(api, people, rate, seed) for seed in range(1, kills + 1)]
    stranded = [left for left, _ in results]
    print(
        f"{kills} kills at {rate:g} posts/s: stranded rows per kill mean "
        f"{statistics.mean(stranded):.1f}, max {max(stranded)} (workers: {WORKERS}); "
        f"chats that got the post twice: {sum(twice for _, twice in results)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--subscribers", type=int, default=60)
    parser.add_argument("--rate", type=float, default=25.0, help="KZUN_SEND_RATE of the pass")
    args = parser.parse_args()
    asyncio.run(measure(args.kills, args.subscribers, args.rate))
    return 0


if __name__ == "__main__":
    sys.exit(main())
