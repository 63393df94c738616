"""Reply latency with and without a daily-post pass, through the real python-telegram-bot stack.

Run: `.venv/bin/python benchmarks/replies_during_broadcast.py [--replies 150] [--reply-rate 10]`.

The bot is the real application (`build_application`: handlers, flood guard, the rate limiter and
its flood control) with the real knowledge and state in a temporary folder; the Bot API stand-in
of the tests serves on loopback in a process of its own. Replies are private questions handed to
`application.process_update` at `--reply-rate` a second from many users (so the per-user flood
guard never refuses one), each as its own task as PTB runs concurrent updates; a reply's latency
is the time until its handler is done, i.e. until Telegram's stand-in has answered the reply.

Rounds alternate: replies alone, then replies while the daily-post job's pass runs at the
configured rate (KZUN_SEND_RATE, 25/s) to `--subscribers` chats, and so on. Printed: reply p50 and
p99 of each condition, their ratio (target: p50 within 2x of the quiet one), and the posts a
second the pass reached while replies came in.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from figures import percentile
from standin import stand_in
from telegram import Update

from bot.config import Settings
from bot.daily.job import DailyPosts
from bot.daily.subscriptions import Due
from bot.services import Services, build_services
from bot.telegram.app import build_application
from bot.telegram.context import BotApplication

DAY = dt.date(2026, 3, 2)  # Kazakhstan joined the UN on 2 March 1992: there is a post
QUESTIONS = (
    "when did kazakhstan join the un",
    "how many peacekeepers has kazakhstan deployed",
    "когда казахстан вступил в оон",
    "what is the un80 initiative",
)


ASKERS = range(500_000, 501_000)  # 1,000 users: the flood guard allows each 1 question a second


def question(number: int) -> dict[str, Any]:
    """A private text message from one of the ASKERS."""
    user_id = ASKERS[number % len(ASKERS)]
    person = {"id": user_id, "is_bot": False, "first_name": "U", "language_code": "en"}
    return {
        "update_id": number + 1,
        "message": {
            "message_id": number + 1,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": "U"},
            "from": person,
            "text": QUESTIONS[number % len(QUESTIONS)],
        },
    }


async def replies(application: BotApplication, count: int, rate: float, first: int) -> list[float]:
    """Latencies (ms) of `count` questions handed in at `rate` a second."""
    latencies: list[float] = []

    async def one(number: int) -> None:
        update = Update.de_json(question(number), application.bot)
        started = time.perf_counter()
        await application.process_update(update)
        latencies.append((time.perf_counter() - started) * 1000)

    tasks = []
    start = time.perf_counter()
    for n in range(count):
        await asyncio.sleep(max(0.0, start + n / rate - time.perf_counter()))
        tasks.append(asyncio.create_task(one(first + n)))
    await asyncio.gather(*tasks)
    return latencies


async def subscribe(services: Services, count: int, first: int) -> list[Due]:
    """`count` fresh private chats due for DAY's post."""
    for chat in range(first, first + count):
        await services.subscriptions.subscribe(chat, "private", ("en", "ru", "kk")[chat % 3])
    subscribed = await services.subscriptions.all(active=True)
    return [Due(sub, DAY) for sub in subscribed if sub.chat_id >= first]


async def during_broadcast(
    application: BotApplication, services: Services, args: argparse.Namespace, first: int
) -> tuple[list[float], float]:
    """Reply latencies while a pass runs, and the pass's posts a second meanwhile."""
    due = await subscribe(services, args.subscribers, 1 + first * 10)
    poster = DailyPosts(application, services)
    pass_task = asyncio.create_task(poster.deliver(due))
    await asyncio.sleep(1.0)  # the pass is under way at its rate
    counted = (await services.deliveries.counts(DAY)).get("sent", 0)
    started = time.perf_counter()
    latencies = await replies(application, args.replies, args.reply_rate, first)
    seconds = time.perf_counter() - started
    posts = (await services.deliveries.counts(DAY)).get("sent", 0) - counted
    pass_task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await pass_task
    return latencies, posts / seconds


def known_chats(args: argparse.Namespace) -> list[int]:
    """Every private chat the benchmark talks to, for the stand-in to know: the askers, and the
    subscribers of each round's pass, numbered as measure() and during_broadcast() number them."""
    starts = [1 + ((n + 1) * 100_000 + 50_000) * 10 for n in range(args.rounds)]
    subscribers = [chat for start in starts for chat in range(start, start + args.subscribers)]
    return [*ASKERS, *subscribers]


async def measure(base_url: str, token: str, args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(token=token, api_base_url=base_url, data_dir=Path(folder))
        services = build_services(settings)
        application = build_application(settings, services)
        quiet: list[float] = []
        busy: list[float] = []
        rates: list[float] = []
        async with application:
            await replies(application, 20, args.reply_rate * 4, 0)  # warm-up: caches, connections
            for round_number in range(args.rounds):
                first = (round_number + 1) * 100_000
                quiet += await replies(application, args.replies, args.reply_rate, first)
                latencies, posts_per_second = await during_broadcast(
                    application, services, args, first + 50_000
                )
                busy += latencies
                rates.append(posts_per_second)
        await services.bookkeeper.drain()
        await services.db.close()
    quiet_p50, busy_p50 = statistics.median(quiet), statistics.median(busy)
    print(
        f"replies alone:            p50 {quiet_p50:6.1f} ms, p99 {percentile(quiet, 0.99):6.1f} ms"
        f" ({len(quiet)} replies at {args.reply_rate:g}/s)"
    )
    print(
        f"replies during a pass:    p50 {busy_p50:6.1f} ms, p99 {percentile(busy, 0.99):6.1f} ms"
        f" ({len(busy)} replies)"
    )
    print(
        f"ratio of p50s:            {busy_p50 / quiet_p50:.2f} (target <= 2); the pass sent "
        f"{statistics.mean(rates):.1f} posts/s meanwhile (KZUN_SEND_RATE {settings.send_rate:g})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=150, help="replies per round and condition")
    parser.add_argument("--reply-rate", type=float, default=10.0, help="questions a second")
    parser.add_argument("--subscribers", type=int, default=2000, help="chats in each pass")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with stand_in(known_chats(args)) as (base_url, token):
        asyncio.run(measure(base_url, token, args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
