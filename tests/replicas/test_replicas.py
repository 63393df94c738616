"""Coordination of replicas on a real PostgreSQL server (a throwaway cluster, see conftest)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from bot.cli import main
from bot.daily.pacing import BURST, RESERVE, FloodControl, Lane, LocalBudget
from bot.replicas.budget import SharedBudget
from bot.replicas.coordinator import Coordinator
from bot.replicas.lease import Lease


def test_webhook_replicas_without_a_fixed_secret_get_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:abc")
    monkeypatch.setenv("KZUN_DATABASE_URL", "postgresql://kzun@127.0.0.1:1/kzun")
    argv = ["run", "--data-dir", str(tmp_path), "--webhook-url", "https://bot.example.org/t"]
    assert main(argv) == 2
    [line] = capsys.readouterr().err.splitlines()
    assert "KZUN_WEBHOOK_SECRET" in line and "KZUN_DATABASE_URL" in line


@pytest.fixture
async def replicas(pg_url: str) -> AsyncIterator[list[Coordinator]]:
    """Three coordinators on one database, as three replicas of the bot would have."""
    group = [await Coordinator.connect(pg_url) for _ in range(3)]
    for number, coordinator in enumerate(group):
        coordinator.name = f"replica-{number}"
    yield group
    for coordinator in group:
        await coordinator.close()


async def test_update_seen_by_three_replicas_at_once_is_handled_by_one(
    replicas: list[Coordinator],
) -> None:
    results = await asyncio.gather(
        *(replica.first_sight(update_id) for update_id in range(100, 150) for replica in replicas)
    )
    assert sum(results) == 50  # each of the 50 updates, once
    assert sum(replica.duplicates for replica in replicas) == 100
    assert await replicas[0].first_sight(151)
    assert not await replicas[1].first_sight(151)  # a retry later is still a repeat


async def test_seen_updates_are_forgotten_after_telegram_stops_resending(
    replicas: list[Coordinator],
) -> None:
    first = replicas[0]
    await first.first_sight(1)
    await first.first_sight(2)
    await first.pool.execute(
        "UPDATE seen_updates SET seen_at = now() - interval '26 hours' WHERE update_id = 1"
    )
    assert await first.forget_old_updates() == 1
    assert await first.first_sight(1)  # forgotten
    assert not await first.first_sight(2)  # still remembered


async def test_unreachable_database_lets_the_update_through(pg_url: str) -> None:
    coordinator = await Coordinator.connect(pg_url)
    await coordinator.pool.execute("DROP TABLE seen_updates")  # every insert now fails
    assert await coordinator.first_sight(7)  # answered, maybe twice, rather than never
    await coordinator.close()


async def test_only_one_replica_registers_the_webhook(replicas: list[Coordinator]) -> None:
    calls: list[str] = []

    def register(name: str) -> asyncio.Future[None]:
        async def call() -> None:
            calls.append(name)
            await asyncio.sleep(0.05)  # setWebhook takes a round trip: the others must wait

        return asyncio.ensure_future(call())

    url, secret = "https://bot.example/telegram", "s3cret"
    done = await asyncio.gather(
        *(r.register_webhook_once(url, secret, lambda r=r: register(r.name)) for r in replicas)
    )
    assert sorted(done) == [False, False, True]
    assert len(calls) == 1
    # A restart with the same settings leaves Telegram alone; a new secret registers again.
    assert not await replicas[2].register_webhook_once(url, secret, lambda: register("again"))
    assert await replicas[2].register_webhook_once(url, "rotated", lambda: register("rotated"))
    assert calls[1:] == ["rotated"]


async def test_lease_passes_to_a_standby_when_its_holder_dies(pg_url: str) -> None:
    events: list[str] = []

    def lease(name: str) -> Lease:
        async def gain() -> None:
            events.append(f"{name} gains")

        async def lose() -> None:
            events.append(f"{name} loses")

        return Lease(pg_url, "polling", gain, lose, retry=0.05, check=0.05)

    first, second = lease("first"), lease("second")
    stop_first, stop_second = asyncio.Event(), asyncio.Event()
    tasks = [asyncio.create_task(first.run(stop_first))]
    await asyncio.wait_for(first.held.wait(), 5)
    tasks.append(asyncio.create_task(second.run(stop_second)))
    await asyncio.sleep(0.3)  # several of the standby's tries
    assert not second.held.is_set()
    # The holder's session is killed, as when its process dies: the server frees the lock.
    admin = await asyncpg.connect(pg_url)
    await admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_locks "
        "WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()"
    )
    await admin.close()
    await asyncio.wait_for(second.held.wait(), 5)
    async with asyncio.timeout(5):  # the old holder notices at its next check
        while "first loses" not in events:
            await asyncio.sleep(0.01)
    assert events[0] == "first gains"
    assert sorted(events[1:3]) == ["first loses", "second gains"]
    # The standby leaves first: stopped together, it could take the lease in the moment the
    # holder gives it up on its way out (seen on a loaded machine).
    stop_first.set()
    await asyncio.wait_for(tasks[0], 5)
    stop_second.set()
    await asyncio.wait_for(tasks[1], 5)
    assert events[-1] == "second loses"
    # The first one came back as a standby and never held it again meanwhile.
    assert events.count("first gains") == 1


@pytest.mark.xdist_group("rate-windows")  # wall-clock pacing: not beside the replica processes
async def test_shared_budget_serves_replies_first_and_one_pause_for_all(
    replicas: list[Coordinator],
) -> None:
    local = LocalBudget(1.0, 25.0, time.monotonic)
    # One token a second: nothing refills noticeably while the test runs.
    budgets = [
        SharedBudget(r.pool, 1.0, 25.0, burst=BURST, reserve=RESERVE, fallback=local)
        for r in replicas
    ]
    replies = [await budgets[n % 3].take(Lane.REPLY) for n in range(BURST)]
    assert replies == [0.0] * BURST  # a burst of replies, whichever replica sends them
    assert await budgets[0].take(Lane.REPLY) > 0.5  # the next one waits for a token
    assert await budgets[1].take(Lane.BROADCAST) > RESERVE - 1  # posts leave a reserve
    await budgets[2].pause(3.0)  # one replica hit a 429
    assert await budgets[0].paused_for() == pytest.approx(3.0, abs=0.5)
    assert await budgets[1].take(Lane.REPLY) == pytest.approx(3.0, abs=0.5)


@pytest.mark.xdist_group("rate-windows")
async def test_shared_budget_keeps_daily_posts_at_the_rate_across_replicas(
    replicas: list[Coordinator],
) -> None:
    controls = [r.flood_control(20.0) for r in replicas]
    sent: list[float] = []

    async def post(control: FloodControl, chat: int) -> None:
        await control.admit(chat, Lane.BROADCAST)
        sent.append(time.monotonic())

    await asyncio.gather(*(post(controls[n % 3], 5000 + n) for n in range(30)))
    # 30 posts at 20/s from three replicas take about 1.5 s, not 0.5 s.
    assert max(sent) - min(sent) == pytest.approx(29 / 20, abs=0.3)


async def test_shared_budget_gives_a_whole_interval_after_a_late_post(
    replicas: list[Coordinator],
) -> None:
    """A replica taking its post slot late (a stall) does not let the next one go at once:
    the next post is an interval after the late one, on the database's clock."""
    local = LocalBudget(None, 10.0, time.monotonic)
    budget = SharedBudget(replicas[0].pool, None, 10.0, burst=BURST, reserve=0, fallback=local)
    assert await budget.take(Lane.BROADCAST) == 0.0
    await asyncio.sleep(0.3)  # three intervals late
    assert await budget.take(Lane.BROADCAST) == 0.0
    assert await budget.take(Lane.BROADCAST) == pytest.approx(0.1, abs=0.05)


