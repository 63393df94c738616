"""The slips of a short word that are corrected though other edits are not: in Russian an "а"
written for an unstressed "о" (or the other way round), elsewhere a letter dropped.

Apart from the reader's other rules, as each is a search of its own over the known words, run
only when the usual edit-distance search found nothing for a short word.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

_SWAPPED = str.maketrans("ао", "оа")


def vowel_slip(word: str, known: Collection[str]) -> str | None:
    """The one `known` Russian word that is `word` with an "а" written for an "о" or the other
    way round ("пасол" is "посол"): unstressed, the two sound alike, the commonest slip of
    Russian spelling, where other edits of a short word make another real word."""
    found = {
        fixed
        for i, char in enumerate(word)
        if char in "ао" and (fixed := word[:i] + char.translate(_SWAPPED) + word[i + 1 :]) in known
    }
    return found.pop() if len(found) == 1 else None


def one_letter_short(word: str, longer: Iterable[str]) -> str | None:
    """The one of the `longer` known words (one letter longer, the same first letter) that is
    `word` with a letter added after the first ("joind" is "joined"): a dropped letter is the
    commonest slip in a short word, and unlike other edits it rarely makes another real word."""
    found = {k for k in longer if any(k[:i] + k[i + 1 :] == word for i in range(1, len(k)))}
    return found.pop() if len(found) == 1 else None
