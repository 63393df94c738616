"""`kzun-bot run`: the process around the bot.

It checks the token, loads the knowledge, connects (retrying while Telegram is unreachable),
serves by long polling or a webhook, and stops cleanly on SIGTERM or Ctrl-C, finishing the
updates in hand within `STOP_BUDGET` (deploy/ gives the process 30 s before SIGKILL).

Signals are caught from the first moment: a SIGHUP (`systemctl reload`) while the knowledge is
loading or Telegram is unreachable would otherwise kill the bot, and systemd counts that death as
a clean exit and does not restart it. Such a SIGHUP reloads once the bot is up; a SIGTERM during
start-up ends it cleanly.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import secrets
import signal
import sqlite3
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
from bot.ops.reload import ReloadRequests, install_sighup
from bot.replicas.coordinator import Coordinator
from bot.replicas.session import CONNECTION_ERRORS
from bot.services import Services, build_services
from bot.storage.database import StorageError
from bot.storage.lock import instance_lock
from bot.telegram.app import ALLOWED_UPDATES, CONCURRENT_UPDATES, build_application, post_init
from bot.telegram.context import BotApplication, Context, services_of
from bot.telegram.polling import Poller, PollingShift
from bot.telegram.replicas import follow_the_replicas
from bot.telegram.web import start_server, webhook_app, webhook_path

log = logging.getLogger(__name__)

# After SIGTERM: seconds to finish the updates already confirmed to Telegram. Docker Compose and
# systemd (deploy/) wait 30 s before SIGKILL; the rest is for jobs and closing connections.
STOP_BUDGET = 20.0
# A token revoked while the bot runs ends PTB's polling quietly (a webhook just stops getting
# updates), so a cheap getMe every minute notices it and stops the bot with exit status 1.
TOKEN_CHECK_NAME = "token-check"
TOKEN_CHECK_INTERVAL = 60.0  # seconds


def run(settings: Settings) -> int:
    """Serve until SIGTERM or Ctrl-C; 0 after a clean stop, 1 on failure. The settings are
    checked first by `bot.commands.run`."""
    early = EarlySignals()
    try:
        svc = build_services(settings)
    except KnowledgeError as error:
        log.error("the knowledge is broken, not starting:\n%s", error)
        return 1
    except (StorageError, sqlite3.Error, OSError) as error:
        log.error("the state in %s cannot be used, not starting: %s", settings.data_dir, error)
        return 1
    # The knowledge lives as long as the process: frozen, it is left out of full garbage
    # collections, which otherwise stop the event loop for ~50 ms during a long daily pass.
    gc.freeze()
    return asyncio.run(_serve_then_close(settings, svc, early))


async def _serve_then_close(settings: Settings, svc: Services, early: EarlySignals) -> int:
    """Serve, then let the bookkeeping writes under way finish and close the database."""
    try:
        if early.stop:
            log.info("stopped during start-up")
            return 0
        return await serve(settings, svc, early=early)
    finally:
        await svc.bookkeeper.drain()
        await svc.db.close()


class EarlySignals:
    """Python-level handlers for the synchronous part of start-up (loading the knowledge): they
    note SIGTERM, SIGINT and SIGHUP, and `serve` takes over from them."""

    def __init__(self) -> None:
        self.stop = False
        self.reload = False
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._note_stop)
        signal.signal(signal.SIGHUP, self._note_reload)

    def _note_stop(self, signum: int, frame: object) -> None:
        self.stop = True

    def _note_reload(self, signum: int, frame: object) -> None:
        self.reload = True


async def serve(
    settings: Settings,
    svc: Services,
    stop: asyncio.Event | None = None,
    early: EarlySignals | None = None,
) -> int:
    """Serve while holding the data folder's lock: a second instance on the same state would
    double every daily post and fight over getUpdates, so it exits at once. Replicas on
    PostgreSQL share no folder; they coordinate through the database instead."""
    reloads = ReloadRequests(svc)
    install_sighup(reloads)  # before anything that takes time
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
    if early is not None and early.reload:
        reloads.request("SIGHUP")
    if settings.replicated and settings.database_url:
        return await _serve_replica(settings, svc, settings.database_url, stop, reloads)
    try:
        lock = instance_lock(settings.data_dir)
    except (RuntimeError, OSError) as error:  # OSError: a folder it may not write to
        log.error("%s", error)
        return 1
    try:
        return await _open_then_serve(settings, svc, stop, reloads)
    finally:
        lock.close()


async def _serve_replica(
    settings: Settings, svc: Services, url: str, stop: asyncio.Event, reloads: ReloadRequests
) -> int:
    try:
        svc.coordinator = await Coordinator.connect(url)
    except CONNECTION_ERRORS as error:
        log.error("the database of the replicas cannot be used, not starting: %s", error)
        return 1
    # Replies and daily posts of every replica draw from one budget: Telegram limits the bot.
    svc.flood.budget = svc.coordinator.budget(settings.send_rate, fallback=svc.flood.budget)
    try:
        return await _open_then_serve(settings, svc, stop, reloads)
    finally:
        await svc.coordinator.close()
        svc.coordinator = None


async def _open_then_serve(
    settings: Settings, svc: Services, stop: asyncio.Event, reloads: ReloadRequests
) -> int:
    try:
        await svc.db.open()  # PostgreSQL connects and migrates here: fail now, not mid-reply
        return await _serve(settings, svc, stop, reloads)
    except StorageError as error:
        log.error("the state cannot be used, not starting: %s", error)
        return 1


async def _serve(
    settings: Settings, svc: Services, stop: asyncio.Event, reloads: ReloadRequests
) -> int:
    """Connect, serve until `stop` is set, then shut down."""
    application = build_application(settings, svc)
    secret = settings.webhook_secret or secrets.token_urlsafe(32)
    try:  # before connecting: a port that is taken ends start-up at once, in one line
        runner = await _listen(application, settings, secret)
    except OSError as error:
        port = settings.port if settings.webhook_url else settings.metrics_port
        log.error("cannot listen on %s:%s: %s", settings.listen, port, error.strerror or error)
        return 1
    try:
        connected = await connect(application, stop)
    except InvalidToken:  # its message quotes the token: never log it
        log.error("Telegram rejected the bot token: check TELEGRAM_BOT_TOKEN (see @BotFather)")
        connected = None
    if not connected:  # getMe failed, or stopped while retrying: close what it opened
        if runner is not None:
            await runner.cleanup()
        await application.bot.request.shutdown()
        return 0 if connected is False else 1
    rejected = asyncio.Event()  # set once Telegram stops accepting the token

    def reject() -> None:  # from the poller or the token check, whichever notices first
        if rejected.is_set():
            return
        _log_token_rejected()
        rejected.set()
        stop.set()

    shift = None  # long polling: at once, or while this replica holds the polling lease
    if not settings.webhook_url:
        shift = PollingShift(
            lambda: Poller(application, ALLOWED_UPDATES, reject, workers=CONCURRENT_UPDATES),
            STOP_BUDGET,
        )
    replica_tasks: list[asyncio.Task[None]] = []
    try:
        await post_init(application)  # what run_polling would do after initialize()
        assert application.job_queue is not None  # _post_init has checked it
        application.job_queue.run_repeating(
            _token_check(reject),
            interval=TOKEN_CHECK_INTERVAL,
            first=TOKEN_CHECK_INTERVAL,
            name=TOKEN_CHECK_NAME,
        )
        if settings.webhook_url:
            await _register_webhook(application, settings.webhook_url, secret)
        await application.start()
        reloads.start(application.create_task)
        if svc.coordinator is not None:  # after start: a leader polls into a running app
            replica_tasks = follow_the_replicas(application, svc.coordinator, stop, reloads, shift)
        elif shift is not None:
            await shift.start()
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
        if shift is not None:
            await shift.end()  # finishes what was fetched, hands back the rest
        await _shut_down(application, runner)
    return 1 if rejected.is_set() else 0


def _token_check(reject: Callable[[], None]) -> Callable[[Context], Coroutine[Any, Any, None]]:
    """The `token-check` job: getMe; a 401 calls `reject`."""

    async def check(context: Context) -> None:
        try:
            await context.bot.get_me()
        except InvalidToken:  # its message is not logged: PTB's may quote the token
            reject()
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


async def _register_webhook(application: BotApplication, url: str, secret: str) -> None:
    """setWebhook; of several replicas, only the first to start with a new URL or secret."""

    def register() -> Coroutine[Any, Any, bool]:
        return application.bot.set_webhook(
            url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
        )

    coordinator = services_of(application).coordinator
    if coordinator is None:
        await register()
    elif not await coordinator.register_webhook_once(url, secret, register):
        log.info("the webhook is already registered by another replica")


async def _listen(
    application: BotApplication, settings: Settings, secret: str
) -> web.AppRunner | None:
    """The web server: the webhook with /healthz and /metrics, or those two alone on the
    metrics port when polling, or none."""
    svc = services_of(application)
    if settings.webhook_url:
        redact_secret(secret)  # PTB logs setWebhook's parameters, secret_token included, at DEBUG
        app = webhook_app(application, secret, webhook_path(settings.webhook_url))
        add_routes(app, svc, lambda: application.running)  # operations: /healthz and /metrics
        return await start_server(app, settings.listen, settings.port, svc.metrics)
    if settings.metrics_port:
        ops = health_app(svc, lambda: application.running)
        return await start_server(ops, settings.listen, settings.metrics_port, svc.metrics)
    return None


async def _shut_down(application: BotApplication, runner: web.AppRunner | None) -> None:
    """Stop taking webhook updates, finish those queued and the jobs, close connections."""
    if runner is not None:
        await runner.cleanup()
    if application.running:
        await application.stop()
    await application.shutdown()
