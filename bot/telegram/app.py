"""The one wiring place: how the Telegram bot is put together.

Reading `build_application` and `handler_table` tells what the bot does with each kind of update,
in order; `runner.py` owns the process around it.
"""

from __future__ import annotations

import logging
from typing import cast

from telegram import BotCommand, LinkPreviewOptions, Update
from telegram.constants import ChatType, ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    ApplicationBuilder,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.clock import zone
from bot.config import Settings
from bot.daily.job import schedule_daily_posts
from bot.lang import Lang
from bot.services import Services
from bot.storage.database import StorageError
from bot.storage.retention import purge
from bot.telegram.context import CONTEXT_TYPES, BotApplication, Context
from bot.telegram.handlers import recall_language
from bot.telegram.handlers.admin import (
    admin_only,
    count_update,
    reload_command,
    show_stats,
    start_reload_triggers,
)
from bot.telegram.handlers.callbacks import press_button
from bot.telegram.handlers.commands import (
    choose_language,
    show_about,
    show_help,
    show_sources,
    show_topics,
    start,
    unknown_command,
)
from bot.telegram.handlers.daily import (
    follow_migration,
    show_today,
    subscribe,
    track_membership,
    unsubscribe,
)
from bot.telegram.handlers.errors import report_error
from bot.telegram.handlers.flood import FloodGuard
from bot.telegram.handlers.inline import answer_inline_query
from bot.telegram.handlers.questions import answer_in_group, answer_private, ask, reply_non_text
from bot.telegram.handlers.updates import drop_repeated_update
from bot.telegram.limiter import PriorityRateLimiter
from bot.telegram.sending import FallbackBot
from bot.telegram.throttle import Throttle
from bot.telegram.transport import http_request
from bot.texts import text

log = logging.getLogger(__name__)

PURGE_NAME = "purge-old-state"
PURGE_INTERVAL = 6 * 3600.0  # seconds: retention is counted in days, four runs a day suffice
PURGE_FIRST = 60.0  # the first run a minute after start, out of the start-up rush

# Asked for explicitly: Telegram otherwise keeps sending whatever was asked for last time.
# Edited messages are left out on purpose, so an edited "/today" never answers twice.
ALLOWED_UPDATES = ["message", "channel_post", "inline_query", "callback_query", "my_chat_member"]
# Several updates are handled at once, so one slow chat (a group paced at 20 messages a minute
# by the rate limiter) never holds up everyone else.
CONCURRENT_UPDATES = 32
# The rate limiter waits out a 429's retry_after and tries a reply again this many times.
RATE_LIMIT_RETRIES = 3
FLOOD_RATE, FLOOD_BURST = 1.0, 10  # per sender: 10 at once, then one a second
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
_MESSAGE = filters.UpdateType.MESSAGE  # not edited: an edit never triggers a second reply
_PRIVATE = filters.ChatType.PRIVATE & _MESSAGE
_MESSAGE_OR_POST = _MESSAGE | filters.UpdateType.CHANNEL_POST


def build_application(settings: Settings, services: Services) -> BotApplication:
    """The bot: Telegram connection, defaults every reply shares, and every handler in order."""
    bot = FallbackBot(
        settings.token or "",
        base_url=settings.api_base_url,
        defaults=Defaults(
            parse_mode=ParseMode.HTML,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
            allow_sending_without_reply=True,  # the question may be deleted before we answer
            tzinfo=zone(settings.timezone),  # the pinned tzdata: Almaty is UTC+5 since 2024
        ),
        rate_limiter=PriorityRateLimiter(services.flood, RATE_LIMIT_RETRIES),
        # As many connections as updates run at once, and a few for jobs: httpcore's pool does
        # work for every pooled connection on every request (PTB's default is 256).
        request=http_request(CONCURRENT_UPDATES + 8),
        get_updates_request=http_request(),  # unused (the poller has its own), but PTB makes one
        metrics=services.metrics,
    )
    # PTB's builder types do not carry a custom context type on to the JobQueue: one cast here.
    # No Updater: `polling.Poller` fetches updates (bounded, and one bad update is skipped).
    application = cast(
        BotApplication,
        ApplicationBuilder()
        .bot(bot)
        .updater(None)
        .concurrent_updates(CONCURRENT_UPDATES)
        .context_types(CONTEXT_TYPES)
        .post_init(post_init)
        .build(),
    )
    application.bot_data.services = services
    for group, handler in handler_table(FloodGuard(Throttle(FLOOD_RATE, FLOOD_BURST))):
        application.add_handler(handler, group)
    application.add_error_handler(report_error)
    return application


