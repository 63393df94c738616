"""`kzun-bot today`: the daily post of a day as subscribers would get it, printed."""

from __future__ import annotations

import datetime as dt
import sys

from bot.clock import local_today
from bot.commands.console import load_matcher
from bot.config import Settings
from bot.daily.anniversaries import broadcast_text, today_reply
from bot.engine.knowledge import KnowledgeBase
from bot.lang import Lang


def knowledge_and_day(
    settings: Settings, date: dt.date | None
) -> tuple[KnowledgeBase, dt.date] | None:
    """For a CLI command: the knowledge, and `date` or today where the posts are timed; None
    after printing why the knowledge cannot be used."""
    loaded = load_matcher(settings)
    if loaded is None:
        return None
    return loaded[0], date or local_today(settings.timezone)


def print_post(settings: Settings, date: dt.date | None, lang: Lang) -> int:
    """`kzun-bot today`: print what subscribers would get for the day, as plain text."""
    loaded = knowledge_and_day(settings, date)
    if loaded is None:
        return 1
    kb, day = loaded
    post = broadcast_text(kb, day, lang, "text", settings.empty_day)
    if post is None:
        print(
            f"No post for {day.isoformat()}: nothing happened on this day, so nothing is sent "
            "(KZUN_EMPTY_DAY=skip). /today would say:",
            file=sys.stderr,
        )
        post = today_reply(kb, day, lang, "text")
    print(post)
    return 0
