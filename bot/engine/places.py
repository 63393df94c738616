"""Where an answer says something is: a "where" question is answered only by a fact that names
a place for what it asks, in the same clause.

"Where was the 2024 Summit of the Future held?" shares the summit with a fact that lists its
outcome documents and adds that "the UN80 discussion in Astana was particularly relevant": the
fact names a place, but not the summit's. Used for questions asked alone (the matcher) and for
follow-ups alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from bot.engine.figures import clauses_using, padded, pattern
from bot.engine.gives import declared
from bot.engine.kinds import asked_for
from bot.engine.knowledge import Fact, WordLists
from bot.engine.normalize import alternation, fold
from bot.lang import LANGS, Lang

Query = Callable[[str, Lang], dict[str, float]]
Analyse = Callable[[str, Lang], tuple[str, ...]]


class Places:
    """The places of words.yaml, as phrases and as the tokens questions read them as."""

    def __init__(
        self, words: WordLists, facts: Iterable[Fact], query: Query, analyse: Analyse
    ) -> None:
        self._query = query  # a question's word, typos and other forms read as places
        self._analyse = analyse
        self.pattern = pattern(words.places)  # the place names as phrases of folded text
        either = alternation(p for lang in LANGS for p in words.places[lang]) or "(?!)"
        # two places joined in one question ("in Iraq and Nepal", "в Ираке и в Непале")
        self._joined = re.compile(
            rf" (?:{either})\w* (?:and|or|и|или|және|мен|пен|бен) (?:in |в |во )?(?:{either})"
        )
        self._tokens = frozenset(
            token
            for lang in LANGS
            for place in words.places[lang]
            for token in analyse(place, lang)
        )
        # facts whose author wrote that they answer "where" ("where are peacekeepers trained?":
        # at a centre the place list does not know)
        self._placed = frozenset(fact.id for fact in facts if "place" in declared(fact))

    def named_in(self, words: list[str], lang: Lang) -> bool:
        """Whether folded words name a place, in any form ("астанадағы")."""
        return bool(self.pattern.search(padded(" ".join(words)))) or any(
            self._tokens & set(self._query(word, lang)) for word in words
        )

    def names_all(self, question: str, asked: Iterable[str], fact: Fact, lang: Lang) -> bool:
        """Whether a fact's answer names every place of a question joining two ("in Iraq and
        Nepal"; `asked`, its tokens): the Nepal mission alone answers half of it, though the
        sentence its answer quotes names both. ("And Nepal?" after Iraq swaps one for the
        other: the two are not joined.)"""
        wanted = self._tokens.intersection(asked)
        if len(wanted) < 2 or not self._joined.search(padded(question)):
            return True
        return wanted <= self._in_answer(fact, lang)

    def named_by(self, text: str, fact: Fact, lang: Lang) -> bool | None:
        """Whether `fact`'s answer names one of the places `text` names (None: it names none)."""
        wanted = self._tokens.intersection(self._analyse(text, lang))
        return bool(wanted & self._in_answer(fact, lang)) if wanted else None

    def _in_answer(self, fact: Fact, lang: Lang) -> frozenset[str]:
        """The place tokens `fact`'s answer names."""
        return self._tokens.intersection(self._analyse(fact.answer[lang], lang))

    def located(self, question: str, fact: Fact, lang: Lang, wanted: list[str]) -> bool:
        """Whether a question asking where is answered by a place the answer names in what it
        says of the question's words (`wanted`, folded): if a clause of the answer uses one,
        such a clause names a place ("the ILO ... in Geneva")."""
        if "place" not in asked_for(fold(question).split()) or fact.id in self._placed:
            return True
        said = clauses_using(wanted, fact.answer[lang])
        return not said or any(self.named_in(clause, lang) for clause in said)
