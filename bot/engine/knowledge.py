"""The knowledge base as values: facts, sources, topics, lexicon, and problems found in them.

`loader.py` reads these from `knowledge/*.yaml`; `validation.py` checks them against the seeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine.confidence import ConfidenceModel
from bot.lang import LANGS, Lang


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the knowledge, located for an editor."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        path = self.path.resolve()
        shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
        return f"{shown}:{self.line}: {self.message}"


class KnowledgeError(Exception):
    """The knowledge could not be loaded or failed validation; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    published: str  # "YYYY-MM-DD", or "YYYY-MM" where the article gives no day
    seed: Path
    url: str | None


@dataclass(frozen=True)
class Topic:
    id: str
    title: Mapping[Lang, str]


@dataclass(frozen=True)
class Quote:
    source: str
    text: str
    line: int


@dataclass(frozen=True)
class FactDate:
    """The day of an event; `year` is None for a yearly day whose founding year is not given."""

    month: int
    day: int
    year: int | None = None

    def years_since(self, today: dt.date) -> int | None:
        return None if self.year is None else today.year - self.year


@dataclass(frozen=True)
class Fact:
    id: str
    topic: str
    # How buttons, inline results and "did you mean" lists name the fact: a short noun phrase.
    title: Mapping[Lang, str]
    answer: Mapping[Lang, str]
    questions: Mapping[Lang, tuple[str, ...]]
    quotes: tuple[Quote, ...]
    path: Path
    line: int
    date: FactDate | None = None
    keywords: tuple[str, ...] = ()
    related: tuple[str, ...] = ()

    @property
    def every_question(self) -> tuple[str, ...]:
        """Its example questions in every language: what its author wrote it answers."""
        return tuple(q for qs in self.questions.values() for q in qs)


@dataclass(frozen=True)
class LeftOut:
    """A seed sentence deliberately not turned into a fact, with the reason."""

    source: str
    sentence: str
    reason: str
    line: int


DAY_OFFSETS = {"yesterday": -1, "today": 0, "tomorrow": 1}


@dataclass(frozen=True)
class WordGroup:
    """Terms in three languages that ask the same thing ("died", "погиб", "қаза")."""

    id: str
    terms: Mapping[Lang, tuple[str, ...]]
    qualifier: bool = False  # a role that changes another ("deputy" prime minister)
    directed: bool = False  # a role from one country to another (an ambassador), see direction.py


def _no_terms() -> Mapping[Lang, tuple[str, ...]]:
    return {lang: () for lang in LANGS}


@dataclass(frozen=True)
class WordLists:
    """The word lists of `knowledge/words.yaml`, which the engine reads questions with."""

    fillers: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    follow_up: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    pronouns: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    there: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    yes_no: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    negations: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    subjects: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    possessives: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    determiners: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    persons: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    others: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    parts: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    amounts: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    quantities: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    levels: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    enumerations: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    chatter: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    lasting: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    that_year: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    members: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    titles: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    question_words: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    question_forms: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    future: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    again: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    present: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    foreign_names: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    people: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    places: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    cities: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    groups: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    succession: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    succeeded_people: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    speech: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    attribution: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    said_what: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    becoming: Mapping[Lang, tuple[str, ...]] = field(default_factory=_no_terms)
    relations: tuple[WordGroup, ...] = ()
    roles: tuple[WordGroup, ...] = ()
    days: tuple[WordGroup, ...] = ()  # ids in DAY_OFFSETS
    shorthand: tuple[WordGroup, ...] = ()  # each language's first term, then its short forms


@dataclass(frozen=True)
class KnowledgeBase:
    root: Path
    facts: tuple[Fact, ...]
    sources: Mapping[str, Source]
    topics: Mapping[str, Topic]
    synonyms: tuple[tuple[str, ...], ...]
    left_out: tuple[LeftOut, ...]
    # Questions that look like ours but that the articles do not answer, with their language.
    out_of_scope: tuple[tuple[Lang, str], ...] = ()
    words: WordLists = field(default_factory=WordLists)
    # The fitted confidence of answers (knowledge/confidence.yaml); None: the blend decides.
    confidence: ConfidenceModel | None = None
    _by_id: Mapping[str, Fact] = field(init=False, repr=False, compare=False)
    _by_day: Mapping[tuple[int, int], tuple[Fact, ...]] = field(
        init=False, repr=False, compare=False
    )
    _by_year: Mapping[int, tuple[Fact, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Index facts by id, day and year once, so lookups cost nothing per question."""
        by_day: dict[tuple[int, int], list[Fact]] = {}
        by_year: dict[int, list[Fact]] = {}
        for fact in self.facts:
            if fact.date:
                by_day.setdefault((fact.date.month, fact.date.day), []).append(fact)
                if fact.date.year is not None:
                    by_year.setdefault(fact.date.year, []).append(fact)
        newest_first = {
            day: tuple(sorted(found, key=lambda f: -(f.date.year or 0) if f.date else 0))
            for day, found in by_day.items()
        }
        object.__setattr__(self, "_by_id", {f.id: f for f in self.facts})
        object.__setattr__(self, "_by_day", newest_first)
        object.__setattr__(self, "_by_year", {y: tuple(f) for y, f in by_year.items()})

    def fact(self, fact_id: str) -> Fact | None:
        return self._by_id.get(fact_id)

    def facts_on(self, month: int, day: int) -> list[Fact]:
        """Facts whose event fell on this day of the year, newest anniversary first."""
        return list(self._by_day.get((month, day), ()))

    def facts_in_year(self, year: int) -> list[Fact]:
        return list(self._by_year.get(year, ()))

    def facts_in_topic(self, topic_id: str) -> list[Fact]:
        return [f for f in self.facts if f.topic == topic_id]

    @property
    def question_counts(self) -> dict[Lang, int]:
        return {lang: sum(len(f.questions[lang]) for f in self.facts) for lang in LANGS}
