"""Whether an answer gives a figure for what a follow-up counts or measures, or names several.

"How many of them are fundamental?" is answered by "including 8 fundamental", and "by how much
did newborn deaths fall?" by "the death of newborn babies has decreased ... more than
five-fold"; but "how many of them were for refugees?" is not answered by "400 projects ...
for migrants and refugees", nor "by how much did life expectancy grow?" by "life expectancy has
grown, and newborn deaths fell 5 times": a figure counts what stands near it in its own phrase
(up to a comma), not whatever the answer mentions. Likewise "which missions?" is answered by
a sentence that uses the word and enumerates ("positions, including observers and staff
officers"), not by "8 women are sent to UN missions abroad".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from functools import cached_property

from bot.engine.gives import gives
from bot.engine.kinds import asked_for, counted
from bot.engine.knowledge import Fact, WordLists
from bot.engine.normalize import alternation, fold, phrase_pattern
from bot.lang import LANGS, Lang

COUNTED_WITHIN = 6  # words between a figure and what it counts ("9 times at the ... debates")
QUALIFYING = 3  # a phrase this short with a figure only qualifies the one before ("more than 5")
STEM_LETTERS = 5  # words as alike as "выступил" and "выступал" count the same thing
# A number as written, not one inside a name ("UN80") or a longer figure ("1,000", "3.5").
NUMBER = re.compile(r"(?<![\w.,])\d+(?![\d.,]\d)")
# A figure: a number, or a multiple written out ("five-fold", "tenfold"); Russian and Kazakh
# write multiples with digits ("в 5 раз", "5 есе").
_FIGURE = re.compile(r"\d|\w-?fold\b", re.IGNORECASE)
# A number written as a word ("three areas", "около тысячи", "үш бағыт"), which counts as a
# figure where an answer is read for what it counts; not "one", "бір" or "он", which are as
# often "one of", "a" or "he".
_SPELLED = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|hundreds?|"
    r"thousands?|millions?|dozens?|два|две|двух|три|тр[её]х|четыре|четыр[её]х|пять|пяти|шесть|"
    r"шести|семь|семи|восемь|восьми|девять|девяти|десять|десяти|сто|сотни|тысяч[аиуы]?|"
    r"миллион(?:а|ов)?|екі|үш|төрт|бес|алты|жеті|сегіз|тоғыз|жүз|мың)\b",
    re.IGNORECASE,
)
# A point in the past counted back from now ("30 years ago", "30 лет назад", "30 жыл бұрын"):
# a measure asked of it is asked its level then.
_AGO = re.compile(r" \w+ (?:years?|лет|года?|жыл) (?:ago|назад|бурын) ")
# Where a clause of an answer ends (a sentence, or a part of one after a semicolon), and where
# a phrase ends: a comma too.
CLAUSE = re.compile(r"[.;!?](?:\s|$)")
_PHRASE = re.compile(r"[,;:.!?](?:\s|$)")
CONJUNCTION_LETTERS = 4  # an enumerating term this short is a bare "and" ("и", "және", "мен")
# Names joined by a conjunction ("Brazil and Turkiye", "Жаһандық цифрлық келісім және Болашақ
# ұрпақтар туралы декларация", "the Compact and the Declaration"), and a run of at least
# three short items before one ("children, women, the elderly, migrants and refugees").
_CAPITAL = "[A-ZА-ЯЁӘІҢҒҮҰҚӨҺ]"
_NAMES_JOINED = re.compile(
    rf"{_CAPITAL}[\w’'-]*(?: [\w’'-]+){{0,2}} (?:and|и|және|мен|пен|бен) (?:the )?{_CAPITAL}"
)
_RUN = re.compile(r"(?:[^,.;:]{1,30}, ){2,}[^,.;:]{1,30} (?:and|и|және|мен|пен|бен) ")
# A relative clause goes on with the phrase before it ("здание ..., в котором размещаются 16
# структур"); Kazakh writes its relative clauses without a comma.
_RELATIVE = re.compile(r"(?:which|where|who|whom|whose|котор\w*|где)$")


class Measures:
    """The figures and names a follow-up asks for, and whether an answer gives them; prepared
    once per knowledge from the word lists (parts, amounts, enumerations)."""

    def __init__(
        self,
        words: WordLists,
        facts: Iterable[Fact],
        wanted: Callable[[str], list[str]],
        analyse: Callable[[str, Lang], tuple[str, ...]],
    ) -> None:
        self._part = pattern(words.parts)
        self._amount = pattern(words.amounts)
        self._quantity = pattern(words.quantities)
        self._present = pattern(words.present, words.levels)
        self._enumerating = pattern(words.enumerations)
        self._group = pattern(words.groups)
        groups = alternation(t for lang in LANGS for t in words.groups[lang]) or "(?!)"
        # a figure counting a group: "8 Kazakh women soldiers", "8 қазақстандық әйел"
        self._counted_group = re.compile(rf" \d[\d,]* (?:\w+ ){{0,3}}(?:{groups})\w* ")
        self._facts = tuple(facts)
        self._wanted = wanted  # a question's words saying what it is about
        self._analyse = analyse  # for the lexicon's terms: "infant mortality", "newborn deaths"

    @cached_property
    def _listing(self) -> frozenset[str]:
        """The facts that list; found once asked, as only follow-ups ask which ones."""
        return frozenset(fact.id for fact in self._facts if "list" in gives(fact))

    def of_part(self, text: str) -> bool:
        """Whether a padded turn asks of a part of the last answer: "of them", "оның ішінде"."""
        return bool(self._part.search(text))

    def measures(self, question: str, fact: Fact, lang: Lang, about: str = "") -> bool:
        """Whether `fact` gives the figure or the several names a turn asks for: of what it
        names or, if it names nothing ("на сколько лет?"), of what `about` (the turn before)
        names ("а про продолжительность жизни?")."""
        return self.counts(question, fact, lang, about) and self._enumerates(question, fact, lang)

    def nothing_named(self, question: str) -> bool:
        """Whether a turn asks by how much and names nothing it is of ("на сколько лет?", "а
        во сколько раз?"): only the last answer's figures can be meant."""
        text = padded(question)
        return bool(self._amount.search(text)) and not self._wanted(without(self._amount, text))

    def _enumerates(self, question: str, fact: Fact, lang: Lang) -> bool:
        """Whether a turn asking which ones ("in which missions are those women serving?") is
        answered by several: the fact lists, or a sentence of its answer using the word asked
        for enumerates ("various positions, including military observers and staff
        officers"); "8 women soldiers are sent to UN missions abroad" names none."""
        if "list" not in asked_for(fold(question).split()) or fact.id in self._listing:
            return True
        asked = self._wanted(question)[:1]  # its first word of substance: mostly what is listed
        # "which ones?" naming nothing: only a fact that lists names them
        return bool(asked) and enumerated(asked, fact.answer[lang], self._enumerating)

    def counts(self, question: str, fact: Fact, lang: Lang, about: str = "") -> bool:
        """Whether a question or a follow-up asking how many of what the last answer spoke of
        ("how many of them are fundamental?") or by how much something changed ("how much did
        life expectancy grow?", "насколько", "қаншаға") counts something the answer gives a
        figure for, next to a word of it, not only somewhere in the answer. Words of any
        subject ("years", "times") need not."""
        text = padded(question)
        if (
            "count" in asked_for(text.split())
            and not self._group.search(text)
            and self._counted_group.search(padded(fact.answer[lang]))
        ):
            return False  # "how many Kazakh peacekeepers serve now?" is not the 8 women
        level = self._quantity.search(text)
        if level and (self._present.search(text) or _AGO.search(text)):
            # "what is life expectancy now?", "what was it 30 years ago?" ask its level, which
            # "has grown" does not give
            return figured(level.group().split(), fact.answer[lang])
        part = self._part.search(text) and "count" in asked_for(text.split())
        if not part and not self._amount.search(text):
            return not self._counts_another(text, fact.answer[lang])
        # a number of the question says of when ("за 30 лет"), not what is counted; and the
        # whole a part is of ("how many of those projects were for refugees?") was counted
        wanted = [w for w in self._wanted(without(self._amount, text)) if not w.isdigit()]
        whole = self._part.search(text)
        rest = [w for w in wanted if not whole or w not in text[whole.end() :].split()[:1]]
        wanted = rest or wanted or self._wanted(about)
        if not wanted or figured(wanted, fact.answer[lang]):
            return True
        # or in the lexicon's words: "dropped" of "decreased ... more than five-fold"
        terms = {t for t in self._analyse(" ".join(wanted), lang) if t.startswith("=")}
        return bool(terms) and figured(terms, fact.answer[lang], lambda w: self._analyse(w, lang))

    def _counts_another(self, text: str, answer: str) -> bool:
        """Whether a question asking how many counts what the answer speaks of only in
        sentences without a figure: "how many migrants got help?" of "more than 400 projects.
        They covered ... migrants and refugees". Only a word the answer uses tells: "how many
        people took part?" may be answered by "70 participants"."""
        thing = counted(text.split())
        if thing is None or thing not in self._wanted(text) or not _FIGURE.search(answer):
            return False
        said = clauses_using([thing], _SPELLED.sub("0", answer))
        return bool(said) and not any(_FIGURE.search(" ".join(clause)) for clause in said)


def figured(
    wanted: Collection[str], answer: str, read: Callable[[str], tuple[str, ...]] | None = None
) -> bool:
    """Whether a word of `wanted` (folded) stands near a figure of `answer`, in its phrase (a
    relative clause included); a phrase that only qualifies a figure ("..., more than
    five-fold") counts the one before. With `read`, `wanted` are tokens the words near a
    figure are read as."""
    phrases: list[list[str]] = []
    for text in _PHRASE.split(answer):
        words = text.split()
        if phrases and any(_RELATIVE.match(fold(word)) for word in words[:2]):
            phrases[-1] += words  # "a building, in which 16 agencies are housed"
        else:
            phrases.append(words)
    near = []
    for i, words in enumerate(phrases):
        for at, word in enumerate(words):
            if _FIGURE.search(word):
                near += words[max(at - COUNTED_WITHIN, 0) : at + COUNTED_WITHIN + 1]
                if i and len(words) <= QUALIFYING:
                    near += phrases[i - 1]
    if read is not None:
        return not set(read(" ".join(near))).isdisjoint(wanted)
    folded = [part for word in near for part in fold(word).split()]
    return any(alike(w, n) for w in wanted for n in folded)


def enumerated(asked: Collection[str], answer: str, enumerating: re.Pattern[str]) -> bool:
    """Whether the sentences of `answer` that use a word of `asked` (folded) enumerate, by a
    term of the `enumerating` pattern (over padded folded text); true if none uses one. A
    bare "and" ("и", "және") enumerates only between names ("Brazil and Turkiye") or after a
    run of short items ("children, women, the elderly, migrants and refugees"): "the middle
    powers and all developing countries" names two kinds of country, not which ones."""
    said = [c for c in CLAUSE.split(answer) if clauses_using(asked, c)]
    return not said or any(_enumerates(asked, clause, enumerating) for clause in said)


def _enumerates(asked: Collection[str], clause: str, enumerating: re.Pattern[str]) -> bool:
    """Whether one sentence enumerates (`enumerated`): by a term that only enumerates
    ("including", "в том числе"), a colon, names joined, a run of short items, or an "and"
    after the word asked in its phrase ("the principles of tripartism and social dialogue")."""
    found = [m.group().strip() for m in enumerating.finditer(padded(clause))]
    if not found:
        return False
    if any(len(term) > CONJUNCTION_LETTERS or " " in term for term in found) or ":" in clause:
        return True
    # names joined after the word asked ("ambassadors ... Brazil and Turkiye"), not a name with
    # an "and" of its own ("the Office for Digital and Emerging Technologies")
    raw = clause.split()
    after = " ".join(raw[_first(asked, [fold(w) for w in raw]) + 1 :])
    if _NAMES_JOINED.search(after) or _RUN.search(after):
        return True
    for phrase in _PHRASE.split(clause):
        words = fold(phrase).split()
        if enumerating.search(f" {' '.join(words[_first(asked, words) + 1 :])} "):
            return True
    return False


def _first(asked: Collection[str], words: list[str]) -> int:
    """Where the first of `words` (folded) that is a form of an `asked` word stands; past the
    end if none is."""
    return next((i for i, w in enumerate(words) if any(alike(a, w) for a in asked)), len(words))


def phrases_of(answer: str) -> list[str]:
    """The phrases of `answer`, between commas and stops: one item each of a list it gives."""
    return _PHRASE.split(answer)


def clauses_using(wanted: Collection[str], answer: str) -> list[list[str]]:
    """The clauses of `answer`, as folded words, that use a word of `wanted` (folded)."""
    clauses = [fold(text).split() for text in CLAUSE.split(answer)]
    return [c for c in clauses if any(alike(w, word) for w in wanted for word in c)]


def alike(word: str, other: str) -> bool:
    """Whether two folded words are forms of one: equal, or sharing their first letters."""
    return word == other or (
        len(word) >= STEM_LETTERS and word[:STEM_LETTERS] == other[:STEM_LETTERS]
    )


def without(pattern: re.Pattern[str], text: str) -> str:
    """`text` without any of the phrases `pattern` finds, also where one follows another."""
    while (rest := pattern.sub(" ", text)) != text:
        text = rest
    return text


def padded(text: str) -> str:
    """`text` folded, one space between words and at either end, as phrase patterns read it."""
    return f" {' '.join(fold(text).split())} "


def pattern(*lists: Mapping[Lang, Iterable[str]]) -> re.Pattern[str]:
    """A phrase pattern of the terms of word lists, in every language."""
    return phrase_pattern(t for terms in lists for lang in LANGS for t in terms[lang])


def words_of(*lists: Mapping[Lang, Iterable[str]], whole: bool = True) -> frozenset[str]:
    """The folded one-word terms of word lists, or with `whole` false every word of every
    term ("thank you": "thank", "you")."""
    folded = [fold(t) for terms in lists for lang in LANGS for t in terms[lang]]
    return frozenset(w for f in folded for w in f.split() if not whole or " " not in f)
