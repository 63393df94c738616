"""Updates per second and reply latency through the whole bot: python-telegram-bot, HTTP, engine.

Run: `.venv/bin/python benchmarks/end_to_end.py [--updates 3000] [--rate 100] [--seconds 10]`.

The bot is the real `kzun-bot run` code (long polling, handlers, matcher, rendering, SQLite) in
a process of its own, with Telegram's flood limits lifted (only the bot's own cost is measured).
The Bot API stand-in and the load run in this process. The bot's CPU per update is the figure
that does not depend on what else the machine is doing; 1000 divided by it is what one core can
take. Two measurements, after a warm-up of 200 questions:
- throughput: `--updates` questions queued at once, each from a new person; updates/s from the
  first fetch to the last reply, and the bot's CPU per update (target >= 300 updates/s);
- latency: questions arriving at `--rate` per second for `--seconds`; p50 and p99 from the
  moment Telegram has an update to the moment its reply arrives (target p99 <= 50 ms at 100/s).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import signal
import sys
import tempfile
from pathlib import Path

from figures import percentile
from traffic import (
    TimedBotAPI,
    chat_of,
    cpu_seconds,
    pushed_at_rate,
    question_update,
    questions,
    rss_mb,
)

WARM_UP = 200
LIFTED = 1_000_000.0  # messages per second: no flood limit but Telegram's per-chat ones


def serve_bot(base_url: str, token: str, data_dir: str) -> None:
    """The child process: `kzun-bot run` against the stand-in, flood limits lifted (a send rate
    above Telegram's 30/s raises the overall budget with it, as paid broadcasts do)."""
    from bot.config import Settings
    from bot.ops.logs import setup_logging
    from bot.telegram.runner import run

    setup_logging("WARNING", [token])
    settings = Settings(
        token=token, api_base_url=base_url, data_dir=Path(data_dir), send_rate=LIFTED
    )
    if os.environ.get("KZUN_BENCH_PROFILE"):  # where the bot's CPU goes, for a developer
        import cProfile

        cProfile.runctx("run(settings)", globals(), locals(), os.environ["KZUN_BENCH_PROFILE"])
        sys.exit(0)
    sys.exit(run(settings))


async def measure(updates: int, rate: float, seconds: float) -> int:
    api = TimedBotAPI()
    await api.start()
    loop = asyncio.get_running_loop()
    asked = questions()
    with tempfile.TemporaryDirectory() as folder:
        context = multiprocessing.get_context("spawn")
        bot = context.Process(target=serve_bot, args=(api.base_url, api.token, folder))
        bot.start()
        assert bot.pid is not None
        try:
            await api.wait_for("getUpdates", timeout=120)
            for number in range(WARM_UP):
                api.push(question_update(asked[number % len(asked)]))
            assert await api.until_replied(WARM_UP, 120), "warm-up not answered"

            batch = [question_update(asked[n % len(asked)]) for n in range(updates)]
            cpu, started = cpu_seconds(bot.pid), loop.time()
            for update in batch:
                api.push(update)
            done = await api.until_replied(WARM_UP + updates, 300)
            took, used = loop.time() - started, cpu_seconds(bot.pid) - cpu
            answered = sum(chat_of(u) in api.replied for u in batch)
            print(
                f"throughput: {answered}/{updates} answered in {took:.2f} s = "
                f"{answered / took:.0f} updates/s; bot CPU {1000 * used / updates:.2f} ms per "
                f"update{'' if done else ' (TIMED OUT)'}"
            )

            paced = [question_update(asked[n % len(asked)]) for n in range(int(rate * seconds))]
            pushed = await pushed_at_rate(api, paced, rate)
            await api.until_replied(WARM_UP + updates + len(paced), 60)
            latencies = [
                api.replied[chat] - at for chat, at in pushed.items() if chat in api.replied
            ]
            print(
                f"latency at {rate:g} updates/s for {seconds:g} s: {len(latencies)}/{len(paced)} "
                f"answered; p50 {1000 * percentile(latencies, 0.5):.1f} ms, "
                f"p99 {1000 * percentile(latencies, 0.99):.1f} ms, "
                f"max {1000 * max(latencies, default=0):.1f} ms; bot RSS {rss_mb(bot.pid):.0f} MB"
            )
        finally:
            os.kill(bot.pid, signal.SIGTERM)
            bot.join(30)
            await api.stop()
    return 0 if bot.exitcode == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=3000, help="questions for throughput")
    parser.add_argument("--rate", type=float, default=100.0, help="updates/s for latency")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long at that rate")
    args = parser.parse_args()
    return asyncio.run(measure(args.updates, args.rate, args.seconds))


if __name__ == "__main__":
    sys.exit(main())
