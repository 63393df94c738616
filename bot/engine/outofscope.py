"""How close a question is to the out-of-scope questions that ask what it asks.

`knowledge/out-of-scope.yaml` holds questions that look like the knowledge's own but that the
articles do not answer; the matcher cuts the score of a fact whose nearest example question is
farther from the question than the nearest of these asking the same kind of answer (or none),
and the confidence model sees the nearest of any kind (matcher.py). Apart from the matcher,
as which of them may guard a question is a reading of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from bot.engine.kinds import SETTING_WORDS, asked_for
from bot.engine.knowledge import KnowledgeBase
from bot.engine.normalize import fold
from bot.engine.overlap import Entries, best_dice
from bot.engine.verify import PERSON, Verifier
from bot.lang import Lang

Analyse = Callable[[str, Lang], tuple[str, ...]]
# Where, when, which day and which year are asked of the same things in the same words: "where
# was the March 10 event held?" (no article says) does not cut the score of "on which day was it
# held?"; a day or a year is a "when" too.
_KINDS = {"place": "where", "city": "where", "time": "when", "day": "day", "year": "year"}
_EVERY_KIND = frozenset(f"kind:{kind}" for kind in _KINDS.values())
_WHEN, _DATED = "kind:when", frozenset(["kind:day", "kind:year"])


def _kind_marks(kinds: frozenset[str], specific: bool = False) -> frozenset[str]:
    """The marks by which the kinds of answer asked tell out-of-scope questions apart. A day or
    a year is a "when" too: asked (not `specific`), it is guarded by an out-of-scope "when"; an
    out-of-scope question (`specific`) asking one guards only that."""
    marks = {f"kind:{_KINDS[kind]}" for kind in kinds if kind in _KINDS}
    if marks & _DATED:
        marks = marks - {_WHEN} if specific else marks | {_WHEN}
    return frozenset(marks)


class OutOfScope:
    """The out-of-scope questions of one knowledge, grouped by what they ask."""

    def __init__(
        self,
        kb: KnowledgeBase,
        analyse: Analyse,
        verifier: Verifier,
        weight: Callable[[str], float],
    ) -> None:
        # Grouped by what they ask (relations, tense, names): one counts as close only to a
        # question asking all of that too. "Who was the previous ILO director-general" shares
        # every heavy word with "who is the ILO director-general", but asks a predecessor; the
        # latter must not be refused for resembling it.
        grouped: dict[frozenset[str], list[tuple[str, ...]]] = defaultdict(list)
        for lang, question in kb.out_of_scope:
            tokens = tuple(dict.fromkeys(analyse(question, lang)))
            if tokens:
                marks = verifier.asked(tokens, question)
                words = fold(question).split()
                if not SETTING_WORDS.isdisjoint(words):  # most ask no where or when
                    marks |= _kind_marks(asked_for(words), specific=True)
                grouped[frozenset(m for m in marks if not m.startswith(PERSON))].append(tokens)
        # (what they ask but for the kind of answer, apart from it: read for every question)
        self._groups = [
            (marks - _EVERY_KIND, marks & _EVERY_KIND, Entries.of(examples, weight))
            for marks, examples in grouped.items()
        ]
        # A question naming a role qualified ("first deputy foreign minister") asks of someone
        # else than an out-of-scope question about the plain role ("who was foreign minister
        # then"): only one asking the qualifier too guards it.
        self._qualifiers = verifier.qualifiers

    def closeness(
        self, weights: dict[str, float], total: float, asked: frozenset[str], kinds: frozenset[str]
    ) -> tuple[float, float]:
        """The weighted overlap (Dice) of a question (its token `weights`, their `total`, the
        marks it `asked`, the `kinds` of answer it wants) with the nearest out-of-scope question
        that may guard it: of any kind of answer, which the confidence model weighs; and of the
        kinds it asks, or of no kind (one of no kind guards every question), which cuts a fact's
        score (matcher.py)."""
        anyhow, alike = 0.0, 0.0
        qualified, wanted = asked & self._qualifiers, _kind_marks(kinds)
        for marks, kind, entries in self._groups:
            if marks <= asked and marks >= qualified:
                dice = best_dice(weights, total, entries)
                anyhow = max(anyhow, dice)
                if kind <= wanted:
                    alike = max(alike, dice)
        return anyhow, alike
