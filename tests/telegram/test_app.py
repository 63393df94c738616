"""`kzun-bot run` as a whole: wiring, start-up, long polling through faults, clean stop."""

from __future__ import annotations

import asyncio
import dataclasses
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp.test_utils import unused_port
from telegram.constants import ParseMode
from telegram.ext import Application, ChatMemberHandler, CommandHandler

from bot.commands.run import run_bot
from bot.config import Settings
from bot.services import Services
from bot.storage.lock import instance_lock
from bot.telegram import runner as runner_module
from bot.telegram.app import (
    ALLOWED_UPDATES,
    MENU,
    RATE_LIMIT_RETRIES,
    build_application,
    set_commands,
)
from bot.telegram.runner import serve
from bot.texts import text
from tests.conftest import read_until, start_bot
from tests.fakes.botapi import TOKEN, BotAPI
from tests.fakes.chat import Conversation
from tests.fakes.updates import private_chat, user

# python-telegram-bot 22 warns while building every RetryAfter (its `retry_after` becomes a
# timedelta in v23); the warning comes from inside the library, not from our use of it.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Deprecated since version v22.2:telegram.warnings.PTBDeprecationWarning"
)


def test_run_without_token_explains_how_to_get_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run_bot(Settings(token=None, data_dir=tmp_path)) == 2
    message = capsys.readouterr().err
    assert "TELEGRAM_BOT_TOKEN" in message
    assert "@BotFather" in message
    assert "kzun-bot shell" in message


def test_application_is_wired_in_one_place(settings: Settings, services: Services) -> None:
    application = build_application(settings, services)
    assert application.bot_data.services is services
    defaults = application.bot.defaults
    assert defaults is not None
    assert defaults.parse_mode == ParseMode.HTML
    assert defaults.link_preview_options is not None
    assert defaults.link_preview_options.is_disabled is True
    assert defaults.allow_sending_without_reply is True
    assert application.bot.base_url == f"{settings.api_base_url}{settings.token}"
    commands = {
        command
        for handlers in application.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    assert set(MENU) <= commands
    assert {"stats", "reload"} <= commands
    assert any(isinstance(h, ChatMemberHandler) for h in application.handlers[0])
    assert application.error_handlers


async def test_command_menu_is_published_in_three_languages(
    application: Application, botapi: BotAPI
) -> None:
    await set_commands(application)
    calls = botapi.calls_to("setMyCommands")
    assert [call.params.get("language_code", "") for call in calls] == ["", "ru", "kk"]
    assert all(call.ok for call in calls)  # the stand-in checks names and description lengths
    menus = [[c["description"] for c in call.params["commands"]] for call in calls]
    assert menus[1] == [text(f"menu_{name}", "ru") for name in MENU]


# --- in-process: serve() with long polling against the stand-in ------------------------------


@pytest.fixture
async def polling(
    settings: Settings, services: Services, botapi: BotAPI
) -> AsyncIterator[asyncio.Event]:
    """The bot serving by long polling in this event loop; set the event to stop it."""
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, services, stop))
    await botapi.wait_for("getUpdates")
    yield stop
    stop.set()
    assert await asyncio.wait_for(task, 10) == 0


async def test_polling_asks_for_the_updates_it_handles(
    polling: asyncio.Event, botapi: BotAPI
) -> None:
    first = botapi.calls_to("getUpdates")[0]
    assert sorted(first.params["allowed_updates"]) == sorted(ALLOWED_UPDATES)
    assert {"message", "channel_post", "inline_query", "callback_query", "my_chat_member"} <= set(
        ALLOWED_UPDATES
    )
    assert botapi.calls_to("deleteWebhook"), "polling clears a webhook left from webhook mode"
    assert len(botapi.calls_to("setMyCommands")) == 3


async def test_polling_answers_through_dropped_connections_and_flood_control(
    polling: asyncio.Event, botapi: BotAPI
) -> None:
    alice = user("Alice")
    chat = Conversation(botapi, chat=private_chat(alice), user=alice)  # no deliver: via polling
    botapi.fail("getUpdates", drop=True)  # the network drops during the next long poll
    botapi.fail("getUpdates", status=502, description="Bad Gateway")  # then a proxy fails
    [first] = await chat.send("When did Kazakhstan join the UN?")  # fetched by the poll under way
    botapi.fail("sendMessage", status=429, retry_after=1)  # flood control on the next reply
    [second] = await chat.send("When was Kazakhstan on the Security Council?")
    assert "2 March 1992" in first.text
    assert "Security Council" in second.text
    outcomes = [call.outcome for call in botapi.calls_to("getUpdates")]
    assert "dropped" in outcomes
    assert "error 502: Bad Gateway" in outcomes
    [refused] = [c for c in botapi.calls_to("sendMessage") if c.outcome.startswith("error 429")]
    assert second.at - refused.at >= 1.0, "the retry waited for retry_after"


async def test_polling_survives_a_server_error_on_a_reply(
    polling: asyncio.Event, botapi: BotAPI
) -> None:
    alice = user("Alice")
    chat = Conversation(botapi, chat=private_chat(alice), user=alice)
    botapi.fail("sendMessage", status=500)
    [apology] = await chat.send("When did Kazakhstan join the UN?")
    assert apology.text == text("error", "en")
    [reply] = await chat.send("When did Kazakhstan join the UN?")
    assert "2 March 1992" in reply.text


