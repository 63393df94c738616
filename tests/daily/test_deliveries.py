"""The delivery log: claims that exclude each other, outcomes, and when a retry is due."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.daily.deliveries import FAILED, RETRY, SENDING, SENT, UNKNOWN, DeliveryLog
from bot.storage.sqlite import SQLiteDatabase
from tests.conftest import FakeClock

DAY = dt.date(2025, 3, 2)


async def test_deliveries_claim_is_granted_once(log: DeliveryLog) -> None:
    assert await log.claim(DAY, 42)
    assert not await log.claim(DAY, 42)
    row = await log.get(DAY, 42)
    assert row is not None and (row.status, row.attempts) == (SENDING, 1)


async def test_deliveries_claims_are_per_day_chat_and_topic(log: DeliveryLog) -> None:
    assert await log.claim(DAY, 42)
    assert await log.claim(DAY, 42, thread_id=7)
    assert await log.claim(DAY, 43)
    assert await log.claim(DAY + dt.timedelta(days=1), 42)


@pytest.mark.parametrize("settled", [SENT, FAILED, UNKNOWN])
async def test_deliveries_settled_rows_are_never_claimed_again(
    log: DeliveryLog, settled: str
) -> None:
    assert await log.claim(DAY, 42)
    await log.record(DAY, 42, 0, settled, message_id=5 if settled == SENT else None)  # type: ignore[arg-type]
    assert not await log.claim(DAY, 42)


async def test_deliveries_retry_rows_are_claimed_again_with_one_more_attempt(
    log: DeliveryLog,
) -> None:
    assert await log.claim(DAY, 42)
    await log.record(DAY, 42, 0, RETRY, error="Bad Gateway")
    assert await log.claim(DAY, 42)
    row = await log.get(DAY, 42)
    assert row is not None and (row.status, row.attempts, row.error) == (SENDING, 2, None)


async def test_deliveries_record_keeps_message_id_and_error(log: DeliveryLog) -> None:
    await log.claim(DAY, 1)
    await log.record(DAY, 1, 0, SENT, message_id=77)
    await log.claim(DAY, 2)
    await log.record(DAY, 2, 0, FAILED, error="Forbidden: bot was blocked by the user")
    sent, failed = await log.on_day(DAY)
    assert (sent.chat_id, sent.status, sent.message_id) == (1, SENT, 77)
    assert (failed.chat_id, failed.status, failed.error) == (
        2,
        FAILED,
        "Forbidden: bot was blocked by the user",
    )


async def test_deliveries_counts_report_abandoned_claims_as_unknown(log: DeliveryLog) -> None:
    for chat in (1, 2, 3):
        await log.claim(DAY, chat)
    await log.record(DAY, 1, 0, SENT, message_id=1)
    await log.record(DAY, 2, 0, UNKNOWN, error="TimedOut")
    assert await log.counts(DAY) == {SENT: 1, UNKNOWN: 2}


async def test_deliveries_retry_waits_longer_after_each_attempt(
    log: DeliveryLog, clock: FakeClock
) -> None:
    waits = []
    for _ in range(8):
        assert await log.claim(DAY, 42)
        await log.record(DAY, 42, 0, RETRY, error="Bad Gateway")
        row = await log.get(DAY, 42)
        assert row is not None
        waits.append(row.retry_at - clock.now)
    minutes = [wait / dt.timedelta(minutes=1) for wait in waits]
    assert minutes == [1, 2, 4, 8, 16, 30, 30, 30]


async def test_deliveries_failed_before_looks_only_at_earlier_days(log: DeliveryLog) -> None:
    yesterday = DAY - dt.timedelta(days=1)
    await log.claim(yesterday, 42)
    await log.record(yesterday, 42, 0, FAILED, error="Chat not found")
    await log.claim(DAY, 43)
    await log.record(DAY, 43, 0, FAILED, error="Chat not found")
    assert await log.failed_before(DAY, 42, "Chat not found")
    assert not await log.failed_before(DAY, 43, "Chat not found")
    assert not await log.failed_before(yesterday, 42, "Chat not found")


async def test_deliveries_two_processes_cannot_both_claim(
    tmp_path: Path, clock: FakeClock
) -> None:
    """Two connections to one file stand for two processes (the bot and `kzun-bot broadcast`)."""
    databases = [SQLiteDatabase(tmp_path / "state.sqlite3", clock=clock) for _ in range(2)]
    logs = [DeliveryLog(database) for database in databases]
    granted = [await log.claim(DAY, chat) for chat in range(20) for log in logs]
    assert granted == [True, False] * 20
    for database in databases:
        await database.close()