def handler_table(guard: FloodGuard) -> list[tuple[int, BaseHandler[Update, Context, None]]]:
    """(group, handler) in the order PTB tries them: lower groups first, and within a group
    only the first handler that matches runs."""
    return [
        (-5, TypeHandler(Update, drop_repeated_update)),  # replicas: each update once
        (-4, TypeHandler(Update, recall_language)),  # the sender's /lang choice, read once
        (-3, TypeHandler(Update, count_update)),  # every update is counted for /metrics
        (-2, TypeHandler(Update, remember_chat)),  # every chat is known for /stats
        (-1, TypeHandler(Update, guard.check)),  # a flooding sender stops here
        (0, CommandHandler("start", start, filters=_MESSAGE)),
        (0, CommandHandler("help", show_help, filters=_MESSAGE)),
        (0, CommandHandler("topics", show_topics, filters=_MESSAGE)),
        (0, CommandHandler("lang", choose_language, filters=_MESSAGE)),
        (0, CommandHandler("sources", show_sources, filters=_MESSAGE)),
        (0, CommandHandler("about", show_about, filters=_MESSAGE)),
        (0, CommandHandler("ask", ask, filters=_MESSAGE_OR_POST)),
        # daily posts: edited commands are left out, so editing "/subscribe" never acts twice
        (0, CommandHandler("today", show_today, filters=_MESSAGE_OR_POST)),
        (0, CommandHandler("subscribe", subscribe, filters=_MESSAGE_OR_POST)),
        (0, CommandHandler("unsubscribe", unsubscribe, filters=_MESSAGE_OR_POST)),
        (0, ChatMemberHandler(track_membership, ChatMemberHandler.MY_CHAT_MEMBER)),
        (0, MessageHandler(filters.StatusUpdate.MIGRATE, follow_migration)),
        # operations: admins only, in a private chat; anyone else gets no reply
        (0, CommandHandler("stats", admin_only(show_stats), filters=_PRIVATE)),
        (0, CommandHandler("reload", admin_only(reload_command), filters=_PRIVATE)),
        (0, InlineQueryHandler(answer_inline_query)),
        (0, CallbackQueryHandler(press_button)),
        (0, MessageHandler(_PRIVATE & filters.TEXT & ~filters.COMMAND, answer_private)),
        (0, MessageHandler(filters.ChatType.GROUPS & _MESSAGE & filters.TEXT, answer_in_group)),
        (0, MessageHandler(_PRIVATE & filters.COMMAND, unknown_command)),
        (0, MessageHandler(_PRIVATE & ~filters.TEXT & ~filters.StatusUpdate.ALL, reply_non_text)),
    ]


async def remember_chat(update: Update, context: Context) -> None:
    """Note the chat as seen, for /stats, beside the reply: a failure never stops it."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None:
        return
    chat_id, chat_type = chat.id, chat.type
    if message is not None and message.migrate_to_chat_id:  # the group lives on under a new id
        chat_id, chat_type = message.migrate_to_chat_id, ChatType.SUPERGROUP
    svc = context.services
    svc.bookkeeper.spawn("chat_seen", svc.chats.seen(chat_id, chat_type, chat.title))


async def post_init(application: BotApplication) -> None:
    """After connecting: publish the command menu, start the daily posts, the purge of old
    state and the reload triggers."""
    await set_commands(application)
    await schedule_daily_posts(application)
    if application.job_queue is not None:  # schedule_daily_posts has insisted on it
        application.job_queue.run_repeating(
            purge_old_state, interval=PURGE_INTERVAL, first=PURGE_FIRST, name=PURGE_NAME
        )
    start_reload_triggers(application)


async def purge_old_state(context: Context) -> None:
    """Job: forget what the README says is not kept (periods in `bot.storage.retention`)."""
    svc = context.services
    try:
        removed = await purge(svc.db, svc.db.clock())
    except StorageError as error:  # the next run catches up
        svc.metrics.observe_storage_error("purge")
        log.warning("purge of old state failed: %s", error)
        return
    if any(removed.values()):
        log.info("purged old state: %s", ", ".join(f"{t} {n}" for t, n in removed.items() if n))


async def set_commands(application: BotApplication) -> None:
    """The command menu in English (the default for every language), Russian and Kazakh."""
    menus: tuple[tuple[str, Lang], ...] = (("", "en"), ("ru", "ru"), ("kk", "kk"))
    for code, lang in menus:
        commands = [BotCommand(name, text(f"menu_{name}", lang)) for name in MENU]
        try:
            await application.bot.set_my_commands(commands, language_code=code or None)
        except TelegramError as error:  # the menu is a convenience: never a reason not to run
            log.warning("could not set the %s command menu: %s", lang, error)
