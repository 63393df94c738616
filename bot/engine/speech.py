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

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from bot.engine.figures import CLAUSE, padded, pattern
from bot.engine.knowledge import Fact, WordLists
from bot.engine.normalize import fold
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
SHORT_STEM = 3  # a verb stemmed shorter than this is read only as typed

Analyse = Callable[[str, Lang], tuple[str, ...]]
Terms = Mapping[str, Sequence[tuple[str, ...]]]  # a word list's terms as tokens, by first token


class Speakers:
    """The speakers a question asks about and those a fact reports; prepared once per knowledge."""

    def __init__(self, words: WordLists, analyse: Analyse) -> None:
        self._analyse = analyse
        self._verbs = _terms(analyse, words.speech)
        self._attributions = _terms(analyse, words.attribution)
        self._attributing = pattern(words.attribution)  # as typed: "по мнению", not "мнения"
        self._either = _terms(analyse, words.speech, words.attribution)
        self._what = _terms(analyse, words.said_what)  # as tokens, where the analysis keeps them
        self._asks_what = pattern(words.said_what)
        self._person = pattern(words.persons)
        self._subject = pattern(words.subjects)
        # Kazakh "деді" stems as "деген" (called) and "деп" do: it counts only as itself
        self._whole = {
            fold(t): analyse(t, lang)
            for lang in LANGS
            for t in words.speech[lang]
            if len("".join(analyse(t, lang))) < SHORT_STEM
        }
        self._people = people_tokens(words, analyse)

    def asked(self, tokens: Sequence[str], text: str) -> set[str]:
        """The people a question asks what they said: the one nearest before the verb ("what
        did Tokayev say about Houngbo", "Ракишева не айтты"); with a pronoun instead, anyone
        ("what did he say there?"); or, right after "what", the first after it ("что сказал
        Капуджу о…"). Only a question asking what does: "which address of Tokayev did the ILO
        head praise?" asks of the address, and "what the ILO head said about Tokayev's address"
        names no speaker."""
        text = padded(text)
        said = self._saying(tokens, self._either, text)
        if not said or not self._asks_what.search(text):
            return set()
        start, end = said[0]
        before = self._nearest(reversed(tokens[max(start - ASKED_BEFORE, 0) : start]))
        if before:
            return {before}
        if self._person.search(text):
            return {ANYONE}
        if self._subject.search(text):
            return set()  # "что он сказал о послании Токаева?": he, not Tokayev; "it": no one
        if start and tokens[start - 1] in self._what:
            after = self._nearest(tokens[end : end + ASKED_AFTER])
            return {after} if after else set()
        return set()

    def asks_who(self, tokens: Sequence[str], text: str) -> bool:
        """Whether a question asks who said something ("who said that?", "кто это сказал?",
        "мұны кім айтты?"): a verb of saying, no one named, and no "what" asked of it."""
        text = padded(text)
        return (
            bool(self._saying(tokens, self._verbs, text))
            and not self._asks_what.search(text)
            and not self._people.intersection(tokens)
        )

    def _saying(self, tokens: Sequence[str], terms: Terms, text: str) -> list[tuple[int, int]]:
        """Where the verbs of saying of `terms` stand among `tokens`, a short-stemmed one only
        where `text` (padded) has it as typed."""
        return [(i, end) for i, end in _spans(tokens, terms) if self._said(tokens[i], text)]

    def _said(self, token: str, text: str) -> bool:
        """Whether a verb of saying read as `token` is one: a short-stemmed one only as typed."""
        whole = [word for word, term in self._whole.items() if token == term[0]]
        return not whole or any(f" {word} " in text for word in whole)

    def reported(self, fact: Fact) -> set[str]:
        """The people whose words a fact reports, in any language of its answer (what a reader
        gets: a quote that only grounds who spoke reports nothing the answer says): in
        each sentence, the one nearest before its first verb of saying (a later verb shares
        its subject: "he commended President Tokayev's address and thanked" is no word of
        Tokayev's), or next to an attribution."""
        texts = [(fact.answer[lang], lang) for lang in LANGS]
        marks: set[str] = set()
        for text, lang in texts:
            named = None  # whom a sentence opening "He said ..." speaks of: the last one named
            for sentence in CLAUSE.split(text):
                tokens, typed = self._analyse(sentence, lang), padded(sentence)
                verbs = self._saying(tokens, self._verbs, typed)
                if verbs:
                    start = verbs[0][0]
                    # Kazakh puts the subject first and the object next to the verb
                    # ("Унгбо Тоқаевтың жолдауын ... алғыс айтты")
                    before = tokens[max(start - FACT_BEFORE, 0) : start]
                    near = self._nearest(before if lang == "kk" else reversed(before))
                    if near is None and self._person.match(typed):
                        near = named
                    marks |= {near} if near else set()
                named = self._nearest(tokens) or named
                if not self._attributing.search(typed):
                    continue  # "мнения" of "Институт изучения общественного мнения" is none
                for start, end in _spans(tokens, self._attributions):
                    beside = [*tokens[max(start - BESIDE, 0) : start], *tokens[end : end + BESIDE]]
                    marks |= {SPOKE + t for t in beside if t in self._people}
        return (marks | {ANYONE}) if marks else marks

    def _nearest(self, tokens: Iterable[str]) -> str | None:
        """The speaker mark of the first of the people among `tokens`."""
        return next((SPOKE + t for t in tokens if t in self._people), None)


def people_tokens(words: WordLists, analyse: Analyse) -> frozenset[str]:
    """The lexicon tokens of the people of the articles ("=tokayev", "=ban_ki_moon")."""
    return frozenset(
        token
        for lang in LANGS
        for name in words.people[lang]
        for token in analyse(name, lang)
        if token.startswith("=")
    )


def _spans(tokens: Sequence[str], terms: Terms) -> Iterator[tuple[int, int]]:
    """Where the terms stand among `tokens`: (start, end) of each."""
    for i, token in enumerate(tokens):
        for term in terms.get(token, ()):
            if tuple(tokens[i : i + len(term)]) == term:
                yield i, i + len(term)


def _terms(analyse: Analyse, *lists: Mapping[Lang, Sequence[str]]) -> Terms:
    """Each term of the word lists as its tokens, by its first token."""
    terms: dict[str, list[tuple[str, ...]]] = {}
    for words in lists:
        for lang in LANGS:
            for term in words[lang]:
                tokens = analyse(term, lang)
                if tokens and tokens not in terms.get(tokens[0], []):
                    terms.setdefault(tokens[0], []).append(tokens)
    return terms
