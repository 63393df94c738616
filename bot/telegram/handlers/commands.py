"""Commands for everyone: /start (and fact deep links), /help, /topics, /lang, /sources, /about."""

from __future__ import annotations

import html
import re

from telegram import Update

from bot import __version__
from bot.engine.dates import format_published
from bot.engine.knowledge import Source
from bot.engine.render import render_fact
from bot.lang import LANGS, Lang
from bot.telegram.context import Context
from bot.telegram.handlers import person_id, reply_language
from bot.telegram.handlers.keyboards import (
    examples_keyboard,
    language_keyboard,
    related_keyboard,
    topics_keyboard,
)
from bot.telegram.handlers.questions import command_argument
from bot.telegram.handlers.replies import send_html
from bot.texts import text

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
        await send_html(
            message, render_fact(fact, kb, lang, "html"), related_keyboard(fact, kb, lang)
        )
    else:
        await send_html(message, text("greeting", lang), examples_keyboard(lang))


async def show_help(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is not None:
        lang = reply_language(update, context)
        await send_html(message, text("help", lang, bot=context.bot.username))


async def show_topics(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is not None:
        lang = reply_language(update, context)
        kb = context.services.knowledge.kb
        await send_html(message, text("topics", lang), topics_keyboard(kb, lang))


async def choose_language(update: Update, context: Context) -> None:
    """/lang en|ru|kk remembers the reply language; /lang alone offers the three as buttons."""
    message = update.effective_message
    if message is None:
        return
    choice = command_argument(message).lower()
    if choice in LANGS:
        await send_html(message, set_language(update, context, choice))
    else:
        await send_html(
            message, text("lang_choose", reply_language(update, context)), language_keyboard()
        )


def set_language(update: Update, context: Context, lang: Lang) -> str:
    """Remember `lang` for the person behind the update; the confirmation, in that language."""
    user_id = person_id(update)
    if user_id is not None:
        context.services.preferences.set_language(user_id, lang)
    return text("lang_set", lang)


async def show_sources(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None:
        return
    lang = reply_language(update, context)
    sources = context.services.knowledge.kb.sources.values()
    lines = [text("sources_intro", lang), *(source_entry(source, lang) for source in sources)]
    await send_html(message, "\n\n".join(lines))


def source_entry(source: Source, lang: Lang) -> str:
    """• the linked title, then publisher and date."""
    title = html.escape(source.title, quote=False)
    if source.url:
        title = f'<a href="{html.escape(source.url)}">{title}</a>'
    published = format_published(source.published, lang)
    return f"• {title}\n<i>{html.escape(source.publisher)}, {published}</i>"


async def show_about(update: Update, context: Context) -> None:
    message = update.effective_message
    if message is None:
        return
    lang = reply_language(update, context)
    kb = context.services.knowledge.kb
    about = text("about", lang, version=__version__, facts=len(kb.facts), sources=len(kb.sources))
    await send_html(message, about)


async def unknown_command(update: Update, context: Context) -> None:
    """A command the bot does not have, in a private chat: point to /help."""
    message = update.effective_message
    if message is not None:
        await send_html(message, text("unknown_command", reply_language(update, context)))
