"""Kinds of answer a fact gives: a time if it is dated, a count if it has a figure, a list if
it names several things, a place if it names one (kinds.py reads what a question asks).

Apart from reading questions, as only building the index reads facts this way; the figures a
question restates of an answer (`figures`) are read with the same patterns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.engine.dates import MONTHS
from bot.engine.kinds import DECLARED_KINDS, DECLARING, PERIOD_WORDS, asked_for
from bot.engine.knowledge import Fact
from bot.engine.normalize import fold, phrase_pattern
from bot.lang import LANGS, Lang

# How many of a unit of time, in digits or in words: "30 years", "up to one year".
_TIMES = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
_FROM = re.compile(r"\b(?:from|native of|citizen of)\s+(?:the\s+)?[A-Z]")
_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b")
# A reason given, in any language of the answer ("because", "to promote", "чтобы", "себебі").
_REASON = re.compile(
    r"\b(?:because|due to|in order to|so that|so as to|thanks to|aimed at|as a result|reasons?|"
    r"потому что|так как|из-за|чтобы|благодаря|в связи с|причин\w*|ради|себебі|өйткені|"
    r"байланысты|арқасында|мақсатында)\b",
    re.IGNORECASE,
)

# A length of time: "six months", "2011-2013", "from 2011 to 2013", "since 2018".
_IN_UNITS = rf"\b{_TIMES}[\s-]+(?:months?|years?|weeks?|days?|decades?)\b"
_UNITS = re.compile(_IN_UNITS, re.IGNORECASE)
_LENGTH = (
    rf"{_IN_UNITS}|"
    r"\b(?:19|20)\d\d\s*[-–]\s*(?:19|20)?\d\d\b|"
    r"\b(?:from|between)\s+(?:19|20)\d\d\s+(?:to|and|until)\s+(?:19|20)\d\d\b"
)
_DURATION = re.compile(
    rf"{_LENGTH}|\b(?:19|20)\d\d\s*[-–]\s*present\b|\bsince\s+(?:19|20)\d\d", re.IGNORECASE
)
# How long something takes from start to end ("six months", "2011-2013"): what "how long do
# they serve?" asks, which "since 2018" (how long it has gone on) does not say.
_SPAN = re.compile(_LENGTH, re.IGNORECASE)

TOUR = "tour"  # how long a tour of duty is, asked in the present ("how long do they serve?")
TIMES = frozenset({"time", "year", "day", "duration", "length"})  # the kinds `timed` reads
_DATED = re.compile(
    rf"{_YEAR.pattern}|\b(?:{'|'.join(m for months in MONTHS.values() for m in months)})\b",
    re.IGNORECASE,
)
_MONTH = re.compile(rf"\b(?:{'|'.join(MONTHS['en'])})\b")
# A day of a month ("2 March", "March 2"): a date, not a count.
_MONTH_DAY = re.compile(rf"\b\d{{1,2}}\s+{_MONTH.pattern}|{_MONTH.pattern}\s+\d{{1,2}}\b")
# A cardinal figure: digits that are not an ordinal ("168th" answers "which", not "how many"),
# or a number written as a word ("one of its initiatives" counts nothing).
_COUNT = re.compile(
    r"\b\d[\d,]*\b(?!(?:st|nd|rd|th)\b)|\bone\b(?! of)|\b(?:two|three|four|five|six|seven|eight|"
    r"nine|ten|dozens?|hundreds?|thousands?|millions?|twice|\w+-fold)\b",
    re.IGNORECASE,
)

# A period of time ("30 years", "up to one year"): neither a count nor a figure restated.
_PERIOD = re.compile(rf"\b{_TIMES}\s+{PERIOD_WORDS}", re.IGNORECASE)

# A figure standing alone: not part of a word ("UN80"), an ordinal ("168th", "168-м") or a decimal.
_FIGURE = re.compile(r"(?<![\w.,-])\d+(?:,\d{3})*(?![\w-]|[.,]\d)")

# An answer that lists: three or more names in a row ("Mali, Congo and Lebanon"), or three or
# more items after "including", "such as" or a colon ("such as climate change, digital
# governance and security threats").
_LISTED_NAME = re.compile(r"(?:,| and) (?:the )?[A-ZÀ-ÝÇ]")
_INCLUDING = re.compile(r"(?:\binclud\w*\b|\bsuch as\b|:)[^.]*,[^.]*(?:,| and )")


def timed(text: str) -> frozenset[str]:
    """The kinds of time `text` gives: a time (a year or a month: "in 2024", "29 августа"), a
    year, a day of a month, how long something has gone on ("2022-present"), how long it
    takes ("2015-2017", "up to one year"), and in units, how long a tour is ("up to one
    year"; "Mali (2022-2023)" says when a mission ran)."""
    found = (
        ("time", _DATED),
        ("year", _YEAR),
        ("day", _MONTH_DAY),
        ("duration", _DURATION),
        ("length", _SPAN),
        (TOUR, _UNITS),
    )
    return frozenset(kind for kind, pattern in found if pattern.search(text))


def figures(text: str) -> frozenset[str]:
    """The cardinal figures written in digits in `text`, but years and days of a month ("2 March"),
    without thousands separators: what a question can restate of an answer."""
    text = _PERIOD.sub(" ", _MONTH_DAY.sub(" ", _YEAR.sub(" ", text)))
    return frozenset(m.replace(",", "") for m in _FIGURE.findall(text))


def restated(
    asked: frozenset[str],
    given: frozenset[str],
    shown: frozenset[str],
    fact_figures: frozenset[str],
    years: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
) -> bool:
    """Whether a question that shows the figures `shown` (and the `years`, its own and the
    fact's) only restates what a fact gives.

    "How many of the 430 troops went to Lebanon": a question that already holds every figure a
    fact gives asks something else about them, so no count is left to answer. "Which missions
    will the 430 go to", "which 16 agencies": a list of what the fact only counts. "It
    ratified the protocol in 2022, but when did it sign it?": no time is left to answer but a
    day, if the fact gives one."""
    if "list" in asked and "list" not in given and fact_figures & shown:
        return True  # "which 16 agencies": the count of what is to be listed
    named, stated = years
    if asked & {"time", "year"} and "day" not in given and stated and stated <= named:
        return True
    return "count" in asked and bool(fact_figures) and fact_figures <= shown


def place_pattern(places: Mapping[Lang, Sequence[str]]) -> re.Pattern[str]:
    """Any of the place names as whole folded words."""
    return phrase_pattern(p for lang in LANGS for p in places[lang])


def years_in(fact: Fact) -> frozenset[str]:
    """The different years a fact's answer states."""
    return years_of(fact.answer["en"])


def years_of(text: str) -> frozenset[str]:
    """The different years a text names."""
    return frozenset(_YEAR.findall(text))


def gives(
    fact: Fact, places: re.Pattern[str] | None = None, cities: re.Pattern[str] | None = None
) -> frozenset[str]:
    """What kinds of answer a fact can give: a time if it is dated, a count if it has a figure,
    a place if it names one of `places`, a city one of `cities` (patterns over folded text, see
    `place_pattern`)."""
    answer = fact.answer["en"]
    kinds = set()
    for kind, names in (("place", places), ("city", cities)):
        if names is not None and any(names.search(f" {fold(a)} ") for a in fact.answer.values()):
            kinds.add(kind)
    if fact.date or _YEAR.search(answer) or _MONTH.search(answer):
        kinds.add("time")
    if fact.date or _MONTH_DAY.search(answer):
        kinds.add("day")
    if any(_YEAR.search(a) for a in fact.answer.values()):  # what it says, not when it was
        kinds.add("year")
    if len(years_in(fact)) > 1:
        kinds.add("years")
    if _COUNT.search(_PERIOD.sub(" ", _MONTH_DAY.sub(" ", _YEAR.sub(" ", answer)))):
        kinds.add("count")
    if len(_LISTED_NAME.findall(answer)) >= 3 or _INCLUDING.search(answer):
        kinds.add("list")
    if any(_REASON.search(a) for a in fact.answer.values()):
        kinds.add("reason")
    if _DURATION.search(answer):
        kinds.add("duration")
    if _SPAN.search(answer):
        kinds.add("length")
    if _FROM.search(answer):
        kinds.add("origin")
    return frozenset(kinds) | declared(fact)


def declared(fact: Fact) -> frozenset[str]:
    """The kinds a fact's author wrote it answers: "where are peacekeepers trained" is answered
    by a centre the place list does not know, "why does Kazakhstan take part" by its benefits.
    (Apart from `gives`, as reading every example is most of its cost, and a reader that needs
    only these need not pay for the rest.)"""
    kinds: set[str] = set()
    for question in fact.every_question:
        words = fold(question).split()
        if not DECLARING.isdisjoint(words):  # most examples ask no declared kind at all
            kinds |= asked_for(words) & DECLARED_KINDS
    return frozenset(kinds)
