"""Replicas on PostgreSQL: claims/s and posts/s with 1 and 4 broadcast processes, and the latency
of the state operations a question costs, PostgreSQL next to SQLite.

Run: `.venv/bin/python benchmarks/replicas.py [--chats 4000] [--questions 2000]`.

A throwaway PostgreSQL cluster is started (tests/postgres.py) and removed at the end. Broadcast
processes claim rows of the shared delivery log exactly as the bot does (an insert that only one
process can win), take a slot of the shared send gate (limit lifted), send to a fast loopback
stand-in that answers every sendMessage at once, and settle the row; every chat must end with
one `sent` row whatever the number of processes. The per-question operations are the
preference lookup and the question-log insert, the same statements as `bot/storage/stores.py`.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import asyncpg
import httpx
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.replicas.coordinator import Coordinator  # noqa: E402
from bot.storage.database import MIGRATIONS, Database  # noqa: E402
from bot.storage.stores import PreferenceStore, QuestionLog  # noqa: E402
from tests.postgres import cluster  # noqa: E402

DAY = "2025-03-02"
LIFTED = 1_000_000.0  # messages per second: the gate still serialises, it just never waits
CLAIM = (
    "INSERT INTO deliveries (day, chat_id, thread_id, status, attempts, updated_at) "
    "VALUES ($1, $2, 0, 'sending', 1, $3) ON CONFLICT (day, chat_id, thread_id) DO UPDATE "
    "SET status = 'sending', attempts = deliveries.attempts + 1 "
    "WHERE deliveries.status = 'retry' RETURNING 1"
)
SETTLE = (
    "UPDATE deliveries SET status = 'sent', message_id = $3, updated_at = $4 "
    "WHERE day = $1 AND chat_id = $2 AND thread_id = 0"
)


def serve_stand_in(port: int) -> None:
    """A Bot API that accepts every sendMessage at once (its own process)."""

    async def send(request: web.Request) -> web.Response:
        return web.json_response(
            {"ok": True, "result": {"message_id": 1, "date": 0, "chat": {"id": 1}}}
        )

    app = web.Application()
    app.router.add_post("/bot{token}/sendMessage", send)
    web.run_app(app, host="127.0.0.1", port=port, print=None, handle_signals=True)


def broadcaster(
    url: str, port: int, chats: list[int], seed: int, out: multiprocessing.Queue
) -> None:  # type: ignore[type-arg]
    asyncio.run(_broadcast(url, port, chats, seed, out))


async def _broadcast(
    url: str, port: int, chats: list[int], seed: int, out: multiprocessing.Queue
) -> None:  # type: ignore[type-arg]
    coordinator = await Coordinator.connect(url, size=8)
    gate = coordinator.send_gate(LIFTED)
    order = chats[:]
    random.Random(seed).shuffle(order)  # each process starts elsewhere, as after a restart
    queue: asyncio.Queue[int] = asyncio.Queue()
    for chat in order:
        queue.put_nowait(chat)
    claimed = sent = 0
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}/bot1:x") as http:

        async def worker() -> None:
            nonlocal claimed, sent
            while not queue.empty():
                chat = queue.get_nowait()
                now = time.strftime("%Y-%m-%dT%H:%M:%S")
                if await coordinator.pool.fetchval(CLAIM, DAY, chat, now) is None:
                    continue
                claimed += 1
                await gate.turn()
                reply = await http.post("/sendMessage", json={"chat_id": chat, "text": "post"})
                message_id = reply.json()["result"]["message_id"]
                await coordinator.pool.execute(SETTLE, DAY, chat, message_id, now)
                sent += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(8)))
        seconds = time.perf_counter() - started
    await coordinator.close()
    out.put((claimed, sent, seconds))


def gate_only(url: str, turns: int, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    async def run() -> None:
        coordinator = await Coordinator.connect(url, size=8)
        gate = coordinator.send_gate(LIFTED, name="bench")
        await gate.turn()

        async def worker() -> None:
            for _ in range(turns // 8):
                await gate.turn()

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(8)))
        out.put(turns / (time.perf_counter() - started))
        await coordinator.close()

    asyncio.run(run())


def run_gate_only(url: str, processes: int, turns: int = 2000) -> None:
    out: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    workers = [
        multiprocessing.Process(target=gate_only, args=(url, turns, out)) for _ in range(processes)
    ]
    for process in workers:
        process.start()
    rates = [out.get() for _ in workers]
    for process in workers:
        process.join()
    print(f"  shared send gate alone, {processes} process(es): {sum(rates):,.0f} slots/s in all")


async def fresh_schema(url: str) -> None:
    connection = await asyncpg.connect(url)
    await connection.execute("DROP TABLE IF EXISTS deliveries, user_prefs, question_stats")
    sqlite_schema = MIGRATIONS[0].replace("INTEGER PRIMARY KEY,", "BIGINT PRIMARY KEY,")
    for statement in sqlite_schema.split(";"):
        if any(t in statement for t in ("deliveries", "user_prefs", "question_stats")):
            await connection.execute(statement.replace("INTEGER", "BIGINT"))
    await connection.close()


def run_broadcasts(url: str, port: int, chats: list[int], processes: int) -> None:
    asyncio.run(fresh_schema(url))
    out: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    started = time.perf_counter()
    workers = [
        multiprocessing.Process(target=broadcaster, args=(url, port, chats, n, out))
        for n in range(processes)
    ]
    for process in workers:
        process.start()
    results = [out.get() for _ in workers]
    for process in workers:
        process.join()
    wall = time.perf_counter() - started
    claimed = sum(r[0] for r in results)
    sent = sum(r[1] for r in results)
    busy = max(r[2] for r in results)

    async def count() -> tuple[int, int]:
        connection = await asyncpg.connect(url)
        rows = await connection.fetchval("SELECT count(*) FROM deliveries WHERE status = 'sent'")
        distinct = await connection.fetchval("SELECT count(DISTINCT chat_id) FROM deliveries")
        await connection.close()
        return int(rows), int(distinct)

    rows, distinct = asyncio.run(count())
    split = "/".join(str(r[1]) for r in results)
    print(
        f"{processes} process(es): {len(chats)} chats, claims {claimed / busy:,.0f}/s, "
        f"posts {sent / busy:,.0f}/s (sending {busy:.2f} s, wall with start-up {wall:.2f} s); "
        f"split {split}; sent rows {rows}, chats {distinct}, duplicates {sent - len(chats)}"
    )


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"p50 {statistics.median(ordered) * 1000:.3f} ms, p99 {p99 * 1000:.3f} ms"


async def postgres_question_ops(url: str, questions: int) -> tuple[list[float], list[float]]:
    pool = await asyncpg.create_pool(url, min_size=1, max_size=4)
    await pool.execute(
        "INSERT INTO user_prefs (user_id, lang, updated_at) "
        "SELECT g, 'ru', 'x' FROM generate_series(1, 1000) g ON CONFLICT DO NOTHING"
    )
    lookups, logs = [], []
    for n in range(questions):
        started = time.perf_counter()
        await pool.fetchval("SELECT lang FROM user_prefs WHERE user_id = $1", n % 2000)
        lookups.append(time.perf_counter() - started)
        started = time.perf_counter()
        await pool.execute(
            "INSERT INTO question_stats (asked_at, lang, status) VALUES ($1, $2, $3)",
            "2025-03-02T07:00:00+00:00",
            "en",
            "answer",
        )
        logs.append(time.perf_counter() - started)
    await pool.close()
    return lookups, logs


def sqlite_question_ops(questions: int) -> tuple[list[float], list[float]]:
    with tempfile.TemporaryDirectory() as folder:
        db = Database(Path(folder) / "state.sqlite3")
        preferences, log = PreferenceStore(db), QuestionLog(db)
        for user in range(1, 1001):
            preferences.set_language(user, "ru")
        lookups, logs = [], []
        for n in range(questions):
            started = time.perf_counter()
            preferences.language(n % 2000)
            lookups.append(time.perf_counter() - started)
            started = time.perf_counter()
            log.record("q", "en", "answer", None, 0.9)
            logs.append(time.perf_counter() - started)
        db.close()
    return lookups, logs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=4000)
    parser.add_argument("--questions", type=int, default=2000)
    args = parser.parse_args()
    port = 18000 + random.randrange(1000)
    stand_in = multiprocessing.Process(target=serve_stand_in, args=(port,), daemon=True)
    stand_in.start()
    time.sleep(1.0)  # the stand-in binds its port
    chats = list(range(1, args.chats + 1))
    try:
        with cluster() as url:
            print("PostgreSQL 15, throwaway cluster (fsync off); fast loopback stand-in")
            for processes in (1, 4):
                run_broadcasts(url, port, chats, processes)
            for processes in (1, 4):
                run_gate_only(url, processes)
            pg_lookup, pg_log = asyncio.run(postgres_question_ops(url, args.questions))
        sql_lookup, sql_log = sqlite_question_ops(args.questions)
    finally:
        stand_in.terminate()
    print(f"per question, {args.questions} questions:")
    for name, postgres, sqlite in (
        ("preference lookup", pg_lookup, sql_lookup),
        ("question log", pg_log, sql_log),
    ):
        print(f"  {name:18} PostgreSQL {percentiles(postgres)} | SQLite {percentiles(sqlite)}")


if __name__ == "__main__":
    main()
