"""`kzun-bot run` as a process: signals from its first moment, and start-up errors in one line.

systemd's `Restart=on-failure` treats a death by SIGHUP as a clean exit, so a `systemctl reload`
that reached the bot while it was still connecting used to leave it down for good.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.storage.sqlite import SQLiteDatabase
from tests.conftest import read_until, start_bot
from tests.fakes.botapi import BotAPI

pytestmark = pytest.mark.e2e


async def finish(bot: asyncio.subprocess.Process, seconds: float = 30) -> str:
    """The rest of the bot's log once it has exited (killed if it takes longer than `seconds`)."""
    try:
        _, rest = await asyncio.wait_for(bot.communicate(), seconds)  # closes both pipes
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.communicate()
    return rest.decode()


async def test_sighup_while_telegram_is_unreachable_reloads_once_the_bot_is_up(
    botapi: BotAPI, tmp_path: Path
) -> None:
    unreachable = botapi.fail("getMe", status=502, description="Bad Gateway", times=None)
    bot = await start_bot(botapi, tmp_path / "data")
    assert bot.stderr is not None
    log: list[str] = []
    try:
        await asyncio.wait_for(read_until(bot.stderr, "not reachable", log), 60)
        for _ in range(5):  # a storm of reloads while connecting
            bot.send_signal(signal.SIGHUP)
        await asyncio.sleep(0.5)
        assert bot.returncode is None, "SIGHUP killed the bot while it was connecting"
        unreachable.times = 0  # Telegram is back
        await asyncio.wait_for(read_until(bot.stderr, "is up", log), 60)
        await asyncio.wait_for(read_until(bot.stderr, "knowledge reloaded (SIGHUP)", log), 60)
        bot.send_signal(signal.SIGTERM)
    finally:
        rest = await finish(bot)
    assert bot.returncode == 0
    assert "".join(log).count("knowledge reloaded") == 1  # five requests, one reload
    assert "knowledge reloaded" not in rest


async def test_busy_metrics_port_ends_with_one_line(botapi: BotAPI, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        bot = await start_bot(
            botapi, tmp_path / "data", "--listen", "127.0.0.1", "--metrics-port", str(port)
        )
        output = await finish(bot)
    assert bot.returncode == 1
    assert "Traceback" not in output
    [error] = [line for line in output.splitlines() if " ERROR " in line]
    assert f"cannot listen on 127.0.0.1:{port}" in error


async def earlier_state(path: Path) -> None:
    """The state file an earlier run of the bot left behind."""
    database = SQLiteDatabase(path)
    await database.open()
    await database.close()


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` cannot be written to, by root too (immutable) when the tests run as root."""
    as_root = os.geteuid() == 0
    if as_root:
        subprocess.run(["chattr", "+i", str(folder)], check=True)
    else:
        folder.chmod(0o500)
    try:
        yield
    finally:
        if as_root:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o700)


async def test_read_only_state_folder_ends_with_one_line(botapi: BotAPI, tmp_path: Path) -> None:
    data = tmp_path / "data"
    await earlier_state(data / "kzun-bot.sqlite3")
    with read_only(data):
        bot = await start_bot(botapi, data)
        output = await finish(bot)
    assert bot.returncode in (1, 2)  # 2: `kzun-bot run` found it before starting the bot
    assert "Traceback" not in output
    [error] = [line for line in output.splitlines() if line.strip()]
    assert str(data) in error


async def test_corrupt_database_ends_with_one_line(botapi: BotAPI, tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = data / "kzun-bot.sqlite3"
    await earlier_state(path)
    with path.open("r+b") as state:  # the schema page, past the 100-byte file header
        state.seek(100)
        state.write(b"\xde\xad\xbe\xef" * 900)
    bot = await start_bot(botapi, data)
    output = await finish(bot)
    assert bot.returncode == 1
    assert "Traceback" not in output
    errors = [line for line in output.splitlines() if " ERROR " in line]
    assert len(errors) == 1 and "malformed" in errors[0]
