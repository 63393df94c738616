"""The inverted index of the facts' tokens, and the retrieval of the candidates to score.

Scoring compares a question with every example question of a fact; reading postings first
limits that to the few facts that share most of the question's weight.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping, Sequence


class Postings:
    """Which facts use which token, for the facts' token sets given (in fact order)."""

    def __init__(self, fact_tokens: Sequence[frozenset[str]]) -> None:
        self._fact_tokens = fact_tokens
        self._postings: dict[str, list[int]] = defaultdict(list)
        for index, tokens in enumerate(fact_tokens):
            for token in tokens:
                self._postings[token].append(index)

    def candidates(self, weights: Mapping[str, float], limit: int) -> dict[int, float]:
        """The `limit` facts covering most of the question's weight, best first, with it.

        Postings are read heaviest token first (MaxScore): once the weakest of the best facts
        seen covers more than all unread tokens together, no unseen fact can join them, so the
        long postings of common words ("kazakhstan", "un") are only checked against the facts
        already found. The chosen facts are ordered by coverage summed in query order, ties by
        the first question word they share, then by fact order, so rankings do not depend on
        the reading order. (Facts tied at the last place may be chosen differently from a
        full scan; they score the same and below the best anyway.)
        """
        order = sorted(weights, key=weights.__getitem__, reverse=True)
        unread = sum(weights.values())
        covered: dict[int, float] = defaultdict(float)
        for position, token in enumerate(order):
            if len(covered) >= limit:
                floor = heapq.nlargest(limit, covered.values())[-1]
                if floor > unread:
                    for rest in order[position:]:
                        for fact in covered:
                            if rest in self._fact_tokens[fact]:
                                covered[fact] += weights[rest]
                    break
            weight = weights[token]
            unread -= weight
            for fact in self._postings.get(token, ()):
                covered[fact] += weight
        best = heapq.nlargest(limit, covered, key=covered.__getitem__)
        position_of = {token: i for i, token in enumerate(weights)}
        exact = {f: sum(w for t, w in weights.items() if t in self._fact_tokens[f]) for f in best}

        def rank(fact: int) -> tuple[float, int, int]:
            tokens = self._fact_tokens[fact]
            return (-exact[fact], min(position_of[t] for t in weights if t in tokens), fact)

        return {fact: exact[fact] for fact in sorted(best, key=rank)}
