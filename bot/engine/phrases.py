"""Lexicon phrases: multi-word terms ("Security Council", "Совет Безопасности") read as one token
per synonym group, so that a question and a fact meet on the term, not on its common words.

Looked up on every question and every knowledge text, so the table is built for speed: most
words are passed over with one dictionary lookup.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.engine.knowledge import KnowledgeBase
from bot.engine.normalize import STOPWORDS, fold, stem
from bot.lang import LANGS


class Phrases(dict[tuple[str, ...], str]):
    """Lexicon terms as stem tuples, mapped to their group's token; `starts` holds the stems
    a term begins with, so most words are passed over with one lookup, and the most stems a
    term beginning with each has, so no longer phrase is tried there;
    `single` holds the terms of one stem, most of them, by that stem."""

    def __init__(self) -> None:
        super().__init__()
        self.starts: dict[str, int] = {}
        self.single: dict[str, str] = {}


def lexicon_phrases(kb: KnowledgeBase) -> Phrases:
    """Every lexicon term, stemmed as each language would, mapped to its group's first term."""
    phrases = Phrases()
    for group in kb.synonyms:
        canonical = "=" + "_".join(fold(group[0]).split())
        for term in group:
            for lang in LANGS:
                stems = tuple(stem(w, lang) for w in fold(term).split() if w not in STOPWORDS)
                if stems:
                    phrases.setdefault(stems, canonical)
    for stems in phrases:
        phrases.starts[stems[0]] = max(phrases.starts.get(stems[0], 0), len(stems))
        if len(stems) == 1:
            phrases.single[stems[0]] = phrases[stems]
    return phrases


def phrases_in(phrases: Phrases, stems: Sequence[str]) -> list[tuple[int, int, str]]:
    """Where lexicon phrases stand among `stems`, from the left, longest at each place:
    (start, end, group token). Only the places of a phrase's first stem are tried."""
    found: list[tuple[int, int, str]] = []
    end = 0
    for i in [i for i, token in enumerate(stems) if token in phrases.starts]:
        if i < end:
            continue  # inside the phrase found before
        longest = min(phrases.starts[stems[i]], len(stems) - i)
        if longest == 1:  # no tuple to build for the commonest case
            canonical = phrases.single.get(stems[i])
            if canonical is not None:
                found.append((i, i + 1, canonical))
            continue
        for size in range(longest, 0, -1):
            canonical = phrases.get(tuple(stems[i : i + size]))
            if canonical is not None:
                found.append((i, i + size, canonical))
                end = i + size
                break
    return found


def merge(
    phrases: Phrases, stems: Sequence[str], sureness: Sequence[float]
) -> list[tuple[str, float]]:
    """Stems with lexicon phrases replaced by their group's token, longest phrase first; each
    with how sure it is (a phrase as sure as its least sure word)."""
    merged: list[tuple[str, float]] = []
    at = 0
    for start, end, canonical in phrases_in(phrases, stems):
        merged += zip(stems[at:start], sureness[at:start], strict=True)
        merged.append((canonical, min(sureness[start:end])))
        at = end
    merged += zip(stems[at:], sureness[at:], strict=True)
    return merged
