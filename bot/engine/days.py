"""Date questions: "what happened on 2 March", "in 2019", "today" -> the facts of that day or year.

A question made only of a date and words like "what happened" asks for everything the knowledge
dates then, not for one fact; the matcher hands such questions here before any scoring.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Sequence

from bot.engine.dates import DATE_QUESTION_WORDS, DateQuery, parse_date
from bot.engine.knowledge import DAY_OFFSETS, Fact, KnowledgeBase
from bot.engine.normalize import STOPWORDS, fold
from bot.lang import LANGS


class DateQuestions:
    """The days and years of one knowledge base, indexed once."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._mentioned_years = _event_years(kb.facts)
        self._days = [
            (
                g.id,
                sorted({fold(t) for lang in LANGS for t in g.terms[lang]}, key=len, reverse=True),
            )
            for g in kb.words.days
        ]

    def asked(self, text: str, today: dt.date | None) -> DateQuery | None:
        """The day or year of a question that asks only "what happened then"."""
        words = fold(text).split()
        parsed = parse_date(words) or (self._relative_day(words, today) if today else None)
        if parsed is None:
            return None
        when, used = parsed
        rest = [w for i, w in enumerate(words) if i not in used]
        if any(w not in DATE_QUESTION_WORDS and w not in STOPWORDS for w in rest):
            return None
        return when

    def _relative_day(self, words: list[str], today: dt.date) -> tuple[DateQuery, set[int]] | None:
        """ "Today", "вчера", "ертең": that day of the year, and the positions of its words."""
        text = f" {' '.join(words)} "
        for day, terms in self._days:
            for term in terms:
                if f" {term} " in text:
                    start = text.index(f" {term} ")
                    first = text[:start].count(" ")
                    date = today + dt.timedelta(days=DAY_OFFSETS[day])
                    used = set(range(first, first + len(term.split())))
                    return DateQuery(date.month, date.day), used
        return None

    def facts_of(self, when: DateQuery) -> list[Fact]:
        """A day's facts (that year's first, if a year is asked), or a year's: dated in it, then
        dating something to it in their answer."""
        if when.month is not None and when.day is not None:
            on_day = self.kb.facts_on(when.month, when.day)
            same_year = [f for f in on_day if f.date and f.date.year == when.year]
            return same_year or on_day
        if when.year is None:
            return []
        dated = self.kb.facts_in_year(when.year)
        ids = {f.id for f in dated}
        mentioned = [f for f in self._mentioned_years.get(when.year, ()) if f.id not in ids]
        return dated + mentioned


_EVENT_YEAR = re.compile(r"(?<!since )\b(\d{4})\b", re.IGNORECASE)


def _event_years(facts: Sequence[Fact]) -> dict[int, list[Fact]]:
    """Year -> facts whose English answer dates something to it ("in 2019", "2011 to 2013"),
    in knowledge order. "Since 1992" describes a period that started then, not an event."""
    years: dict[int, list[Fact]] = defaultdict(list)
    for fact in facts:
        for year in dict.fromkeys(int(y) for y in _EVENT_YEAR.findall(fact.answer["en"])):
            years[year].append(fact)
    return dict(years)
