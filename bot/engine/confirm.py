"""Whether an answer confirms a yes/no question, so that the reply can open with "Yes".

"Was the biosafety agency a Kazakh initiative?" is best answered "Yes." and then the fact. But a
yes is a claim of its own: it is said only when the fact states every word of substance and
every number of the question, and negates none of them ("is Kazakhstan a permanent member?" is
not confirmed by "non-permanent member", "did Annan visit twice?" not by one visit). Otherwise
the fact alone answers, as before, and the reader judges. No "no" is ever inferred: what the
articles do not say is not false.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.engine.figures import NUMBER, padded, pattern
from bot.engine.knowledge import Fact, WordLists
from bot.engine.normalize import fold
from bot.lang import LANGS, Lang

Analyse = Callable[[str, Lang], tuple[str, ...]]
Words = Callable[[str, bool], list[str]]  # a text's words; of a question (True), without fillers

_SENTENCE = re.compile(r"[.!?]+\s+")


class Confirmer:
    """Yes/no questions and the facts that confirm them; prepared once per knowledge."""

    def __init__(self, words: WordLists, analyse: Analyse, read: Words) -> None:
        self._analyse = analyse
        self._words = read  # a bound method, as compiled knowledge is pickled
        self._opening = {lang: frozenset(fold(t) for t in words.yes_no[lang]) for lang in LANGS}
        self._negation = pattern(words.negations)
        self._light = frozenset(
            token
            for lang in LANGS
            for term in (*words.chatter[lang], *words.yes_no[lang], *words.attribution[lang])
            for token in analyse(term, lang)
        )

    def asks_yes_no(self, question: str, lang: Lang) -> bool:
        """Whether a question asks yes or no: in English its last sentence, or a part of it
        after a comma, opens with a verb ("Hi! Quick one. Did Annan visit?", "According to
        Umarov, is there still work to be done?"); Russian and Kazakh ask with a particle
        ("ли", "ма") anywhere."""
        last = _last_sentence(question)
        if lang == "en":
            opening = (fold(part).split()[:1] for part in last.split(","))
            return any(word and word[0] in self._opening[lang] for word in opening)
        return any(word in self._opening[lang] for word in fold(last).split())

    def confirms(self, question: str, fact: Fact, lang: Lang) -> bool:
        """Whether `fact` confirms the yes/no `question`: its answer states every claimed word
        (as the reader reads them) and number, and negates none."""
        if not self.asks_yes_no(question, lang):
            return False
        question = _last_sentence(question)  # "Hi! Quick one." claims nothing
        answer = fact.answer[lang]
        if not set(NUMBER.findall(question)) <= set(NUMBER.findall(answer)):
            return False
        claimed = set(self._analyse(" ".join(self._words(question, True)), lang)) - self._light
        stated = set(self._analyse(answer, lang))
        if not claimed or not claimed <= stated:
            return False
        text = padded(answer)
        # the word right after a negation: "non-permanent", "не является", "not yet"
        after = (text[found.end() :].split()[:1] for found in self._negation.finditer(text))
        negated = {token for word in after for token in self._analyse(" ".join(word), lang)}
        return not claimed & negated


def _last_sentence(question: str) -> str:
    """The sentence that asks: the last of a question's sentences."""
    sentences = [s for s in _SENTENCE.split(question.strip()) if s.strip()]
    return sentences[-1] if sentences else ""
