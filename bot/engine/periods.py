"""A year a question asks after or before ("what did Tokayev do after 2013?", "чем занимался
Токаев после 2013 года", "2013 жылдан кейін"): answered only by a fact that states a later
(or an earlier) year, not by the one that ends or starts then (his Geneva post, 2011-2013).

Apart from verification's other marks, as these compare years rather than match them: the year
named is no year the answer must state.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

AFTER, BEFORE = "after:", "before:"
# over folded text, where Kazakh letters are the Russian keyboard's ("кейін" is "кейин")
_YEAR = r"((?:19|20)\d\d)"
_AFTER = re.compile(
    rf"\b(?:after|post|после)\s+(?:the\s+year\s+)?{_YEAR}\b|\b{_YEAR}\s+(?:жылдан\s+)?кейин\b"
)
_BEFORE = re.compile(
    rf"\b(?:before|prior to|до)\s+(?:the\s+year\s+)?{_YEAR}\b|\b{_YEAR}\s+(?:жылга\s+)?дейин\b"
)


def bounds(folded: str) -> set[str]:
    """The years a folded question asks after or before, as marks ("after:2013")."""
    return {
        f"{mark}{year}"
        for mark, pattern in ((AFTER, _AFTER), (BEFORE, _BEFORE))
        for found in pattern.finditer(folded)
        for year in found.groups()
        if year
    }


def bounded(mark: str) -> bool:
    """Whether a mark is one of `bounds`."""
    return mark.startswith((AFTER, BEFORE))


def within(asked: Iterable[str], years: Iterable[int]) -> bool:
    """Whether a fact stating `years` states one later (earlier) than each year asked after
    (before)."""
    stated = list(years)
    for mark in asked:
        if mark.startswith(AFTER) and not any(y > int(mark[len(AFTER) :]) for y in stated):
            return False
        if mark.startswith(BEFORE) and not any(y < int(mark[len(BEFORE) :]) for y in stated):
            return False
    return True
