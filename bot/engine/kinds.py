"""Kinds of answer: what a question asks for (a time, a count) and what a fact can give.

A question that asks "when" or "how many" of a fact whose answer holds no date or no figure is
about something else that shares its words; the matcher lowers such a fact's score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

from bot.engine.dates import MONTHS
from bot.engine.knowledge import Fact

# What a question asks for, by folded question words (single words or two-word phrases).
_ASKS: dict[str, frozenset[str]] = {
    "time": frozenset(
        ["when", "когда", "кашан", "what_year", "which_year", "каком_году", "кай_жылы"]
    ),
    "count": frozenset(["how_many", "how_much", "сколько", "канша", "неше"]),
}
_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b")
_MONTH = re.compile(rf"\b(?:{'|'.join(MONTHS['en'])})\b")
# A day of a month ("2 March", "March 2"): a date, not a count.
_MONTH_DAY = re.compile(rf"\b\d{{1,2}}\s+{_MONTH.pattern}|{_MONTH.pattern}\s+\d{{1,2}}\b")
# A cardinal figure: digits that are not an ordinal ("168th" answers "which", not "how many"),
# or a number written as a word.
_COUNT = re.compile(
    r"\b\d[\d,]*\b(?!(?:st|nd|rd|th)\b)|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
    r"dozens?|hundreds?|thousands?|millions?|twice|\w+-fold)\b",
    re.IGNORECASE,
)


def asked_for(words: Sequence[str]) -> frozenset[str]:
    """What kinds of answer a question wants ("time", "count"), from its question words."""
    grams = set(words) | {f"{a}_{b}" for a, b in pairwise(words)}
    return frozenset(kind for kind, markers in _ASKS.items() if grams & markers)


def gives(fact: Fact) -> frozenset[str]:
    """What kinds of answer a fact can give: a time if it is dated, a count if it has a figure."""
    answer = fact.answer["en"]
    kinds = set()
    if fact.date or _YEAR.search(answer) or _MONTH.search(answer):
        kinds.add("time")
    if _COUNT.search(_MONTH_DAY.sub(" ", _YEAR.sub(" ", answer))):
        kinds.add("count")
    return frozenset(kinds)
