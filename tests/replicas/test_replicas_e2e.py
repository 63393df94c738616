"""Three `kzun-bot run` replicas on one PostgreSQL, against the loopback Bot API stand-in."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import socket
import sys
from collections import Counter
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.daily.deliveries import SENDING, SENT, UNKNOWN, DeliveryLog
from bot.daily.sender import WORKERS
from bot.daily.subscriptions import SubscriptionStore
from bot.storage.postgres import PostgresDatabase
from tests.conftest import ROOT
from tests.daily.test_broadcast import DAY
from tests.fakes.botapi import BotAPI
from tests.fakes.updates import private_chat, private_message, user

# The rate windows below are measured on the wall clock across processes: one test at a time
# (pytest-xdist runs the group in one worker), so two of them never share the cores.
pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("rate-windows")]

SECRET = "replica-secret_1"
QUESTION = "When did Kazakhstan join the UN?"
HOLD = 3.0  # seconds Telegram takes to answer while the kill test holds its answers
REPEATED = "kzun_repeated_updates_total "  # the metric of copies dropped (bot/ops/metrics.py)
ADMIN = user("Admin", language_code="en")

Start = Callable[..., "asyncio.Future[Replica]"]


class Replica:
    """One `kzun-bot run` child process; its log goes to a file (three would fill pipes)."""

    def __init__(self, process: asyncio.subprocess.Process, log: Path, port: int) -> None:
        self.process = process
        self.log = log
        self.port = port

    def logged(self, marker: str) -> bool:
        return marker in self.log.read_text(encoding="utf-8", errors="replace")

    async def wait_logged(self, marker: str, timeout: float = 60) -> None:
        async with asyncio.timeout(timeout):
            while not self.logged(marker):
                assert self.process.returncode is None, self.log.read_text()
                await asyncio.sleep(0.1)


async def repeated_updates(http: aiohttp.ClientSession, replica: Replica) -> float:
    """The copies of updates the replica dropped as already taken, from its /metrics."""
    async with http.get(f"http://127.0.0.1:{replica.port}/metrics") as response:
        lines = (await response.text()).splitlines()
    return sum(float(line.split()[-1]) for line in lines if line.startswith(REPEATED))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def replicas(
    botapi: BotAPI, pg_url: str, tmp_path: Path
) -> AsyncIterator[Callable[..., Any]]:
    """Start replicas on one database; all are killed at the end."""
    started: list[Replica] = []

    async def start(number: int, *args: str) -> Replica:
        port = free_port()
        log = tmp_path / f"replica-{number}.log"
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": botapi.token,
            "TELEGRAM_API_BASE_URL": botapi.base_url,
            "KZUN_DATABASE_URL": pg_url,
            "KZUN_DATA_DIR": str(tmp_path / f"data-{number}"),
            "KZUN_LISTEN": "127.0.0.1",
            "KZUN_PORT": str(port),
            "KZUN_LOG_LEVEL": "INFO",
            "KZUN_ADMIN_IDS": str(ADMIN["id"]),
        }
        with log.open("wb") as sink:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", *args, cwd=ROOT, env=env,
                stdin=asyncio.subprocess.DEVNULL, stdout=sink, stderr=sink,
            )  # fmt: skip
        replica = Replica(process, log, port)
        started.append(replica)
        return replica

    yield start
    for replica in started:
        if replica.process.returncode is None:
            replica.process.kill()
        await replica.process.wait()


async def test_three_webhook_replicas_answer_every_update_once(
    botapi: BotAPI, replicas: Callable[..., Any]
) -> None:
    webhook = ("--webhook-url", "https://bot.example.org/telegram", "--webhook-secret", SECRET)
    group = [await replicas(number, *webhook) for number in range(3)]
    for replica in group:
        await replica.wait_logged("is up")
    assert len(botapi.calls_to("setWebhook")) == 1  # one registration, not three

    people = [user(f"Asker {n}", language_code="en") for n in range(30)]
    updates = [botapi.register(private_message(QUESTION, user=person)) for person in people]
    async with aiohttp.ClientSession() as http:

        async def deliver(update: dict[str, Any], replica: Replica) -> int:
            async with http.post(
                f"http://127.0.0.1:{replica.port}/telegram",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
            ) as response:
                return response.status

        # Every update reaches one replica; every third also reaches a second one at once,
        # as when Telegram re-sends it or a balancer retries it elsewhere.
        sends = []
        for n, update in enumerate(updates):
            sends.append(deliver(update, group[n % 3]))
            if n % 3 == 0:
                sends.append(deliver(update, group[(n + 1) % 3]))
        statuses = await asyncio.gather(*sends)
        assert set(statuses) == {200}
        await botapi.wait_for("sendMessage", len(people), timeout=30)
        # Every copy accounted for, so no reply can still come: each update sent twice was
        # dropped once, by whichever replica saw it second.
        async with asyncio.timeout(30):
            while sum([await repeated_updates(http, replica) for replica in group]) < 10:
                await asyncio.sleep(0.05)
        assert sum([await repeated_updates(http, replica) for replica in group]) == 10
    replies = Counter(call.chat_id for call in botapi.calls_to("sendMessage"))
    assert replies == Counter({person["id"]: 1 for person in people})
    assert all("1992" in call.text for call in botapi.calls_to("sendMessage"))

    # An admin's /reload reaches one replica; every replica reloads.
    async with aiohttp.ClientSession() as http:
        reload = botapi.register(private_message("/reload", user=ADMIN))
        async with http.post(
            f"http://127.0.0.1:{group[0].port}/telegram",
            json=reload,
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
        ) as response:
            assert response.status == 200
    await botapi.wait_for("sendMessage", 1, chat_id=ADMIN["id"], timeout=30)
    await group[1].wait_logged("knowledge reloaded (another replica asked)", timeout=30)
    await group[2].wait_logged("knowledge reloaded (another replica asked)", timeout=30)
    assert not group[0].logged("another replica asked")  # it had reloaded already


async def test_polling_moves_to_a_standby_when_the_leader_is_killed(
    botapi: BotAPI, replicas: Callable[..., Any]
) -> None:
    first = await replicas(0)
    await first.wait_logged("holds the polling lease")
    second = await replicas(1)
    await second.wait_logged("is up")
    alice, bob = user("Alice", language_code="en"), user("Bob", language_code="en")
    botapi.push(private_message(QUESTION, user=alice))
    await botapi.wait_for("sendMessage", 1, chat_id=alice["id"], timeout=20)
    assert not second.logged("holds the polling lease")  # passive while the first lives

    first.process.send_signal(signal.SIGKILL)
    await first.process.wait()
    await second.wait_logged("holds the polling lease", timeout=15)
    botapi.push(private_message(QUESTION, user=bob))
    await botapi.wait_for("sendMessage", 1, chat_id=bob["id"], timeout=20)
    assert len(botapi.calls_to("sendMessage", chat_id=alice["id"])) == 1


async def broadcast_process(
    botapi: BotAPI, pg_url: str, data_dir: Path, rate: float
) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": botapi.token,
        "TELEGRAM_API_BASE_URL": botapi.base_url,
        "KZUN_DATABASE_URL": pg_url,
        "KZUN_DATA_DIR": str(data_dir),
        "KZUN_SEND_RATE": str(rate),
        "KZUN_LOG_LEVEL": "WARNING",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "broadcast", "--date", DAY.isoformat(), cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def subscribe(botapi: BotAPI, url: str, chats: list[int]) -> None:
    """People who started the bot, subscribed in the shared PostgreSQL state."""
    state = PostgresDatabase(url)
    store = SubscriptionStore(state)
    for chat in chats:
        botapi.add_chat(private_chat(user(user_id=chat)))
        await store.subscribe(chat, "private", "en")
    await state.close()


async def three_broadcasts(
    botapi: BotAPI, url: str, tmp_path: Path, rate: float, chats: list[int]
) -> list[asyncio.subprocess.Process]:
    """`chats` subscribed, then three `kzun-bot broadcast` processes on that state at once."""
    await subscribe(botapi, url, chats)
    return [await broadcast_process(botapi, url, tmp_path / f"data-{n}", rate) for n in range(3)]


def busiest_second(times: list[float]) -> int:
    """The most calls in any window of one second."""
    times = sorted(times)
    start, most = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


async def test_three_broadcast_processes_share_one_send_rate_and_429_pause(
    botapi: BotAPI, pg_url: str, tmp_path: Path
) -> None:
    rate, chats = 50.0, list(range(1000, 1150))
    processes = await three_broadcasts(botapi, pg_url, tmp_path, rate, chats)
    await botapi.wait_for("sendMessage", 30, timeout=30)
    flood = botapi.fail("sendMessage", status=429, retry_after=1)  # one process hits it
    outputs = [await asyncio.wait_for(p.communicate(), 60) for p in processes]
    assert [p.returncode for p in processes] == [0, 0, 0], outputs
    assert flood.times == 0
    sent = [call for call in botapi.calls_to("sendMessage") if call.ok]
    assert sorted(call.chat_id for call in sent) == chats  # each chat once, split three ways
    # Together, never more than the one configured rate (+10%) in any second.
    assert busiest_second([call.at for call in sent]) <= rate * 1.1
    # After the 429 every process waited: the requests already on their way arrive (how many
    # depends on how busy the machine is), then nothing for most of the second Telegram asked
    # for, where the rate alone would leave 20 ms between two posts.
    [refused] = [
        call for call in botapi.calls_to("sendMessage") if call.outcome.startswith("error 429")
    ]
    after = [refused.at, *sorted(call.at for call in sent if call.at > refused.at)]
    assert max(later - earlier for earlier, later in itertools.pairwise(after)) >= 0.7


async def test_daily_post_split_over_three_processes_survives_a_kill_and_a_rerun(
    botapi: BotAPI, pg_url: str, tmp_path: Path
) -> None:
    # 400 chats: a second under way before the kill, some 3 s of sending after it.
    rate, chats = 100.0, list(range(5000, 5400))
    group = await three_broadcasts(botapi, pg_url, tmp_path, rate, chats)
    await botapi.wait_for("sendMessage", 100, timeout=60)
    # Telegram now takes each post and answers it 3 s later (under the bot's 5 s read timeout,
    # past which the processes would count an outage), so requests are in flight at the kill:
    # the case where the log must neither resend nor lose track.
    hold = botapi.fail("sendMessage", status=None, delay=HOLD, delivered=True, times=None)
    since = len(botapi.calls)
    state = PostgresDatabase(pg_url)

    def held(margin: float) -> set[int]:
        """Chats whose request is held here, and stays held at least `margin` seconds more."""
        now = asyncio.get_running_loop().time()
        calls = botapi.calls[since:]
        return {
            c.chat_id for c in calls if c.method == "sendMessage" and c.at + HOLD > now + margin
        }

    async def quiet() -> bool:
        """Every worker of every process waits on an answer that will not come for a second,
        and every claim in the log has its request here: no worker is between claiming a chat
        and asking Telegram, where a kill would strand the chat. (A process at the end of a
        page has idle workers: then this waits until its answers come and it takes a page.)"""
        waiting = held(margin=1.0)
        if len(waiting) < 3 * WORKERS:
            return False
        rows = await DeliveryLog(state).on_day(DAY)
        return {row.chat_id for row in rows if row.status == SENDING} <= waiting

    async with asyncio.timeout(30):
        while not await quiet():
            await asyncio.sleep(0.01)
    in_flight = len(held(margin=0.0))
    victim, *others = group
    victim.send_signal(signal.SIGKILL)
    await victim.wait()
    hold.times = 0
    hold.release()
    for process in others:
        _, err = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode == 0, err.decode()
    rerun = await broadcast_process(botapi, pg_url, tmp_path / "data-rerun", rate)
    out, err = await asyncio.wait_for(rerun.communicate(), 60)
    assert rerun.returncode == 0, err.decode()
    # The survivors had already taken over the killed process's share: nothing was left.
    assert out.decode().startswith(f"{DAY.isoformat()}: sent 0,"), out.decode()

    received = Counter(call.chat_id for call in botapi.sent())
    assert set(received) == set(chats)  # 0 lost
    assert max(received.values()) == 1  # 0 duplicates
    counts = await DeliveryLog(state).counts(DAY)
    await state.close()
    assert counts.get(SENT, 0) + counts.get(UNKNOWN, 0) == len(chats)
    assert counts.get(UNKNOWN, 0) <= in_flight  # only the killed process's requests in flight
    ok = [call.at for call in botapi.calls_to("sendMessage") if call.ok]
    assert busiest_second(ok) <= rate * 1.1
