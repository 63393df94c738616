"""The one error handler: log what failed (never the token, never the user's words) and apologise.

Expected Telegram refusals are not bugs and are logged quietly: a user who blocked the bot, a
button answered too late. Everything else is logged with its traceback at ERROR, and the person
who was talking to the bot gets a polite message, except in channels, where it would go to all.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.telegram.context import Context
from bot.telegram.handlers import reply_language
from bot.texts import text

log = logging.getLogger(__name__)


async def report_error(update: object, context: Context) -> None:
    error = context.error
    where = _describe(update, context)
    if isinstance(error, Forbidden):
        log.info("%s: Telegram refused: %s", where, error.message)
        return
    if isinstance(error, BadRequest) and "query is too old" in error.message.lower():
        log.debug("%s: callback answered too late", where)
        return
    log.error("%s failed", where, exc_info=error)
    if isinstance(update, Update):
        await _apologise(update, context)


def _describe(update: object, context: Context) -> str:
    """Which update or job failed, by ids only: no message text, no names."""
    if isinstance(update, Update):
        chat = update.effective_chat
        kind = next(iter(update.to_dict().keys() - {"update_id"}), "update")
        return f"update {update.update_id} ({kind}, chat {chat.id if chat else '-'})"
    if context.job is not None:
        return f"job {context.job.name}"
    return "handler"


async def _apologise(update: Update, context: Context) -> None:
    lang = reply_language(update, context)  # no storage call: recalled before the handlers
    # For a button press this is the message with the button: the press itself was answered
    # before any work began (callbacks.py), and a second answer would be refused.
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or chat.type == ChatType.CHANNEL:
        return
    try:
        await message.reply_text(text("error", lang))
    except TelegramError as error:  # Telegram itself may be what failed
        log.warning("could not apologise for update %s: %s", update.update_id, error)
