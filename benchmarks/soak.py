"""A soak of the real `kzun-bot run`: mixed traffic, a locked database, and a SIGTERM at the end.

Run: `.venv/bin/python benchmarks/soak.py [--updates 10000] [--rate 40] [--lock 20]`
(about updates/rate + 30 seconds; loopback only, nothing leaves the machine).

The bot runs as a process with its production settings (flood limits on: 30 messages/s) and
long-polls the Bot API stand-in in this process. Traffic, offered at `--rate` updates/s:
private questions in three languages (some with lone surrogates), /start and /help, inline
queries, questions to the bot in groups, group chatter it must ignore, edited messages, and
updates PTB cannot parse. Halfway through, another process holds a write lock on the bot's
database for `--lock` seconds. Right after the last update, SIGTERM.

Printed: answered/expected (a reply or an inline answer where one is due), p50/p99 from an
update reaching Telegram to its answer, RSS at start and end, seconds from SIGTERM to exit, the
updates confirmed to Telegram but never answered (must be 0) and those handed back unconfirmed.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import signal
import sqlite3
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from figures import percentile
from traffic import TimedBotAPI, questions, rss_mb

from tests.conftest import start_bot
from tests.fakes.updates import group, message, private_chat, user

_ids = itertools.count(20_000_000)


@dataclass
class Expected:
    """What the traffic asked for: per chat, when each update that needs a reply was pushed."""

    replies: dict[int, list[tuple[int, float]]] = field(default_factory=dict)  # chat: (id, at)
    inline: dict[str, tuple[int, float]] = field(default_factory=dict)  # query id: (id, at)

    def reply(self, chat_id: int, update_id: int, at: float) -> None:
        self.replies.setdefault(chat_id, []).append((update_id, at))

    @property
    def count(self) -> int:
        return sum(map(len, self.replies.values())) + len(self.inline)


def person() -> dict[str, Any]:
    number = next(_ids)
    return user(f"P{number}", user_id=number, language_code=("en", "ru", "kk")[number % 3])


def mixed(number: int, asked: list[str], groups: list[dict[str, Any]]) -> tuple[str, dict]:
    """The `number`-th update of the mix and what it expects: reply, inline or nothing."""
    kind = number % 20
    question = asked[number % len(asked)]
    who = person()
    if kind < 9:  # private questions; one in nine with a lone surrogate from a broken client
        text = question + (" \ud800" if kind == 8 else "")
        return "reply", {"message": message(text, chat=private_chat(who), sender=who)}
    if kind == 9:
        text = ("/start", "/help", "/topics")[number % 3]
        return "reply", {"message": message(text, chat=private_chat(who), sender=who)}
    if kind in (10, 11):
        query = {"id": str(next(_ids)), "from": who, "query": question[:60], "offset": ""}
        return "inline", {"inline_query": query}
    chat = groups[number % len(groups)]
    if kind in (12, 13):
        text = f"/ask@kzun_test_bot {question}"
        return "reply", {"message": message(text, chat=chat, sender=who)}
    if kind < 17:  # chatter the bot must not answer
        return "none", {"message": message("see you at lunch", chat=chat, sender=who)}
    if kind == 17:
        sent = message(question, chat=private_chat(who), sender=who)
        return "none", {"edited_message": {**sent, "edit_date": sent["date"] + 5}}
    broken = message(question, chat=private_chat(who), sender=who)
    broken["date"] = "yesterday"  # PTB cannot parse this update
    return "none", {"message": broken}


async def hold_lock(database: Path, seconds: float) -> None:
    """Another process's write transaction on the bot's database for `seconds`."""
    connection = sqlite3.connect(database, timeout=30, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        await asyncio.sleep(seconds)
        connection.execute("COMMIT")
    finally:
        connection.close()


async def soak(updates: int, rate: float, lock: float) -> int:
    api = TimedBotAPI()
    await api.start()
    loop = asyncio.get_running_loop()
    asked = questions()
    groups = [group(f"Group {n}") for n in range(400)]
    expected = Expected()
    with tempfile.TemporaryDirectory() as folder:
        data_dir, log = Path(folder) / "data", Path(folder) / "bot.log"
        with log.open("wb") as sink:  # the child keeps its own copy of the file
            bot = await start_bot(api, data_dir, log_level="INFO", log=sink)
        await api.wait_for("getUpdates", timeout=120)
        rss_start = rss_mb(bot.pid)
        locker: asyncio.Task[None] | None = None
        start = loop.time()
        for number in range(updates):
            delay = start + number / rate - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            if number == updates // 2:
                locker = asyncio.create_task(hold_lock(data_dir / "kzun-bot.sqlite3", lock))
            wants, update = mixed(number, asked, groups)
            pushed = api.push(update)
            if wants == "reply":
                chat = next(v for v in update.values())["chat"]["id"]
                expected.reply(chat, pushed["update_id"], loop.time())
            elif wants == "inline":
                expected.inline[update["inline_query"]["id"]] = (pushed["update_id"], loop.time())
        rss_end = rss_mb(bot.pid)
        bot.send_signal(signal.SIGTERM)
        stopped = loop.time()
        code = await asyncio.wait_for(bot.wait(), 60)
        exit_seconds = loop.time() - stopped
        if locker is not None:
            await locker
        report(api, expected, rss_start, rss_end, exit_seconds, code)
        output = log.read_text(errors="replace")
        print(
            f"bot log: {output.count(chr(10))} lines, {output.count(' ERROR ')} ERROR, "
            f"{output.count('Traceback')} tracebacks, "
            f"{output.count('cannot be read')} unreadable updates skipped"
        )
        for line in [line for line in output.splitlines() if " ERROR " in line][:3]:
            print(f"  {line[:160]}")
    await api.stop()
    return 0 if code == 0 else 1


def report(
    api: TimedBotAPI,
    expected: Expected,
    rss_start: float,
    rss_end: float,
    exit_seconds: float,
    code: int | None,
) -> None:
    confirmed_below = max(int(c.params.get("offset", 0)) for c in api.calls_to("getUpdates"))
    latencies: list[float] = []
    answered = lost = handed_back = 0
    for chat, wanted in expected.replies.items():
        got = api.replies.get(chat, [])
        for (update_id, at), reply in itertools.zip_longest(wanted, got[: len(wanted)]):
            if reply is not None:
                answered += 1
                latencies.append(reply - at)
            elif update_id < confirmed_below:
                lost += 1
            else:
                handed_back += 1
    for query_id, (update_id, at) in expected.inline.items():
        if query_id in api.inline_answered:
            answered += 1
            latencies.append(api.inline_answered[query_id] - at)
        elif update_id < confirmed_below:
            lost += 1
        else:
            handed_back += 1
    p50, p99 = (1000 * percentile(latencies, share) for share in (0.5, 0.99))
    print(
        f"answered/expected: {answered}/{expected.count}; p50 {p50:.0f} ms, p99 {p99:.0f} ms, "
        f"max {1000 * max(latencies, default=0):.0f} ms"
    )
    print(f"RSS: {rss_start:.0f} MB at start, {rss_end:.0f} MB at the end")
    print(f"SIGTERM to exit: {exit_seconds:.1f} s, exit status {code}")
    print(f"confirmed but unanswered: {lost} (must be 0); handed back unconfirmed: {handed_back}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=40.0, help="updates offered per second")
    parser.add_argument("--lock", type=float, default=20.0, help="seconds the database is locked")
    args = parser.parse_args()
    return asyncio.run(soak(args.updates, args.rate, args.lock))


if __name__ == "__main__":
    sys.exit(main())
