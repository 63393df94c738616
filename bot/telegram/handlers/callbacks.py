"""Inline buttons: related facts, "did you mean" choices, topic browsing, examples, languages.

Telegram shows a spinner until answerCallbackQuery, and a late answer fails, so every press is
answered first (with a short "expired" note when the button is unknown, from an old format, or
points at a fact a reload removed) and the message work comes after.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import CallbackQuery, Message, Update
from telegram.constants import ChatType

from bot.chat.replies import Action, browse, example_question, language_set_reply
from bot.telegram.context import Context
from bot.telegram.handlers.commands import remember_language
from bot.telegram.handlers.keyboards import decode
from bot.telegram.handlers.questions import answer
from bot.telegram.handlers.replies import edit_reply, send_reply
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
    if action.kind == "example":
        question = example_question(action)
        if question is None:
            return None
        return lambda: answer(update, context, question, explicit=True)
    if action.kind == "language":

        async def set_language() -> None:
            await remember_language(update, context, action.lang)
            await edit_reply(query, language_set_reply(action.lang))

        return set_language
    shown = browse(action, context.services.knowledge.kb, "html")
    if shown is None:
        return None
    # Under an answer in a private chat the answer stays and the related fact comes below; in a
    # group or channel a new message would go to everyone, so the bot's message turns into it.
    if action.kind == "related" and message.chat.type == ChatType.PRIVATE:
        return lambda: send_reply(message, shown)
    return lambda: edit_reply(query, shown)
