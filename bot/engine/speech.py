"""Who said what: a question asking what one of the people said is answered only by a fact that
reports their words.

"What did Tokayev say about Gilbert Houngbo?" shares every name with the fact that Houngbo
praised Tokayev's address, and "what did the Turkish ambassador Kapucu say at the panel?" with
the list of who spoke there; neither reports what the one asked about said. A speaker is a person
shortly before a verb of saying (`knowledge/words.yaml`, `speech`), in a question also just after
one ("что сказал Капуджу"), or next to an attribution ("according to Umarov", "Умаровтың
айтуынша"). Read from token sequences, as order says who speaks.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from bot.engine.figures import CLAUSE, padded
from bot.engine.knowledge import Fact, WordLists
from bot.engine.normalize import phrase_pattern
from bot.lang import LANGS, Lang

SPOKE = "spoke:"  # a mark: the person after it said something the fact reports
ANYONE = SPOKE + "*"  # the fact reports someone's words (a question may ask "what did he say")

# How far a speaker stands from the verb, in tokens of one sentence: in a fact the subject before
# it ("Bakhytzhan Temirbolat, Director of the Presidential Centre of Kazakhstan, said"), in a
# question the few words of "what did Tokayev say" or of Russian "что сказал посол Капуджу".
FACT_BEFORE = 6
ASKED_BEFORE, ASKED_AFTER = 4, 4
# An attribution's person, on either side: "according to Umarov", "Фриберг-Сторидің айтуынша".
BESIDE = 3

Analyse = Callable[[str, Lang], tuple[str, ...]]
Terms = Mapping[str, Sequence[tuple[str, ...]]]  # a word list's terms as tokens, by first token


class Speakers:
    """The speakers a question asks about and those a fact reports; prepared once per knowledge."""

    def __init__(self, words: WordLists, analyse: Analyse) -> None:
        self._analyse = analyse
        self._verbs = _terms(words.speech, analyse)
        self._attributions = _terms(words.attribution, analyse)
        self._either = {**self._verbs, **self._attributions}
        self._what = phrase_pattern(t for terms in words.said_what.values() for t in terms)
        self._person = phrase_pattern(t for terms in words.persons.values() for t in terms)
        self._people = frozenset(
            token
            for lang in LANGS
            for name in words.people[lang]
            for token in analyse(name, lang)
            if token.startswith("=")
        )

    def asked(self, tokens: Sequence[str], text: str) -> set[str]:
        """The people a question asks what they said: before the verb ("what did Tokayev say
        about Houngbo", "Ракишева не айтты"), or else after it ("что сказал Капуджу"). Only
        a question asking what does: "which address of Tokayev did the ILO head praise?" asks
        of the address."""
        if not self._what.search(padded(text)):
            return set()
        before = self._near(tokens, self._either, ASKED_BEFORE, 0)
        if before:
            return before
        if self._person.search(padded(text)) and any(t in self._either for t in tokens):
            return {ANYONE}  # "what did he say there?": someone whose words a fact reports
        # only the first after it: "что сказал Хунгбо о послании Токаева" asks Houngbo's words
        after = self._near(tokens, self._either, 0, ASKED_AFTER)
        first = next((SPOKE + t for t in tokens if SPOKE + t in after), None)
        return {first} if first else set()

    def reported(self, fact: Fact) -> set[str]:
        """The people whose words a fact reports, in any language of its answer or quotes."""
        texts = [(fact.answer[lang], lang) for lang in LANGS]
        texts += [(quote.text, "en") for quote in fact.quotes]
        marks: set[str] = set()
        for text, lang in texts:
            for sentence in CLAUSE.split(text):
                tokens = self._analyse(sentence, lang)
                marks |= self._near(tokens, self._verbs, FACT_BEFORE, 0)
                marks |= self._near(tokens, self._attributions, BESIDE, BESIDE)
        return marks | {ANYONE} if marks else marks

    def _near(self, tokens: Sequence[str], terms: Terms, before: int, after: int) -> set[str]:
        """People within `before` tokens before the first term of `terms` in `tokens` (a later
        one shares its subject: "he commended President Tokayev's address and thanked" is not
        Tokayev thanking), or `after` tokens after any."""
        marks, first = set(), True
        for i, token in enumerate(tokens):
            for term in terms.get(token, ()):
                end = i + len(term)
                if tuple(tokens[i:end]) == term:
                    near = [
                        *tokens[max(i - before, 0) : i if first else 0],
                        *tokens[end : end + after],
                    ]
                    marks |= {SPOKE + t for t in near if t in self._people}
                    first = False
        return marks


def _terms(lists: Mapping[Lang, Sequence[str]], analyse: Analyse) -> Terms:
    """Each term of a word list as its tokens, by its first token."""
    terms: dict[str, list[tuple[str, ...]]] = {}
    for lang in LANGS:
        for term in lists[lang]:
            tokens = analyse(term, lang)
            if tokens:
                terms.setdefault(tokens[0], []).append(tokens)
    return terms
