"""`kzun-bot broadcast` as a process under signals: SIGHUP is ignored, SIGTERM stops it cleanly.

A pass killed by a signal used to leave claimed rows in `sending` (the at-most-once log then
never sends them again). Now SIGTERM lets the posts under way finish and be recorded, starts no
new one, and exits with status 1 so cron knows the pass is incomplete.
"""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from bot.daily.deliveries import SENDING, SENT, DeliveryLog
from bot.daily.sender import WORKERS
from bot.daily.subscriptions import SubscriptionStore
from bot.storage.sqlite import SQLiteDatabase
from tests.daily.test_broadcast import DAY, run_cli
from tests.fakes.botapi import BotAPI
from tests.fakes.updates import private_chat, user


@pytest.mark.e2e
async def test_broadcast_ignores_sighup_and_stops_cleanly_on_sigterm(
    botapi: BotAPI, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    state = SQLiteDatabase(data_dir / "kzun-bot.sqlite3")
    store = SubscriptionStore(state)
    people = list(range(301, 301 + 4 * WORKERS))
    for person in people:
        await store.subscribe(person, "private", "en")
        botapi.add_chat(private_chat(user(user_id=person)))  # people who started the bot
    # Telegram takes each post and answers slowly, so posts are under way when signals come.
    botapi.fail("sendMessage", status=None, delay=0.5, delivered=True, times=None)
    process = await run_cli(botapi, data_dir)
    try:
        await botapi.wait_for("sendMessage", WORKERS, timeout=30, outcome="")
        process.send_signal(signal.SIGHUP)
        with pytest.raises(TimeoutError):  # still running
            await asyncio.wait_for(asyncio.shield(process.wait()), 0.3)
        process.send_signal(signal.SIGTERM)
        out, err = await asyncio.wait_for(process.communicate(), 15)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 1, err.decode()  # incomplete: cron may run it again
    assert "stopped early" in out.decode()
    assert "SIGHUP ignored" in err.decode()  # logged at WARNING, which run_cli keeps
    assert "Traceback" not in err.decode()
    log = DeliveryLog(state)
    counts = await log.counts(DAY)
    assert counts.get(SENDING, 0) == 0  # every claim settled
    reached = {call.chat_id for call in botapi.sent()}
    assert counts.get(SENT, 0) == len(reached) < len(people)
    await state.close()
