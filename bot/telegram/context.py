"""The typed context every handler and job receives: `context.services` instead of a dict lookup.

Registered through `ContextTypes` (python-telegram-bot's `contexttypesbot.py` idiom), so mypy knows
what handlers get, and a handler cannot misspell a `bot_data` key.
"""

from __future__ import annotations

from typing import Any, TypeAlias

from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot, JobQueue

from bot.daily.pacing import Lane
from bot.services import Services


class BotData:
    """What the whole bot shares; PTB creates it empty, `build_application` fills it once."""

    services: Services | None = None

    def required(self) -> Services:
        """The services; a RuntimeError if the application was built without them."""
        if self.services is None:
            raise RuntimeError("the application was built without services (build_application)")
        return self.services


# ExtBot[Lane]: the rate limiter's per-request argument is the lane (bot.telegram.limiter).
class Context(CallbackContext[ExtBot[Lane], dict[Any, Any], dict[Any, Any], BotData]):
    """A callback context that hands out the bot's services, typed.

    One context serves every handler group of an update, so `chosen_language` (the sender's
    /lang choice, looked up once by `recall_language` before any handler replies) is read by
    the handlers without a storage call of their own.
    """

    chosen_language: str | None = None

    @property
    def services(self) -> Services:
        return self.bot_data.required()


BotApplication: TypeAlias = Application[
    ExtBot[Lane], Context, dict[Any, Any], dict[Any, Any], BotData, JobQueue[Context]
]

CONTEXT_TYPES = ContextTypes(context=Context, bot_data=BotData)


def services_of(application: BotApplication) -> Services:
    """The services of a built application."""
    return application.bot_data.required()
