"""How close a question is to the out-of-scope questions that ask what it asks.

`knowledge/out-of-scope.yaml` holds questions that look like the knowledge's own but that the
articles do not answer; the matcher refuses a fact whose nearest example question is farther
from the question than the nearest of these (matcher.py). Apart from the matcher, as which of
them may guard a question is a reading of its own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from bot.engine.knowledge import KnowledgeBase
from bot.engine.overlap import Entries, best_dice
from bot.engine.verify import PERSON, Verifier
from bot.lang import Lang

Analyse = Callable[[str, Lang], tuple[str, ...]]


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
                grouped[frozenset(m for m in marks if not m.startswith(PERSON))].append(tokens)
        self._groups = [
            (marks, Entries.of(examples, weight)) for marks, examples in grouped.items()
        ]
        # A question naming a role qualified ("first deputy foreign minister") asks of someone
        # else than an out-of-scope question about the plain role ("who was foreign minister
        # then"): only one asking the qualifier too guards it.
        self._qualifiers = frozenset(g.id for g in kb.words.roles if g.qualifier)

    def closeness(self, weights: dict[str, float], total: float, asked: frozenset[str]) -> float:
        """The weighted overlap (Dice) of a question (its token `weights`, their `total`, the
        marks it `asked`) with the nearest out-of-scope question that may guard it."""
        return max(
            (
                best_dice(weights, total, entries)
                for marks, entries in self._groups
                if marks <= asked and marks >= asked & self._qualifiers
            ),
            default=0.0,
        )
