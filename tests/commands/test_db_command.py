"""`kzun-bot db check` and `kzun-bot db copy`: a SQLite installation moved to PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest

from bot.cli import main
from bot.daily.deliveries import SENT, DeliveryLog
from bot.daily.subscriptions import SubscriptionStore
from bot.storage.postgres import PostgresDatabase
from bot.storage.sqlite import SQLiteDatabase
from bot.storage.stores import ChatRegistry, PreferenceStore, QuestionLog
from bot.storage.transfer import COPIED, count
from tests.conftest import FakeClock


@pytest.fixture
async def installation(tmp_path: Path, clock: FakeClock) -> Path:
    """A data folder whose SQLite state has rows in every table that is copied."""
    data_dir = tmp_path / "data"
    db = SQLiteDatabase(data_dir / "kzun-bot.sqlite3", clock)
    for user in range(1, 121):
        await PreferenceStore(db).set_language(user, ("en", "ru", "kk")[user % 3])
        await ChatRegistry(db).seen(user, "private", None)
        await SubscriptionStore(db).subscribe(user, "private", "en", time_of_day=dt.time(8, 15))
        await DeliveryLog(db).claim(clock.now.date(), user)
        await DeliveryLog(db).record(clock.now.date(), user, 0, SENT, message_id=user)
    await QuestionLog(db).record("how do I bake a cake", "en", "decline", None, 0.12)
    await QuestionLog(db).record("when did kazakhstan join", "en", "answer", None, 0.9)
    await db.close()
    return data_dir


def copy(data_dir: Path, target: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    source = f"sqlite:///{data_dir / 'kzun-bot.sqlite3'}"
    code = main(["db", "copy", "--from", source, "--to", target])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


async def counts_at(url: str) -> dict[str, int]:
    db = PostgresDatabase(url)
    try:
        return {table: await count(db, table) for table in COPIED}
    finally:
        await db.close()


def test_db_copy_moves_everything_and_is_safe_to_rerun(
    installation: Path, pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = copy(installation, pg_url, capsys)
    assert code == 0, out
    assert "subscriptions: 120 at the source, 120 copied, 120 at the target: ok" in out
    assert "unanswered: 1 at the source, 1 copied, 1 at the target: ok" in out
    code, out = copy(installation, pg_url, capsys)
    assert code == 0, out
    assert "deliveries: 120 at the source, 0 copied, 120 at the target: ok" in out
    assert "MISSING" not in out


async def test_db_copy_leaves_a_bot_ready_to_run_on_the_target(
    installation: Path, pg_url: str, clock: FakeClock
) -> None:
    source = f"sqlite:///{installation / 'kzun-bot.sqlite3'}"
    code = await asyncio.to_thread(main, ["db", "copy", "--from", source, "--to", pg_url])
    assert code == 0
    assert await counts_at(pg_url) == {
        "chats": 120,
        "user_prefs": 120,
        "subscriptions": 120,
        "deliveries": 120,
        "question_counts": 2,
        "unanswered": 1,
    }
    db = PostgresDatabase(pg_url, clock)
    try:
        assert await PreferenceStore(db).language(5) == "kk"
        assert not await DeliveryLog(db).claim(clock.now.date(), 5)  # today's post is not resent
        await QuestionLog(db).record("another cake", "en", "decline", None, 0.1)  # ids go on
        assert len(await QuestionLog(db).unanswered_since(None)) == 2
    finally:
        await db.close()


def test_db_check_reports_the_schema_version_and_counts(
    installation: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "check", "--data-dir", str(installation)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("sqlite: connected, schema version 2 (this bot's: 2)")
    assert "subscriptions 120" in out


def test_db_check_on_postgresql(pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "check", "--database-url", pg_url]) == 0
    assert capsys.readouterr().out.startswith("postgresql: connected, schema version 2")


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://kzun:hunter2@/nowhere?host=/nonexistent-socket-folder",
        "mysql://kzun@localhost/bot",
    ],
)
def test_db_check_unreachable_is_one_line_without_the_password(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "check", "--database-url", url]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("kzun-bot: ")
    assert "hunter2" not in err


def test_db_copy_to_an_unreachable_target_is_one_line(
    installation: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = copy(installation, "postgresql://kzun@/nowhere?host=/nonexistent", capsys)
    assert code == 1 and out.count("\n") == 1 and "copy failed" in out
