"""Inline buttons: related facts, "did you mean" choices, topic browsing, examples, languages.

Telegram shows a spinner until answerCallbackQuery, and a late answer fails, so every press is
answered first (with a short "expired" note when the button is unknown, from an old format, or
points at a fact a reload removed) and the message work comes after.
"""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable

from telegram import CallbackQuery, Message, Update

from bot.engine.render import render_fact
from bot.telegram.context import Context
from bot.telegram.handlers.commands import set_language
from bot.telegram.handlers.keyboards import (
    Action,
    decode,
    example_questions,
    fact_view_keyboard,
    related_keyboard,
    topic_keyboard,
    topics_keyboard,
)
from bot.telegram.handlers.questions import answer
from bot.telegram.handlers.replies import edit_html, send_html
from bot.texts import text

Step = Callable[[], Awaitable[object]]


async def press_button(update: Update, context: Context) -> None:
    """Answer the press at once, then do what the button asks."""
    query = update.callback_query
    if query is None:
        return
    action = decode(query.data)
    message = query.message
    step = None
    # No action: an old or foreign format. An inaccessible message: too old for Telegram to edit.
    if action is not None and isinstance(message, Message) and message.is_accessible:
        step = _step(action, query, message, update, context)
    if step is None:
        await query.answer(text("expired", action.lang if action else "en"))
        return
    await query.answer()
    await step()


def _step(
    action: Action, query: CallbackQuery, message: Message, update: Update, context: Context
) -> Step | None:
    """The work a button asks for, or None when what it names no longer exists."""
    kb = context.services.knowledge.kb
    lang = action.lang
    if action.kind in ("f", "e"):
        fact = kb.fact(action.arg)
        if fact is None:
            return None
        shown = render_fact(fact, kb, lang, "html")
        if action.kind == "f":
            return lambda: send_html(message, shown, related_keyboard(fact, kb, lang))
        return lambda: edit_html(query, shown, fact_view_keyboard(fact, kb, lang))
    if action.kind == "t":
        if not action.arg:
            return lambda: edit_html(query, text("topics", lang), topics_keyboard(kb, lang))
        topic = kb.topics.get(action.arg)
        if topic is None:
            return None
        heading = text("topic_facts", lang, topic=html.escape(topic.title[lang], quote=False))
        return lambda: edit_html(query, heading, topic_keyboard(kb, topic.id, lang))
    if action.kind == "q":
        examples = example_questions(lang)
        if not action.arg.isdigit() or int(action.arg) >= len(examples):
            return None
        question = examples[int(action.arg)]
        return lambda: answer(update, context, question, explicit=True)
    return lambda: edit_html(query, set_language(update, context, lang))
