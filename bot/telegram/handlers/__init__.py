"""Telegram handlers, one module per feature; `bot.app.build_application` wires them in one table.

Handlers reach the shared services through `context.services` and decide the reply language with
`reply_language(update, context)`, and learn the date with `today(context)`, so each rule lives
in one place.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from telegram import Update

from bot.clock import local_today
from bot.lang import LANGS, Lang
from bot.storage.database import StorageError
from bot.telegram.context import Context

log = logging.getLogger(__name__)

# A reply never waits longer than this for the sender's /lang choice: when the database is slow
# or failing, Telegram's app language is a good enough guess.
PREFERENCE_WAIT = 0.5

# Telegram's anonymous-admin account: messages an admin sends "as the group" come from it.
ANONYMOUS_ADMIN_ID = 1087968824


def person_id(update: Update) -> int | None:
    """The id of the human behind an update; None for channel posts and anonymous admins."""
    user = update.effective_user
    if user is None or user.id == ANONYMOUS_ADMIN_ID or user.is_bot:
        return None
    return user.id


def reply_language(update: Update, context: Context) -> Lang:
    """The user's /lang choice, else their Telegram app language when we speak it, else English."""
    chosen = context.chosen_language
    if chosen in LANGS:
        return chosen
    code = (update.effective_user.language_code or "") if update.effective_user else ""
    base = code.split("-")[0].lower()
    return base if base in LANGS else "en"


async def recall_language(update: Update, context: Context) -> None:
    """Look up the sender's /lang choice once per update, before any handler replies."""
    user_id = person_id(update)
    if user_id is None:
        return
    svc = context.services
    try:
        lookup = svc.preferences.language(user_id)
        context.chosen_language = await asyncio.wait_for(lookup, PREFERENCE_WAIT)
    except (StorageError, TimeoutError) as error:
        svc.metrics.observe_storage_error("preference")
        log.warning("language choice not read, using the app's: %s", error or "timed out")


def today(context: Context) -> dt.date:
    """Today's date where the bot's audience lives (the settings' time zone), by the bot's clock.

    The clock is the database's, so a test that fixes one fixes both what the bot thinks today
    is and the times it records.
    """
    svc = context.services
    return local_today(svc.settings.timezone, svc.db.clock())
