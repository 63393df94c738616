"""Weighted word overlap: inverse document frequencies, and Dice overlap through postings.

The matcher's similarity of a question with example questions (of a fact, or the out-of-scope
ones), kept apart so that the matcher holds the decision and this the arithmetic.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Entries:
    """Example questions or keywords (of one fact, or the out-of-scope ones) for Dice overlap:
    each one's total weight, and for each token the entries that have it, so a question costs
    only the postings of its own tokens."""

    weights: tuple[float, ...]
    postings: dict[str, tuple[int, ...]]

    @classmethod
    def of(cls, entries: Sequence[tuple[str, ...]], weight: Callable[[str], float]) -> Entries:
        postings: dict[str, list[int]] = defaultdict(list)
        for number, tokens in enumerate(entries):
            for token in tokens:
                postings[token].append(number)
        weights = tuple(sum(map(weight, tokens)) for tokens in entries)
        return cls(weights, {token: tuple(found) for token, found in postings.items()})


def best_dice(weights: dict[str, float], total: float, entries: Entries) -> float:
    """The weighted overlap (Dice) of a question with the closest of `entries`."""
    shared: dict[int, float] = defaultdict(float)
    for token, weight in weights.items():
        for number in entries.postings.get(token, ()):
            shared[number] += weight
    return max(
        (2 * overlap / (total + entries.weights[n]) for n, overlap in shared.items()),
        default=0.0,
    )


def inverse_document_frequencies(fact_tokens: Sequence[frozenset[str]]) -> dict[str, float]:
    """1 + ln(facts / facts using the token): "kazakhstan" weighs about 1, a name about 5."""
    counts: dict[str, int] = defaultdict(int)
    for tokens in fact_tokens:
        for token in tokens:
            counts[token] += 1
    total = max(len(fact_tokens), 1)
    return {token: 1.0 + math.log(total / count) for token, count in counts.items()}
