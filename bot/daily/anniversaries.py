"""The "on this day" post: the anniversaries a day holds, how long ago each was, and its source.

Plain Python, no Telegram: the broadcast, /today and `kzun-bot today` all print the same post.

Rules a reader of the post relies on:
- A fact with a full date (`1992-03-02`) is shown as "34 years ago today, on 2 March 1992"; one
  with a yearly day (`05-29`, an international day) as "Today, 29 May". Newest anniversary first.
- A fact dated after the day asked for has not happened yet on that day and is left out.
- 29 February: in a year without one, its facts are shown on 28 February, so they are never
  skipped for three years running.
- The post never exceeds Telegram's 4096 characters: facts that do not fit are left out whole.
- One entry per real event: a fact that marks an earlier event's anniversary on its own day
  ("on 2 March 2021 Kazakhstan marked 29 years of membership" beside "joined on 2 March 1992") is
  left out of the post, which would otherwise announce the anniversary of an anniversary.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from bot.config import EmptyDay
from bot.engine.dates import format_day
from bot.engine.knowledge import Fact, KnowledgeBase
from bot.engine.render import Format, bold, escape_for, render_fact, utf16_units
from bot.lang import Lang
from bot.texts import text

MAX_MESSAGE = 4096  # Telegram's limit, in UTF-16 code units
# How far ahead to look for the next anniversary: a year and a day covers any yearly date.
_LOOKAHEAD_DAYS = 367


def facts_of_day(kb: KnowledgeBase, day: dt.date) -> list[Fact]:
    """The facts whose date falls on `day`'s month and day, newest anniversary first."""
    facts = kb.facts_on(day.month, day.day)
    if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
        facts = sorted(facts + kb.facts_on(2, 29), key=_newest_first)
    happened = [f for f in facts if f.date is not None and (f.date.year or 0) <= day.year]
    return [f for f in happened if not _commemorates(f, happened)]


def compose_post(kb: KnowledgeBase, day: dt.date, lang: Lang, fmt: Format) -> str | None:
    """The post for `day` in `lang`, or None when nothing happened on that day."""
    facts = facts_of_day(kb, day)
    if not facts:
        return None
    title = bold(text("daily_title", lang, date=format_day(day.month, day.day, lang)), fmt)
    return _fit(title, [_block(_anniversary(f, day, lang), f, kb, lang, fmt) for f in facts])


def upcoming_post(kb: KnowledgeBase, day: dt.date, lang: Lang, fmt: Format) -> str | None:
    """For a day without events: when the next anniversary is and what it marks."""
    for ahead in range(1, _LOOKAHEAD_DAYS):
        later = day + dt.timedelta(days=ahead)
        facts = facts_of_day(kb, later)
        if facts:
            break
    else:
        return None
    nothing = text("daily_nothing", lang, date=format_day(day.month, day.day, lang))
    when = text(
        "daily_next",
        lang,
        days=ahead,
        word=plural(ahead, "daily_day", lang),
        date=format_day(later.month, later.day, lang),
    )
    blocks = [_block(_full_date(f, lang), f, kb, lang, fmt) for f in facts]
    return _fit(escape_for(f"{nothing}\n{when}", fmt), blocks)


def today_reply(kb: KnowledgeBase, day: dt.date, lang: Lang, fmt: Format) -> str:
    """The /today answer: the day's post, or on an empty day when the next anniversary is."""
    return (
        compose_post(kb, day, lang, fmt)
        or upcoming_post(kb, day, lang, fmt)
        or text("daily_no_dates", lang)
    )


def broadcast_text(
    kb: KnowledgeBase, day: dt.date, lang: Lang, fmt: Format, empty_day: EmptyDay
) -> str | None:
    """What subscribers get for `day`: the post; on an empty day nothing, or the next one."""
    post = compose_post(kb, day, lang, fmt)
    if post is None and empty_day == "next":
        return upcoming_post(kb, day, lang, fmt)
    return post


class Posts:
    """The day's post per language and format, composed once per pass, not once per chat."""

    def __init__(self, kb: KnowledgeBase, empty_day: EmptyDay) -> None:
        self.kb = kb
        self.empty_day = empty_day
        self._cache: dict[tuple[dt.date, Lang, Format], str | None] = {}

    def __call__(self, day: dt.date, lang: Lang, fmt: Format = "html") -> str | None:
        key = (day, lang, fmt)
        if key not in self._cache:
            self._cache[key] = broadcast_text(self.kb, day, lang, fmt, self.empty_day)
        return self._cache[key]


def plural(count: int, key: str, lang: Lang) -> str:
    """The word for `count` things: `key`_one, _few or _many (Russian needs all three)."""
    if lang == "ru":
        if count % 10 == 1 and count % 100 != 11:
            form = "one"
        elif 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
            form = "few"
        else:
            form = "many"
    else:
        form = "one" if count == 1 else "many"
    return text(f"{key}_{form}", lang)


def _block(heading: str, fact: Fact, kb: KnowledgeBase, lang: Lang, fmt: Format) -> str:
    """One fact of a post: its heading in bold, then the answer and its source."""
    return f"{bold(heading, fmt)}\n{render_fact(fact, kb, lang, fmt)}"


def _anniversary(fact: Fact, day: dt.date, lang: Lang) -> str:
    """'34 years ago today, on 2 March 1992:', or 'Today, 29 May:' for a yearly day."""
    assert fact.date is not None  # facts_of_day keeps only dated facts
    years = fact.date.years_since(day)
    if not years:
        return text("daily_today", lang, date=_full_date(fact, lang))
    return text(
        "daily_years_ago",
        lang,
        years=years,
        word=plural(years, "daily_year", lang),
        date=_full_date(fact, lang),
    )


def _full_date(fact: Fact, lang: Lang) -> str:
    assert fact.date is not None
    day = format_day(fact.date.month, fact.date.day, lang)
    if fact.date.year is None:
        return day
    return text("daily_date_year", lang, day=day, year=fact.date.year)


def _fit(head: str, blocks: Iterable[str]) -> str:
    """`head` and as many whole blocks as fit in one Telegram message."""
    post = head
    for block in blocks:
        longer = f"{post}\n\n{block}"
        if utf16_units(longer) > MAX_MESSAGE:
            break
        post = longer
    return post


def _commemorates(fact: Fact, same_day: list[Fact]) -> bool:
    """Whether `fact` marks the anniversary of an earlier fact of the same day: it links to that
    fact (`related`) and its answer names that fact's year, so it is not an event of its own."""
    year = fact.date.year if fact.date else None
    return year is not None and any(
        earlier.id in fact.related
        and earlier.date is not None
        and earlier.date.year is not None
        and earlier.date.year < year
        and str(earlier.date.year) in fact.answer["en"]
        for earlier in same_day
    )


def _newest_first(fact: Fact) -> int:
    return -(fact.date.year or 0) if fact.date else 0
