"""Flood control in front of every handler: one sender cannot keep the bot busy for everyone.

Counted: private messages, button presses, and group or channel messages meant for the bot
(its own commands, mentions, replies to it); ordinary group chatter and commands for other bots
(/cmd@OtherBot) cost nothing, since they get no reply anyway. Inline queries are not counted:
clients send one per keystroke, already debounced, and an inline answer posts nothing.
Telegram's own send limits are the rate limiter's job (bot.telegram.limiter).
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, CommandHandler

from bot.telegram.context import Context
from bot.telegram.handlers import person_id, reply_language
from bot.telegram.handlers.questions import addressed_question
from bot.telegram.throttle import Throttle
from bot.texts import text


class FloodGuard:
    """Runs before the handlers (a TypeHandler in an earlier group) and stops refused updates."""

    def __init__(self, throttle: Throttle) -> None:
        self.throttle = throttle

    async def check(self, update: Update, context: Context) -> None:
        if not self._counted(update, context):
            return
        chat, message = update.effective_chat, update.effective_message
        key = person_id(update) or (chat.id if chat else 0)
        verdict = self.throttle.check(key)
        if verdict == "allow":
            return
        slow_down = text("slow_down", reply_language(update, context))
        if update.callback_query is not None:  # always answered, or the button keeps spinning
            await update.callback_query.answer(slow_down)
        elif verdict == "warn" and message is not None and message.chat.type == ChatType.PRIVATE:
            await message.reply_text(slow_down)
        raise ApplicationHandlerStop

    @staticmethod
    def _counted(update: Update, context: Context) -> bool:
        """Whether the update would make the bot do work worth limiting."""
        if update.callback_query is not None:
            return True
        message = update.message or update.channel_post
        if message is None:
            return False
        if message.chat.type == ChatType.PRIVATE:
            return True
        if (message.text or "").startswith("/") and _our_command(update, context):
            return True
        return addressed_question(message, context.bot) is not None


def _our_command(update: Update, context: Context) -> bool:
    """Whether one of the bot's commands takes the update: not /cmd@OtherBot, not unknown."""
    return any(
        isinstance(handler, CommandHandler) and bool(handler.check_update(update))
        for handlers in context.application.handlers.values()
        for handler in handlers
    )
