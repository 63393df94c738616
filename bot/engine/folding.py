"""Folding a question with the names plain folding would lose: "WHO" (the organisation) is not
"who", "World Bank" not a bank, "US" not "us", and "previously" not "previous" (a predecessor).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.engine.normalize import fold

_ACRONYM_WHO = re.compile(r"\bWHO\b|\b(?i:the who)\b")
_WORLD_BANK = re.compile(r"\bworld bank\b", re.IGNORECASE)
# The United States as "US" or "U.S.", or a lower-case "us" before an office or institution ("the
# us ambassador", "current us president"): not the pronoun, which "us" otherwise is.
_US = re.compile(
    r"\bU\.?S\.?(?:A\.?)?(?!\w)|\b(?i:us)(?= (?i:president|ambassador|embassy|government|"
    r"army|military|secretary|senate|congress|state department|envoy|delegation)\b)"
)
# "Previously" (earlier in time) stems as "previous" (the one before, a predecessor) does.
_PREVIOUSLY = re.compile(r"\bpreviously\b", re.IGNORECASE)


@lru_cache(maxsize=32768)
def folded(text: str) -> str:
    """`fold` with "WHO", "World Bank", "US" and "previously" kept apart from "who", "bank", "us"
    and "previous"; cached, as building the index reads each knowledge text more than once.
    (The patterns are tried only on a text that has their words: `in` is a fast scan, a pattern
    with `\\b` and `(?i)` is not.)"""
    lower = text.lower()
    if "who" in lower:
        text = _ACRONYM_WHO.sub(" whoorg ", text)
    if "world" in lower:
        text = _WORLD_BANK.sub(" worldbank ", text)
    if ("us" in lower or "u.s" in lower) and not text.isupper():  # "TELL US…" is shouting
        text = _US.sub(" usa ", text)
    if "previously" in lower:
        text = _PREVIOUSLY.sub(" formerly ", text)
    return fold(text)
