"""Storage failures cost bookkeeping, never answers: a lock held elsewhere, a full disk, a
corrupt file. Each drives the real PTB stack against the loopback Bot API stand-in."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from bot.config import Settings
from bot.ops.health import health
from bot.services import Services, build_services
from bot.storage.database import StorageError
from bot.storage.sqlite import SQLiteDatabase
from bot.telegram.runner import run
from tests.fakes.botapi import BotAPI
from tests.fakes.chat import Conversation

QUESTIONS = ["When did Kazakhstan join the UN?", "How many peacekeepers did Kazakhstan send?"]
UNANSWERABLE = "how do I bake a chocolate cake"


def state_file(services: Services) -> Path:
    db = services.db
    assert isinstance(db, SQLiteDatabase)
    return db.path


def errors_counted(services: Services, operation: str) -> float:
    scraped = services.metrics.render().decode()
    prefix = f'kzun_storage_errors_total{{operation="{operation}"}} '
    found = [line for line in scraped.splitlines() if line.startswith(prefix)]
    return float(found[0].removeprefix(prefix)) if found else 0.0


async def answered_while_degraded(tg: Conversation, services: Services, trouble: str) -> None:
    """Every question is answered; each one's write failed beside its reply and was counted,
    and /healthz and /metrics say storage is degraded, naming `trouble`."""
    replies = []
    for question in [*QUESTIONS, UNANSWERABLE]:
        [reply] = await tg.send(question)
        replies.append(reply.text)
    assert "1992" in replies[0] and "peacekeep" in replies[1].lower()
    await services.bookkeeper.drain()
    assert errors_counted(services, "question_log") == 3
    status, body = await health(services, running=True)
    assert (status, body["status"]) == (200, "degraded")
    assert trouble in str(body["storage"])
    assert "kzun_storage_degraded 1.0" in services.metrics.render().decode()


# --- another process holds the write lock -----------------------------------------------------


@pytest.fixture
def exclusive_lock(services: Services) -> Iterator[sqlite3.Connection]:
    """A second connection (another process, `sqlite3` in a shell) inside BEGIN EXCLUSIVE."""
    holder = sqlite3.connect(state_file(services), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    yield holder
    holder.execute("ROLLBACK")
    holder.close()


async def test_storage_lock_held_elsewhere_still_gets_every_answer(
    tg: Conversation, services: Services, exclusive_lock: sqlite3.Connection
) -> None:
    await answered_while_degraded(tg, services, "locked")


async def test_storage_lock_released_the_log_works_again(
    tg: Conversation, services: Services, exclusive_lock: sqlite3.Connection
) -> None:
    [_] = await tg.send(QUESTIONS[0])
    await services.bookkeeper.drain()
    exclusive_lock.execute("ROLLBACK")
    exclusive_lock.execute("BEGIN")  # the fixture's ROLLBACK needs an open transaction
    [_] = await tg.send(QUESTIONS[0])
    await services.bookkeeper.drain()
    assert await services.questions.outcomes_since(services.db.clock()) == {"answer": 1}


# --- a full disk ---------------------------------------------------------------------------------


@pytest.fixture
def settings(botapi: BotAPI, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    """The usual settings; the state on the small disk for tests that ask for it."""
    data_dir = tmp_path / "data"
    if "small_disk" in request.fixturenames:
        data_dir = request.getfixturevalue("small_disk") / "data"
    return Settings(token=botapi.token, api_base_url=botapi.base_url, data_dir=data_dir)


def fill(folder: Path) -> None:
    """Write a file until the file system refuses another byte."""
    handle = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        for size in (65536, 512, 1):  # big blocks first, then the last partial ones
            try:
                while os.write(handle, b"\0" * size):
                    pass
            except OSError:
                continue
    finally:
        os.close(handle)


async def test_storage_full_disk_still_gets_every_answer(
    small_disk: Path, tg: Conversation, services: Services
) -> None:
    path = state_file(services)
    with sqlite3.connect(path) as other:  # empty the write-ahead log, so a write must grow it
        other.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    fill(small_disk)
    await answered_while_degraded(tg, services, "full")
    (small_disk / "filler").unlink()


# --- a corrupt file ------------------------------------------------------------------------------


@pytest.fixture
def corrupt_state(tmp_path: Path) -> Path:
    data_dir = tmp_path / "corrupt"
    data_dir.mkdir()
    (data_dir / "kzun-bot.sqlite3").write_bytes(os.urandom(8192))
    return data_dir


def test_storage_corrupt_file_stops_run_with_one_line(
    corrupt_state: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(token="123:" + "a" * 35, data_dir=corrupt_state)
    with pytest.raises(StorageError, match="not a database"):
        build_services(settings)
    assert run(settings) == 1
    [record] = [r for r in caplog.records if "cannot be used" in r.getMessage()]
    assert "not a database" in record.getMessage() and record.exc_info is None


def test_storage_corrupt_file_is_one_line_for_the_unanswered_report(
    corrupt_state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["unanswered", "--data-dir", str(corrupt_state)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a database" in err


async def test_storage_closed_database_fails_with_storage_error(services: Services) -> None:
    await services.db.close()
    with pytest.raises(StorageError):
        await services.preferences.language(1)
    assert services.db.health.trouble() is not None
