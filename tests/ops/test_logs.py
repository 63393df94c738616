"""The bot token never reaches a log: not from HTTP request lines, not from InvalidToken."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp.test_utils import unused_port
from telegram.ext import Application

from bot.config import Settings
from bot.ops.logs import setup_logging
from bot.services import Services
from bot.telegram.app import build_application
from bot.telegram.runner import serve
from tests.conftest import read_until, start_bot
from tests.fakes.botapi import TOKEN, BotAPI
from tests.fakes.chat import Conversation
from tests.fakes.updates import private_chat, user

WRONG_TOKEN = "987654321:AAWrong-token-that-Telegram-rejects_x"


@pytest.fixture
def bot_log(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """What `setup_logging` writes to stderr, at DEBUG with user text on (the most a log can
    show); the logging setup is restored after."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    names = ("httpx", "httpcore", "apscheduler", "telegram")
    noisy = {name: logging.getLogger(name).level for name in names}
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    setup_logging("DEBUG", secrets=[TOKEN, WRONG_TOKEN], user_text=True)
    yield stream
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])
    for name, level in noisy.items():
        logging.getLogger(name).setLevel(level)


@pytest.fixture
def wrong_token(settings: Settings) -> Settings:
    """The test settings with a token the stand-in does not know: Telegram answers 401."""
    return dataclasses.replace(settings, token=WRONG_TOKEN)


def assert_no_token(output: str, token: str) -> None:
    assert token not in output
    assert token.split(":")[1] not in output  # not even the secret half


async def test_requests_and_replies_log_no_token(
    bot_log: io.StringIO, botapi: BotAPI, settings: Settings, services: Services
) -> None:
    logging.getLogger("httpx").setLevel(logging.DEBUG)  # the request-URL lines, redacted or not
    alice = user("Alice")
    botapi.add_chat(private_chat(alice))
    application = build_application(settings, services)
    async with application:
        await application.bot.send_message(alice["id"], "hello")
    output = bot_log.getvalue()
    assert "HTTP Request: POST" in output  # httpx did log the URLs...
    assert "<redacted>" in output  # ...with the token taken out
    assert_no_token(output, TOKEN)


async def test_rejected_token_at_start_logs_no_token(
    bot_log: io.StringIO, wrong_token: Settings, services: Services
) -> None:
    assert await serve(wrong_token, services, asyncio.Event()) == 1
    output = bot_log.getvalue()
    assert "rejected the bot token" in output
    assert_no_token(output, WRONG_TOKEN)


async def test_invalid_token_error_text_is_redacted_when_logged(
    bot_log: io.StringIO, wrong_token: Settings, services: Services
) -> None:
    """PTB's InvalidToken quotes the token; if any code logs it, the filter still removes it."""
    application: Application = build_application(wrong_token, services)
    with pytest.raises(Exception, match="rejected by the server") as raised:
        await application.initialize()
    logging.getLogger("test").error("start-up failed: %s", raised.value, exc_info=raised.value)
    await application.bot.request.shutdown()
    output = bot_log.getvalue()
    assert "start-up failed: The token `<redacted>` was rejected" in output
    assert_no_token(output, WRONG_TOKEN)


@pytest.mark.e2e
async def test_run_with_a_revoked_token_exits_without_printing_it(tmp_path: Path) -> None:
    botapi = BotAPI(token=WRONG_TOKEN)  # a Telegram that knows another token: ours gets 401
    await botapi.start()
    bot = await start_bot(botapi, tmp_path / "data", token=TOKEN)
    assert bot.stderr is not None
    log: list[str] = []
    await asyncio.wait_for(read_until(bot.stderr, "rejected the bot token", log), 60)
    rest = (await asyncio.wait_for(bot.stderr.read(), 30)).decode()
    assert await asyncio.wait_for(bot.wait(), 30) == 1
    await botapi.stop()
    assert_no_token("".join(log) + rest, TOKEN)


@pytest.mark.parametrize("given", ["ops-s3cret_token-given", None])
async def test_webhook_secret_never_reaches_the_debug_log(
    bot_log: io.StringIO,
    settings: Settings,
    services: Services,
    botapi: BotAPI,
    given: str | None,
) -> None:
    """PTB logs setWebhook's parameters at DEBUG; the secret, given or generated, is redacted."""
    webhook = dataclasses.replace(
        settings,
        webhook_url="https://bot.example.org/telegram",
        webhook_secret=given,
        listen="127.0.0.1",
        port=unused_port(),
    )
    stop = asyncio.Event()
    task = asyncio.create_task(serve(webhook, services, stop))
    [registered] = await botapi.wait_for("setWebhook")
    stop.set()
    assert await asyncio.wait_for(task, 10) == 0
    secret = registered.params["secret_token"]
    assert secret == (given or secret)
    output = bot_log.getvalue()
    assert "setWebhook" in output  # PTB did log the call...
    assert secret not in output  # ...without the secret


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """Put the logging setup back as it was after the test changed it."""
    root = logging.getLogger()
    names = ("httpx", "httpcore", "apscheduler", "telegram")
    saved = (list(root.handlers), root.level, {n: logging.getLogger(n).level for n in names})
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])
    for name, level in saved[2].items():
        logging.getLogger(name).setLevel(level)


@pytest.mark.parametrize("user_text", [False, True])
async def test_debug_log_leaves_user_text_out_unless_switched_on(
    restore_logging: None,
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
    services: Services,
    botapi: BotAPI,
    user_text: bool,
) -> None:
    """PTB logs each fetched update and each request at DEBUG: what users wrote stays out of
    the log unless KZUN_LOG_USER_TEXT is on."""
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    setup_logging("DEBUG", user_text=user_text)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, services, stop))
    await botapi.wait_for("getUpdates")
    alice = user("Alice")
    question = "how do I reach Aigerim about the zebra quilt"
    await Conversation(botapi, chat=private_chat(alice), user=alice).send(question)
    stop.set()
    assert await asyncio.wait_for(task, 10) == 0
    output = stream.getvalue()
    assert logging.getLogger("bot").isEnabledFor(logging.DEBUG)
    assert ("zebra quilt" in output) == user_text
