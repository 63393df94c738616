"""The one wiring place: how the Telegram bot is put together, and `kzun-bot run`.

Reading `build_application` tells what the bot does with each kind of update, in order.
`run` owns the process: it checks the token, loads the knowledge, connects (retrying while
Telegram is unreachable), serves by long polling or a webhook, and stops cleanly on SIGTERM or
Ctrl-C, finishing the updates in hand.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
import sqlite3
import sys
from collections.abc import Awaitable, Callable

from aiohttp import web
from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import __version__
from bot.broadcast import instance_lock, retry_after_seconds, schedule_daily_posts
from bot.config import Settings
from bot.deliveries import DeliveryLog
from bot.handlers import SERVICES_KEY, Context, admin, daily, services
from bot.handlers.callbacks import press_button
from bot.handlers.commands import (
    choose_language,
    show_about,
    show_help,
    show_sources,
    show_topics,
    start,
    unknown_command,
)
from bot.handlers.errors import report_error
from bot.handlers.flood import FloodGuard
from bot.handlers.inline import answer_inline_query
from bot.handlers.questions import answer_in_group, answer_private, ask, reply_non_text
from bot.health import add_routes, health_app
from bot.knowledge import KnowledgeError
from bot.logs import redact_secret
from bot.reload import build_knowledge
from bot.services import Knowledge, Services
from bot.storage import (
    ChatRegistry,
    Clock,
    Database,
    PreferenceStore,
    QuestionLog,
    StorageError,
    utc_now,
)
from bot.subscriptions import SubscriptionStore, zone
from bot.texts import text
from bot.throttle import Throttle
from bot.web import SECRET_PATTERN, start_server, webhook_app, webhook_path

log = logging.getLogger(__name__)

# Asked for explicitly: Telegram otherwise keeps sending whatever was asked for last time.
# Edited messages are left out on purpose, so an edited "/today" never answers twice.
ALLOWED_UPDATES = ["message", "channel_post", "inline_query", "callback_query", "my_chat_member"]
# Several updates are handled at once, so one slow chat (a group paced at 20 messages a minute
# by the rate limiter) never holds up everyone else.
CONCURRENT_UPDATES = 32
# AIORateLimiter waits out a 429's retry_after and tries again this many times.
RATE_LIMIT_RETRIES = 3
FLOOD_RATE, FLOOD_BURST = 1.0, 10  # per sender: 10 at once, then one a second
# A token revoked while the bot runs ends PTB's polling quietly (a webhook just stops getting
# updates), so a cheap getMe every minute notices it and stops the bot with exit status 1.
TOKEN_CHECK_NAME = "token-check"
TOKEN_CHECK_INTERVAL = 60.0  # seconds
# The command menu, in the order Telegram shows it; descriptions are the texts "menu_<command>".
MENU = (
    "start",
    "help",
    "topics",
    "today",
    "subscribe",
    "unsubscribe",
    "ask",
    "lang",
    "sources",
    "about",
)
NO_TOKEN = (
    "kzun-bot: no bot token. Set TELEGRAM_BOT_TOKEN to the token @BotFather gives you "
    "(in Telegram, send /newbot to @BotFather).\n"
    "To try the bot without a token, run `kzun-bot shell`."
)
_MESSAGE = filters.UpdateType.MESSAGE  # not edited: an edit never triggers a second reply
_PRIVATE = filters.ChatType.PRIVATE & _MESSAGE


def build_services(
    settings: Settings, knowledge: Knowledge | None = None, clock: Clock = utc_now
) -> Services:
    """The knowledge (loaded and validated unless given) and the state under the data folder."""
    db = Database(settings.database_path, clock)
    return Services(
        settings=settings,
        knowledge=knowledge or build_knowledge(settings.knowledge_dir, settings.thresholds),
        db=db,
        preferences=PreferenceStore(db),
        chats=ChatRegistry(db),
        questions=QuestionLog(db),
        subscriptions=SubscriptionStore(db, settings.post_time, settings.timezone),
        deliveries=DeliveryLog(db),
    )


def build_application(settings: Settings, services: Services) -> Application:
    """The bot: Telegram connection, defaults every reply shares, and every handler in order."""
    application = (
        ApplicationBuilder()
        .token(settings.token or "")
        .base_url(settings.api_base_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
                allow_sending_without_reply=True,  # the question may be deleted before we answer
                tzinfo=zone(settings.timezone),  # the pinned tzdata: Almaty is UTC+5 since 2024
            )
        )
        .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(_post_init)
        .build()
    )
    application.bot_data[SERVICES_KEY] = services
    for group, handler in handler_table(FloodGuard(Throttle(FLOOD_RATE, FLOOD_BURST))):
        application.add_handler(handler, group)
    application.add_error_handler(report_error)
    return application


def handler_table(guard: FloodGuard) -> list[tuple[int, BaseHandler[Update, Context, None]]]:
    """(group, handler) in the order PTB tries them: lower groups first, and within a group
    only the first handler that matches runs."""
    return [
        (-3, admin.UPDATE_COUNTER),  # every update is counted for /metrics
        (-2, TypeHandler(Update, remember_chat)),  # every chat is known for /stats
        (-1, TypeHandler(Update, guard.check)),  # a flooding sender stops here
        (0, CommandHandler("start", start, filters=_MESSAGE)),
        (0, CommandHandler("help", show_help, filters=_MESSAGE)),
        (0, CommandHandler("topics", show_topics, filters=_MESSAGE)),
        (0, CommandHandler("lang", choose_language, filters=_MESSAGE)),
        (0, CommandHandler("sources", show_sources, filters=_MESSAGE)),
        (0, CommandHandler("about", show_about, filters=_MESSAGE)),
        (0, CommandHandler("ask", ask, filters=_MESSAGE | filters.UpdateType.CHANNEL_POST)),
        *((0, handler) for handler in daily.HANDLERS),  # /today, /subscribe, membership
        *((0, handler) for handler in admin.HANDLERS),  # /stats, /reload
        (0, InlineQueryHandler(answer_inline_query)),
        (0, CallbackQueryHandler(press_button)),
        (0, MessageHandler(_PRIVATE & filters.TEXT & ~filters.COMMAND, answer_private)),
        (0, MessageHandler(filters.ChatType.GROUPS & _MESSAGE & filters.TEXT, answer_in_group)),
        (0, MessageHandler(_PRIVATE & filters.COMMAND, unknown_command)),
        (0, MessageHandler(_PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL, reply_non_text)),
    ]


async def remember_chat(update: Update, context: Context) -> None:
    """Note the chat as seen, for /stats; a failure here never stops the reply."""
    chat = update.effective_chat
    if chat is None:
        return
    try:
        services(context).chats.seen(chat.id, chat.type, chat.title)
    except sqlite3.Error as error:
        log.warning("chat %s not recorded: %s", chat.id, error)


async def _post_init(application: Application) -> None:
    """After connecting: publish the command menu, start the daily posts and reload triggers."""
    await set_commands(application)
    await schedule_daily_posts(application)
    admin.start_reload_triggers(application)


async def set_commands(application: Application) -> None:
    """The command menu in English (the default for every language), Russian and Kazakh."""
    for code, lang in (("", "en"), ("ru", "ru"), ("kk", "kk")):
        commands = [BotCommand(name, text(f"menu_{name}", lang)) for name in MENU]
        try:
            await application.bot.set_my_commands(commands, language_code=code or None)
        except TelegramError as error:  # the menu is a convenience: never a reason not to run
            log.warning("could not set the %s command menu: %s", lang, error)


def run(settings: Settings) -> int:
    """`kzun-bot run`: serve until SIGTERM or Ctrl-C; 0 after a clean stop, 1 on failure, 2
    without a token."""
    if not settings.token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    if settings.webhook_secret and not SECRET_PATTERN.match(settings.webhook_secret):
        print("kzun-bot: the webhook secret may use only A-Z a-z 0-9 _ - (1-256)", file=sys.stderr)
        return 2
    try:
        svc = build_services(settings)
    except KnowledgeError as error:
        log.error("the knowledge is broken, not starting:\n%s", error)
        return 1
    except StorageError as error:
        log.error("the state file cannot be used, not starting: %s", error)
        return 1
    try:
        return asyncio.run(serve(settings, svc))
    finally:
        svc.db.close()


async def serve(settings: Settings, svc: Services, stop: asyncio.Event | None = None) -> int:
    """Serve while holding the data folder's lock: a second instance on the same state would
    double every daily post and fight over getUpdates, so it exits at once."""
    try:
        lock = instance_lock(settings.data_dir)
    except RuntimeError as error:
        log.error("%s", error)
        return 1
    try:
        return await _serve(settings, svc, stop)
    finally:
        lock.close()


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
    try:
        await _post_init(application)  # what run_polling would do after initialize()
        assert application.job_queue is not None  # _post_init has checked it
        application.job_queue.run_repeating(
            _token_check(stop, rejected),
            interval=TOKEN_CHECK_INTERVAL,
            first=TOKEN_CHECK_INTERVAL,
            name=TOKEN_CHECK_NAME,
        )
        if settings.webhook_url:
            runner = await _start_webhook(application, settings)
        else:
            assert application.updater is not None
            await application.updater.start_polling(
                allowed_updates=ALLOWED_UPDATES, bootstrap_retries=-1
            )
            if settings.metrics_port:  # operations: /healthz and /metrics on a port of their own
                ops = health_app(svc, lambda: application.running)
                runner = await start_server(ops, settings.listen, settings.metrics_port)
        await application.start()
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
        if not await _shut_down(application, runner) and not rejected.is_set():
            _log_token_rejected()  # polling had ended on it before the check noticed
            rejected.set()
    return 1 if rejected.is_set() else 0


def _token_check(
    stop: asyncio.Event, rejected: asyncio.Event
) -> Callable[[Context], Awaitable[None]]:
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


async def connect(application: Application, stop: asyncio.Event) -> bool:
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


async def _start_webhook(application: Application, settings: Settings) -> web.AppRunner:
    assert settings.webhook_url is not None
    secret = settings.webhook_secret or secrets.token_urlsafe(32)
    redact_secret(secret)  # PTB logs setWebhook's parameters, secret_token included, at DEBUG
    path = webhook_path(settings.webhook_url)
    app = webhook_app(application, secret, path)
    svc: Services = application.bot_data[SERVICES_KEY]
    add_routes(app, svc, lambda: application.running)  # operations: /healthz and /metrics
    runner = await start_server(app, settings.listen, settings.port)
    await application.bot.set_webhook(
        settings.webhook_url, secret_token=secret, allowed_updates=ALLOWED_UPDATES
    )
    return runner


async def _shut_down(application: Application, runner: web.AppRunner | None) -> bool:
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
