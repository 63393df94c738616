"""Commands for everyone: /start (and fact deep links), /help, /topics, /lang, /sources, /about.

What each says is built in `bot.chat.replies`, shared with the console chat.
"""

from __future__ import annotations

import re

from telegram import Update

from bot.chat.replies import (
    about_reply,
    fact_reply,
    greeting_reply,
    help_reply,
    language_menu_reply,
    language_set_reply,
    sources_reply,
    topics_reply,
    unknown_command_reply,
)
from bot.lang import LANGS, Lang
from bot.telegram.context import Context
from bot.telegram.handlers import person_id, reply_language
from bot.telegram.handlers.questions import command_argument
from bot.telegram.handlers.replies import send_reply

# Telegram's rule for deep-link payloads; anything else did not come from one of our links.
_PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


async def start(update: Update, context: Context) -> None:
    """Greeting with example questions; `/start <fact-id>` (a t.me deep link) opens that fact."""
    message = update.effective_message
    if message is None:
        return
    lang = reply_language(update, context)
    payload = command_argument(message)
    kb = context.services.knowledge.kb
    fact = kb.fact(payload) if _PAYLOAD.match(payload) else None
    if fact is not None:
        await send_reply(message, fact_reply(fact, kb, lang, "html"))
    else:
        await send_reply(message, greeting_reply(lang, "html"))


async def show_help(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is not None:
        lang = reply_language(update, context)
        await send_reply(message, help_reply(lang, context.bot.username))


async def show_topics(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is not None:
        lang = reply_language(update, context)
        await send_reply(message, topics_reply(context.services.knowledge.kb, lang))


async def choose_language(update: Update, context: Context) -> None:
    """/lang en|ru|kk remembers the reply language; /lang alone offers the three as buttons."""
    message = update.effective_message
    if message is None:
        return
    choice = command_argument(message).lower()
    for lang in LANGS:
        if choice == lang:
            await remember_language(update, context, lang)
            await send_reply(message, language_set_reply(lang))
            return
    await send_reply(message, language_menu_reply(reply_language(update, context)))


async def remember_language(update: Update, context: Context, lang: Lang) -> None:
    """Remember `lang` for the person behind the update (nobody, for a channel post)."""
    user_id = person_id(update)
    if user_id is not None:
        await context.services.preferences.set_language(user_id, lang)
        context.chosen_language = lang


async def show_sources(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is not None:
        lang = reply_language(update, context)
        await send_reply(message, sources_reply(context.services.knowledge.kb, lang, "html"))


async def show_about(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is not None:
        lang = reply_language(update, context)
        await send_reply(message, about_reply(context.services.knowledge.kb, lang, "html"))


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have, in a private chat: point to /help."""
    message = update.effective_message
    if message is not None:
        await send_reply(message, unknown_command_reply(reply_language(update, context)))
