"""Replicas on PostgreSQL: claims/s and posts/s with 1 and 4 `kzun-bot broadcast` processes, and
the latency of the state operations each question costs, PostgreSQL next to SQLite.

Run: `.venv/bin/python benchmarks/replicas.py [--chats 3000] [--questions 2000]`.

A throwaway PostgreSQL cluster is started (tests/postgres.py) and removed at the end. The real
`kzun-bot broadcast` runs in 1 and then 4 processes on one database (KZUN_DATABASE_URL), with the
send rate lifted, against a stand-in that accepts every sendMessage at once; the processes split
the chats through the delivery log's claims and pace through the shared send gate. Rates are
taken from the stand-in's first to last post, so start-up (loading the knowledge) is left out.
Every chat must end with exactly one post. The per-question operations are the real stores:
the preference lookup and the question-log write.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import asyncpg
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from figures import percentile  # noqa: E402

from bot.daily.subscriptions import SubscriptionStore  # noqa: E402
from bot.storage.database import Database  # noqa: E402
from bot.storage.postgres import PostgresDatabase  # noqa: E402
from bot.storage.sqlite import SQLiteDatabase  # noqa: E402
from bot.storage.stores import PreferenceStore, QuestionLog  # noqa: E402
from tests.postgres import Cluster, find_bin  # noqa: E402

DAY = "2025-03-02"  # Kazakhstan joined the UN: there is a post to send
TOKEN = "123456:bench"
BOT_USER = {"id": 123456, "is_bot": True, "first_name": "Bench", "username": "bench_bot"}


def serve_stand_in(port: int) -> None:
    """A Bot API that accepts every sendMessage at once and counts them (its own process)."""
    seen: dict[str, Any] = {"count": 0, "first": 0.0, "last": 0.0, "chats": set(), "twice": 0}

    async def get_me(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "result": BOT_USER})

    async def send(request: web.Request) -> web.Response:
        form = await request.post() if request.content_type != "application/json" else {}
        params = dict(form) or await request.json()
        chat = int(params["chat_id"])
        now = time.perf_counter()
        seen["first"] = seen["first"] or now
        seen["last"] = now
        seen["count"] += 1
        seen["twice"] += chat in seen["chats"]
        seen["chats"].add(chat)
        message = {
            "message_id": seen["count"],
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private"},
        }
        return web.json_response({"ok": True, "result": message})

    async def stats(request: web.Request) -> web.Response:
        result = {k: v for k, v in seen.items() if k != "chats"}
        seen.update(count=0, first=0.0, last=0.0, chats=set(), twice=0)
        return web.json_response(result)

    app = web.Application()
    app.router.add_post(f"/bot{TOKEN}/getMe", get_me)
    app.router.add_post(f"/bot{TOKEN}/sendMessage", send)
    app.router.add_get("/stats", stats)
    web.run_app(app, host="127.0.0.1", port=port, print=None)


async def fresh_database(cluster: Cluster, name: str, chats: int) -> str:
    admin = await asyncpg.connect(cluster.url())
    await admin.execute(f"CREATE DATABASE {name}")
    await admin.close()
    url = cluster.url(name)
    db = PostgresDatabase(url)
    store = SubscriptionStore(db)
    for chat in range(1, chats + 1):
        await store.subscribe(chat, "private", "en")
    await db.close()
    return url


async def stand_in_stats(port: int) -> dict[str, Any]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(b"GET /stats HTTP/1.0\r\nHost: x\r\n\r\n")
    body = (await reader.read()).split(b"\r\n\r\n", 1)[1]
    writer.close()
    result: dict[str, Any] = json.loads(body)
    return result


def broadcast(cluster: Cluster, port: int, chats: int, processes: int) -> None:
    url = asyncio.run(fresh_database(cluster, f"bench_{processes}", chats))
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{port}/bot",
        "KZUN_DATABASE_URL": url,
        "KZUN_SEND_RATE": "100000",  # lifted: the gate still hands out every slot in turn
        "KZUN_LOG_LEVEL": "WARNING",
    }
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        running = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "bot",
                    "broadcast",
                    "--date",
                    DAY,
                    "--data-dir",
                    f"{folder}/{n}",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for n in range(processes)
        ]
        outputs = [process.communicate()[0].decode().strip() for process in running]
        wall = time.perf_counter() - started
    seen = asyncio.run(stand_in_stats(port))
    seconds = seen["last"] - seen["first"]
    split = [line.split("sent ", 1)[1].split(",", 1)[0] for line in outputs]
    print(
        f"{processes} process(es), {chats} chats: posts {seen['count'] / seconds:,.0f}/s, "
        f"claims {seen['count'] / seconds:,.0f}/s (sending {seconds:.2f} s, wall {wall:.2f} s); "
        f"split {'/'.join(split)}; posts {seen['count']}, chats posted twice {seen['twice']}"
    )


def percentiles(samples: list[float]) -> str:
    p99 = percentile(samples, 0.99)
    return f"p50 {statistics.median(samples) * 1000:.3f} ms, p99 {p99 * 1000:.3f} ms"


async def question_ops(db: Database, questions: int) -> tuple[list[float], list[float]]:
    """Per question: the preference lookup, then the question-log write (real stores)."""
    await db.open()
    preferences, log = PreferenceStore(db), QuestionLog(db)
    for user in range(1, 1001):
        await preferences.set_language(user, "ru")
    lookups, writes = [], []
    for n in range(questions):
        started = time.perf_counter()
        await preferences.language(n % 2000)
        lookups.append(time.perf_counter() - started)
        started = time.perf_counter()
        await log.record(
            "when did kazakhstan join", "en", "answer" if n % 5 else "decline", None, 0.5
        )
        writes.append(time.perf_counter() - started)
    await db.close()
    return lookups, writes


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--chats", type=int, default=3000)
    parser.add_argument("--questions", type=int, default=2000)
    args = parser.parse_args()
    bin_dir = find_bin()
    if bin_dir is None:
        sys.exit("PostgreSQL server binaries not found: apt-get install postgresql")
    port = 18000 + os.getpid() % 1000
    stand_in = multiprocessing.Process(target=serve_stand_in, args=(port,), daemon=True)
    stand_in.start()
    cluster = Cluster(bin_dir)
    try:
        cluster.start()
        print("PostgreSQL, throwaway cluster (fsync off); fast loopback stand-in; 2 shared cores")
        for processes in (1, 4):
            broadcast(cluster, port, args.chats, processes)
        url = asyncio.run(fresh_database(cluster, "bench_questions", 0))
        pg = asyncio.run(question_ops(PostgresDatabase(url), args.questions))
    finally:
        cluster.stop()
        stand_in.terminate()
    with tempfile.TemporaryDirectory() as folder:
        lite = asyncio.run(
            question_ops(SQLiteDatabase(Path(folder) / "s.sqlite3"), args.questions)
        )
    print(f"per question, {args.questions} questions, one after another:")
    for name, postgres, sqlite in (
        ("preference lookup", pg[0], lite[0]),
        ("question log", pg[1], lite[1]),
    ):
        print(f"  {name:18} PostgreSQL {percentiles(postgres)} | SQLite {percentiles(sqlite)}")


if __name__ == "__main__":
    main()
