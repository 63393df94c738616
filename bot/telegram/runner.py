"""`kzun-bot run`: the process around the bot.

It checks the token, loads the knowledge, connects (retrying while Telegram is unreachable),
serves by long polling or a webhook, and stops cleanly on SIGTERM or Ctrl-C, finishing the
updates in hand.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import secrets
import signal
from collections.abc import Callable, Coroutine
from typing import Any

from aiohttp import web
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot import __version__
from bot.config import Settings
from bot.daily.sender import retry_after_seconds
from bot.engine.knowledge import KnowledgeError
from bot.ops.health import add_routes, health_app
from bot.ops.logs import redact_secret
from bot.replicas.coordinator import Coordinator
from bot.replicas.session import CONNECTION_ERRORS
from bot.services import Services, build_services
from bot.storage.database import StorageError
from bot.storage.lock import instance_lock
from bot.telegram.app import ALLOWED_UPDATES, build_application, post_init
from bot.telegram.context import BotApplication, Context, services_of
from bot.telegram.replicas import follow_the_replicas
from bot.telegram.web import start_server, webhook_app, webhook_path

log = logging.getLogger(__name__)

# A token revoked while the bot runs ends PTB's polling quietly (a webhook just stops getting
# updates), so a cheap getMe every minute notices it and stops the bot with exit status 1.
TOKEN_CHECK_NAME = "token-check"
TOKEN_CHECK_INTERVAL = 60.0  # seconds


def run(settings: Settings) -> int:
    """Serve until SIGTERM or Ctrl-C; 0 after a clean stop, 1 on failure. The settings are
    checked first by `bot.commands.run`."""
    try:
        svc = build_services(settings)
    except KnowledgeError as error:
        log.error("the knowledge is broken, not starting:\n%s", error)
        return 1
    except StorageError as error:
        log.error("the state file cannot be used, not starting: %s", error)
        return 1
    # The knowledge lives as long as the process: frozen, it is left out of full garbage
    # collections, which otherwise stop the event loop for ~50 ms during a long daily pass.
    gc.freeze()
    return asyncio.run(_serve_then_close(settings, svc))


async def _serve_then_close(settings: Settings, svc: Services) -> int:
    """Serve, then let the bookkeeping writes under way finish and close the database."""
    try:
        return await serve(settings, svc)
    finally:
        await svc.bookkeeper.drain()
        await svc.db.close()


async def serve(settings: Settings, svc: Services, stop: asyncio.Event | None = None) -> int:
    """Serve while holding the data folder's lock: a second instance on the same state would
    double every daily post and fight over getUpdates, so it exits at once. Replicas on
    PostgreSQL share no folder; they coordinate through the database instead."""
    if settings.replicated and settings.database_url:
        return await _serve_replica(settings, svc, settings.database_url, stop)
    try:
        lock = instance_lock(settings.data_dir)
    except RuntimeError as error:
        log.error("%s", error)
        return 1
    try:
        return await _open_then_serve(settings, svc, stop)
    finally:
        lock.close()


async def _serve_replica(
    settings: Settings, svc: Services, url: str, stop: asyncio.Event | None
) -> int:
    try:
        svc.coordinator = await Coordinator.connect(url)
    except CONNECTION_ERRORS as error:
        log.error("the database of the replicas cannot be used, not starting: %s", error)
        return 1
    # Replies and daily posts of every replica draw from one budget: Telegram limits the bot.
    svc.flood.budget = svc.coordinator.budget(settings.send_rate, fallback=svc.flood.budget)
    try:
        return await _open_then_serve(settings, svc, stop)
    finally:
        await svc.coordinator.close()
        svc.coordinator = None


async def _open_then_serve(settings: Settings, svc: Services, stop: asyncio.Event | None) -> int:
    try:
        await svc.db.open()  # PostgreSQL connects and migrates here: fail now, not mid-reply
        return await _serve(settings, svc, stop)
    except StorageError as error:
        log.error("the state cannot be used, not starting: %s", error)
        return 1


async def _serve(settings: Settings, svc: Services, stop: asyncio.Event | None) -> int:
    """Connect, serve until `stop` is set (by default on SIGTERM or SIGINT), then shut down."""
    application = build_application(settings, svc)
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
    try:
        connected = await connect(application, stop)
    except InvalidToken:  # its message quotes the token: never log it
        log.error("Telegram rejected the bot token: check TELEGRAM_BOT_TOKEN (see @BotFather)")
        connected = None
    if not connected:  # getMe failed, or stopped while retrying: close what it opened
        await application.bot.request.shutdown()
        return 0 if connected is False else 1
    runner: web.AppRunner | None = None
    rejected = asyncio.Event()  # set once Telegram stops accepting the token
    replica_tasks: list[asyncio.Task[None]] = []
    try:
        await post_init(application)  # what run_polling would do after initialize()
        assert application.job_queue is not None  # _post_init has checked it
        application.job_queue.run_repeating(
            _token_check(stop, rejected),
            interval=TOKEN_CHECK_INTERVAL,
            first=TOKEN_CHECK_INTERVAL,
            name=TOKEN_CHECK_NAME,
        )
        start_polling = None if settings.webhook_url else _polling(application)
        if start_polling is None:
            runner = await _start_webhook(application, settings)
        else:
            if svc.coordinator is None:
                await start_polling()
            if settings.metrics_port:  # operations: /healthz and /metrics on a port of their own
                ops = health_app(svc, lambda: application.running)
                runner = await start_server(ops, settings.listen, settings.metrics_port)
        await application.start()
        if svc.coordinator is not None:  # after start: a leader polls into a running app
            replica_tasks = follow_the_replicas(application, svc.coordinator, stop, start_polling)
        mode = f"webhook {settings.webhook_url}" if settings.webhook_url else "long polling"
        facts = len(svc.knowledge.kb.facts)
        log.info(
            "kzun-bot %s is up as @%s, %s, %d facts",
            __version__,
            application.bot.username,
            mode,
            facts,
        )
        await stop.wait()
        log.info("stopping")
    finally:
        stop.set()
        await asyncio.gather(*replica_tasks)  # the polling lease is given up here
        if not await _shut_down(application, runner) and not rejected.is_set():
            _log_token_rejected()  # polling had ended on it before the check noticed
            rejected.set()
    return 1 if rejected.is_set() else 0


def _token_check(
    stop: asyncio.Event, rejected: asyncio.Event
) -> Callable[[Context], Coroutine[Any, Any, None]]:
    """The `token-check` job: getMe; a 401 sets `rejected` and `stop`."""

    async def check(context: Context) -> None:
        try:
            await context.bot.get_me()
        except InvalidToken:  # its message is not logged: PTB's may quote the token
            _log_token_rejected()
            rejected.set()
            stop.set()
        except TelegramError as error:  # unreachable now: the next check will tell
            log.debug("token check inconclusive: %s", error)

    return check


def _log_token_rejected() -> None:
    log.error(
        "Telegram no longer accepts the bot token (revoked or rotated?): stopping. "
        "Set TELEGRAM_BOT_TOKEN to the current token from @BotFather"
    )


async def connect(application: BotApplication, stop: asyncio.Event) -> bool:
    """initialize() (getMe), retried with backoff while Telegram is unreachable; False if a stop
    signal came first. A rejected token is not retried."""
    delay = 1.0
    while True:
        try:
            await application.initialize()
            return True
        except BadRequest:
            raise
        except RetryAfter as flood:  # not a NetworkError: wait as long as Telegram asks
            wait = retry_after_seconds(flood)
            log.warning("Telegram asks to wait %.0f s before connecting (flood control)", wait)
        except NetworkError as error:
            wait = delay
            delay = min(delay * 2, 30.0)
            log.warning("Telegram is not reachable (%s); trying again in %.0f s", error, wait)
        try:
            await asyncio.wait_for(stop.wait(), wait)
            return False
        except TimeoutError:
            pass


def _polling(application: BotApplication) -> Callable[[], Coroutine[Any, Any, object]]:
    """Start long polling: at once, or when this replica gets the polling lease."""
    updater = application.updater
    assert updater is not None

    async def start() -> object:
        return await updater.start_polling(allowed_updates=ALLOWED_UPDATES, bootstrap_retries=-1)

    return start


async def _start_webhook(application: BotApplication, settings: Settings) -> web.AppRunner:
    assert settings.webhook_url is not None
    secret = settings.webhook_secret or secrets.token_urlsafe(32)
    redact_secret(secret)  # PTB logs setWebhook's parameters, secret_token included, at DEBUG
    path = webhook_path(settings.webhook_url)
    app = webhook_app(application, secret, path)
    svc = services_of(application)
    add_routes(app, svc, lambda: application.running)  # operations: /healthz and /metrics
    runner = await start_server(app, settings.listen, settings.port)
    url = settings.webhook_url

    def register() -> Coroutine[Any, Any, bool]:
        return application.bot.set_webhook(
            url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
        )

    if svc.coordinator is None:
        await register()
    elif not await svc.coordinator.register_webhook_once(url, secret, register):
        log.info("the webhook is already registered by another replica")
    return runner


async def _shut_down(application: BotApplication, runner: web.AppRunner | None) -> bool:
    """Stop taking updates, finish those in hand, then close connections; False if polling
    had ended because Telegram rejected the token."""
    token_accepted = True
    if application.updater is not None and application.updater.running:
        try:
            await application.updater.stop()
        except InvalidToken:  # PTB's polling task died on a 401 and stop() re-raises it
            token_accepted = False
    if runner is not None:
        await runner.cleanup()
    if application.running:
        await application.stop()
    await application.shutdown()
    return token_accepted