async def test_shared_budget_unreachable_paces_the_replica_alone(
    pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    coordinator = await Coordinator.connect(pg_url)
    control = coordinator.flood_control(25.0)
    await coordinator.pool.execute("DROP TABLE send_budget")  # every shared call now fails
    await asyncio.wait_for(control.admit(42, Lane.REPLY), 1)  # the reply still goes
    assert "pacing this replica alone" in caplog.text
    await coordinator.close()


async def test_reload_announced_by_one_replica_reaches_the_others_once(
    replicas: list[Coordinator],
) -> None:
    asker, follower, late = replicas
    reloads: list[str] = []
    heard = asyncio.Event()

    async def reload(reason: str) -> None:
        reloads.append(reason)
        heard.set()

    stop = asyncio.Event()
    own: list[str] = []

    async def own_reload(reason: str) -> None:
        own.append(reason)

    listening = [
        asyncio.create_task(follower.follow_reloads(stop, reload)),
        asyncio.create_task(asker.follow_reloads(stop, own_reload)),
    ]
    await asyncio.sleep(0.3)  # both are listening
    assert await asker.announce_reload()
    await asyncio.wait_for(heard.wait(), 5)
    # A replica that was not listening when it was announced catches up when it connects.
    await asyncio.wait_for(late.follow_reloads(_set_after(stop, reloads, 2), reload), 5)
    stop.set()
    await asyncio.wait_for(asyncio.gather(*listening), 5)
    assert reloads == ["another replica asked", "another replica asked"]
    assert own == []  # the asker had reloaded already


def _set_after(stop: asyncio.Event, seen: list[str], count: int) -> asyncio.Event:
    """An event that is set once `seen` has `count` entries: the late follower's own stop."""
    done = asyncio.Event()

    async def watch() -> None:
        while len(seen) < count and not stop.is_set():
            await asyncio.sleep(0.01)
        done.set()

    asyncio.get_running_loop().create_task(watch())
    return done