async def test_telegram_unreachable_at_start_is_retried(
    settings: Settings, services: Services, botapi: BotAPI
) -> None:
    botapi.fail("getMe", status=502, description="Bad Gateway")
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, services, stop))
    await botapi.wait_for("getUpdates", timeout=15)
    assert [c.outcome for c in botapi.calls_to("getMe")][:2] == ["error 502: Bad Gateway", "ok"]
    stop.set()
    assert await asyncio.wait_for(task, 10) == 0


async def test_rejected_token_stops_with_an_error(
    settings: Settings, services: Services, botapi: BotAPI
) -> None:
    wrong = dataclasses.replace(settings, token="987654321:WRONG-token-wrong-token-wrong")
    assert await serve(wrong, services, asyncio.Event()) == 1
    assert len(botapi.calls_to("getMe")) == 1  # not retried
    assert not botapi.calls_to("getUpdates")


async def test_flood_control_on_get_me_at_start_is_waited_out(
    settings: Settings, services: Services, botapi: BotAPI
) -> None:
    limiter_tries = RATE_LIMIT_RETRIES + 1  # the rate limiter's tries; then RetryAfter is raised
    botapi.fail("getMe", status=429, retry_after=1, times=limiter_tries)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, services, stop))
    await botapi.wait_for("getUpdates", timeout=15)
    calls = botapi.calls_to("getMe")
    outcomes = [call.outcome for call in calls]
    assert outcomes[: limiter_tries + 1] == ["error 429: Too Many Requests: retry after 1"] * (
        limiter_tries
    ) + ["ok"]
    gave_up, retried = calls[limiter_tries - 1], calls[limiter_tries]
    assert retried.at - gave_up.at >= 1.0, "connect waited for retry_after"
    stop.set()
    assert await asyncio.wait_for(task, 10) == 0


async def test_token_revoked_while_polling_stops_with_status_1_at_once(
    settings: Settings, services: Services, botapi: BotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    unauthorized = {"status": 401, "description": "Unauthorized", "times": None}
    botapi.fail("getUpdates", **unauthorized)  # revoked just after start
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, services, stop))
    assert await asyncio.wait_for(task, 10) == 1  # the poller noticed: no minute-long wait
    assert stop.is_set()
    assert len(botapi.calls_to("getUpdates")) == 1
    assert caplog.text.count("no longer accepts the bot token") == 1
    assert TOKEN not in caplog.text


async def test_token_revoked_with_a_webhook_is_noticed_by_the_token_check(
    settings: Settings,
    services: Services,
    botapi: BotAPI,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(runner_module, "TOKEN_CHECK_INTERVAL", 0.1)  # not a minute, in a test
    webhook = dataclasses.replace(
        settings,
        webhook_url="https://bot.example.org/telegram",
        listen="127.0.0.1",
        port=unused_port(),
    )
    stop = asyncio.Event()
    task = asyncio.create_task(serve(webhook, services, stop))
    await botapi.wait_for("setWebhook")
    botapi.fail("*", status=401, description="Unauthorized", times=None)  # every call now
    assert await asyncio.wait_for(task, 10) == 1
    assert stop.is_set()
    assert botapi.calls_to("getMe")[-1].outcome == "error 401: Unauthorized"
    assert caplog.text.count("no longer accepts the bot token") == 1
    assert TOKEN not in caplog.text


async def test_second_instance_on_the_same_state_exits_before_connecting(
    settings: Settings, services: Services, botapi: BotAPI, caplog: pytest.LogCaptureFixture
) -> None:
    held = instance_lock(settings.data_dir)  # as a running `kzun-bot run` holds it
    try:
        assert await serve(settings, services, asyncio.Event()) == 1
    finally:
        held.close()
    assert botapi.calls == []  # never polled: two pollers would fight over getUpdates
    assert "already running" in caplog.text


# --- the real command in a subprocess -------------------------------------------------------


@pytest.mark.e2e
async def test_run_subprocess_answers_and_stops_cleanly_on_sigterm(
    botapi: BotAPI, tmp_path: Path
) -> None:
    bot = await start_bot(botapi, tmp_path / "data")
    assert bot.stderr is not None
    log: list[str] = []
    try:
        await asyncio.wait_for(read_until(bot.stderr, "is up", log), 60)
        alice = user("Alice", language_code="ru")
        [reply] = await Conversation(botapi, chat=private_chat(alice), user=alice).send(
            "Когда Казахстан вступил в ООН?"
        )
        assert "2 марта 1992" in reply.text
        bot.send_signal(signal.SIGTERM)
        rest = (await asyncio.wait_for(bot.stderr.read(), 30)).decode()
        assert await asyncio.wait_for(bot.wait(), 30) == 0
    finally:
        if bot.returncode is None:
            bot.kill()
            await bot.wait()
    output = "".join(log) + rest
    assert sum("is up" in line for line in log) == 1
    assert "stopping" in rest
    assert TOKEN not in output
    assert (tmp_path / "data" / "kzun-bot.sqlite3").exists()
    assert len(botapi.calls_to("setMyCommands")) == 3
