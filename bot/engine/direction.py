"""The direction of a role between Kazakhstan and another country: whose ambassador, and where.

"Who is Kazakhstan's ambassador to Turkiye" is not answered by "the Ambassador of Turkiye to
Kazakhstan", though both share every word. For the roles `knowledge/words.yaml` marks
`directed: true`, a text says Kazakhstan is the role's *origin* ("Kazakhstan's ambassador",
"посол Казахстана", "Қазақстанның ... елшісі") or its *destination* ("ambassador to
Kazakhstan", "посол ... в Казахстане", "Қазақстандағы елшісі"). A fact answers only a question
whose direction it does not contradict. The word order of each language is grammar, so it is
here; the role words are data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from bot.engine.knowledge import WordGroup
from bot.engine.normalize import fold
from bot.lang import LANGS, Lang

FROM_HOME, TO_HOME = "from-home", "to-home"
DIRECTIONS = frozenset((FROM_HOME, TO_HOME))

# Kazakhstan, its adjective and abbreviation, folded: "kazakh", "kazakhstan's", "казахстана",
# "РК", "казакстаннын", "ҚР-дағы" (whose hyphen folds to a space before the ending).
_HOME = {"en": r"(?:kazakh\w*|rk)", "ru": r"(?:казах\w*|рк)", "kk": r"(?:казак\w*|кр ?)"}
_KK_GENITIVE = r"(?:нын|нин|дын|дин|тын|тин)"
_KK_LOCATIVE = r"(?:дагы|деги|тагы|теги)"
# {home} and {role} are filled in; `\w*` after the role takes its endings ("елшиси").
_PATTERNS: dict[Lang, dict[str, tuple[str, ...]]] = {
    "en": {
        FROM_HOME: (r"\b{home} (?:\w+ )?{role}", r"\b{role} of (?:the )?(?:republic of )?{home}"),
        TO_HOME: (r"\b{role} (?:\w+ )?(?:to|in|at) (?:the )?(?:republic of )?{home}",),
    },
    "ru": {
        FROM_HOME: (r"\b{role}\w* (?:республики )?{home}",),
        TO_HOME: (r"\b{role}\w* (?:\w+ )?в (?:республике )?{home}",),
    },
    "kk": {
        # also without the genitive, as Kazakh joins two nouns: "Қазақстан елшісі"
        FROM_HOME: (
            rf"\b{{home}}{_KK_GENITIVE} (?:\w+ )?{{role}}",
            r"\b(?:казакстан|кр)(?:дык)? {role}",
        ),
        TO_HOME: (rf"\b{{home}}{_KK_LOCATIVE} (?:\w+ )?{{role}}",),
    },
}


class Directions:
    """Finds which way a text says a directed role goes between Kazakhstan and another country."""

    def __init__(self, roles: Sequence[WordGroup]) -> None:
        self._patterns: list[tuple[str, re.Pattern[str]]] = []
        every: list[str] = []
        for lang in LANGS:
            terms = [fold(t) for g in roles if g.directed for t in g.terms[lang] if fold(t)]
            if not terms:
                continue
            every += terms
            role = "(?:" + "|".join(re.escape(t) for t in terms) + r")\w*"
            for mark, patterns in _PATTERNS[lang].items():
                for pattern in patterns:
                    text = pattern.replace("{home}", _HOME[lang]).replace("{role}", role)
                    self._patterns.append((mark, re.compile(text)))
        # Every pattern has a role term: a text without one (nearly all) is passed over at once.
        self._roles = re.compile("|".join(map(re.escape, every)) if every else "(?!)")

    def of(self, texts: Iterable[str]) -> frozenset[str]:
        """FROM_HOME and/or TO_HOME, as any of the texts say."""
        folded = [f for f in map(fold, texts) if self._roles.search(f)]
        if not folded:
            return frozenset()
        return frozenset(mark for mark, p in self._patterns if any(map(p.search, folded)))


def contradicts(asked: frozenset[str], stated: frozenset[str]) -> bool:
    """Whether a fact going one way is asked about the other way."""
    return any(mark in asked and mark not in stated and stated for mark in (FROM_HOME, TO_HOME))
