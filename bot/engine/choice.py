"""Questions offering a choice: "was the day established in 2002 or 2012?", "is the building in
Astana or Almaty?", "Tokayev's position or Nazarbayev's?".

No fact states both sides, so read whole such a question is refused: the side a fact does not
name counts against every fact. Each side is asked alone instead (the question without the
other), and the one side a fact answers is the answer; both or neither answered, the question
is decided whole. The sides are years or names the knowledge knows (lexicon terms, places), one
word each; "or" joins anything else too ("is it big or small?"), which asks no choice of names.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.engine.matcher import Matcher
from bot.engine.normalize import fold, is_cyrillic
from bot.lang import Lang

# "A or B", possessives dropped ("Tokayev's or Nazarbayev's"), in English and Russian.
_EITHER = re.compile(r"\b(\w+?)(?:['’]s)? (?:or|или) (\w+?)(?:['’]s)?(?=\W|$)", re.IGNORECASE)
_YEAR = re.compile(r"(?:19|20)\d\d")

Named = Callable[[str], bool]  # whether a folded word names something the knowledge knows


def sides(question: str, named: Named) -> tuple[str, str] | None:
    """The question asked of each side of its first choice of two years or two names."""
    for found in _EITHER.finditer(question):
        first, second = found.group(1), found.group(2)
        if all(_YEAR.fullmatch(w) or named(fold(w)) for w in (first, second)):
            before, after = question[: found.start()], question[found.end() :]
            return f"{before}{first}{after}", f"{before}{second}{after}"
    return None


def known_to(matcher: Matcher) -> Named:
    """Whether a folded word names something `matcher`'s knowledge knows: a place, or a
    lexicon term that is no relation or role ("Almaty", "Tokayev", not "founded")."""

    def knows(word: str) -> bool:
        lang: Lang = "ru" if is_cyrillic(word[:1]) else "en"
        terms = matcher.reader.analyse(word, lang)
        term = terms[0] if len(terms) == 1 else ""
        return (term.startswith("=") and term not in matcher.asking) or matcher.places.named_in(
            [word], lang
        )

    return knows
