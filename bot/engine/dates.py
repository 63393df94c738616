"""Dates in questions and replies: "что было 29 мая" is read, "2 March 2021" is written."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.engine.normalize import word_set
from bot.lang import Lang

MONTHS: Mapping[str, tuple[str, ...]] = {
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    # Russian needs the genitive after a day ("2 марта") and the nominative alone ("март 2023").
    "ru": (
        "января", "февраля", "марта", "апреля", "мая", "июня",
        "июля", "августа", "сентября", "октября", "ноября", "декабря",
    ),
    "ru_alone": (
        "январь", "февраль", "март", "апрель", "май", "июнь",
        "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
    ),
    "kk": (
        "қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым",
        "шілде", "тамыз", "қыркүйек", "қазан", "қараша", "желтоқсан",
    ),
}  # fmt: skip

# How a month starts in folded text (Kazakh letters replaced), for every language at once; Kazakh
# and Russian endings follow ("наурызда", "марта"), so a word matches when it starts with a root.
_MONTH_ROOTS: tuple[tuple[str, ...], ...] = (
    ("jan", "январ", "кантар"),
    ("feb", "феврал", "акпан"),
    ("mar", "март", "наурыз"),
    ("apr", "апрел", "сауир"),
    ("may", "мая", "май", "мае", "мамыр"),
    ("jun", "июн", "маусым"),
    ("jul", "июл", "шилде"),
    ("aug", "август", "тамыз"),
    ("sep", "сентябр", "кыркуйек"),
    ("oct", "октябр", "казан"),
    ("nov", "ноябр", "караша"),
    ("dec", "декабр", "желтоксан"),
)
_DAY = re.compile(r"(\d{1,2})(?:st|nd|rd|th|ші|шы|ши)?")
_YEAR = re.compile(r"(19\d\d|20\d\d)(?:s)?")

# Words that only ask "what happened then": a question made of these and a date is a date question.
DATE_QUESTION_WORDS = word_set(
    """
    what whats which happened happen happens occurred occur took place event events day date year
    on in of the was were is any anything something interesting special important notable news
    there did that this
    что чем было были произошло случилось происходило событие события день дата году год года г
    какие какое какой в во на
    не болды болған болып болады будет жылы жыл жылдың жылғы жылдары күн күні оқиға оқиғалар
    қандай ма
    """
)


@dataclass(frozen=True)
class DateQuery:
    """A day of the year ("2 March"), a year ("2019"), or both, asked about in a question."""

    month: int | None = None
    day: int | None = None
    year: int | None = None


def _month(word: str) -> int | None:
    for number, roots in enumerate(_MONTH_ROOTS, start=1):
        if word.startswith(roots):
            return number
    return None


def _day(word: str) -> int | None:
    found = _DAY.fullmatch(word)
    return int(found.group(1)) if found and 1 <= int(found.group(1)) <= 31 else None


def parse_date(words: Sequence[str]) -> tuple[DateQuery, set[int]] | None:
    """The date named in folded `words` and the positions it used, or None when there is none.

    A month counts only next to a number ("2 march", "march 2", "29 мая"), so "may I ask" and the
    month "қазан" in other senses are not dates.
    """
    used: set[int] = set()
    month = day = year = None
    for i, word in enumerate(words):
        found = _YEAR.fullmatch(word)
        if found and year is None:
            year = int(found.group(1))
            used.add(i)
    for i, word in enumerate(words):
        number = _month(word)
        if number is None or month is not None:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(words) and j not in used and _day(words[j]) is not None:
                month, day = number, _day(words[j])
                used |= {i, j}
                break
    if month is None and year is None:
        return None
    return DateQuery(month, day, year), used


def format_day(month: int, day: int, lang: Lang) -> str:
    """'2 March', '2 марта', '2 наурыз'."""
    return f"{day} {MONTHS[lang][month - 1]}"


def format_published(published: str, lang: Lang) -> str:
    """A source's date, 'YYYY-MM-DD' or 'YYYY-MM', as people write it in `lang`."""
    parts = [int(part) for part in published.split("-")]
    year, month = parts[0], parts[1]
    if len(parts) == 3:
        day = format_day(month, parts[2], lang)
        return {"en": f"{day} {year}", "ru": f"{day} {year} г.", "kk": f"{year} ж. {day}"}[lang]
    return {
        "en": f"{MONTHS['en'][month - 1]} {year}",
        "ru": f"{MONTHS['ru_alone'][month - 1]} {year}",
        "kk": f"{year} ж. {MONTHS['kk'][month - 1]}",
    }[lang]
