"""Checks that tie the knowledge to the seed articles: what `kzun-bot check` and a reload enforce.

A fact may only say what its quotes say, and every fact-bearing sentence of the seeds must be
quoted somewhere (or be listed in coverage.yaml with a reason): nothing invented, nothing lost.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from bot.engine.knowledge import Fact, KnowledgeBase, KnowledgeError, LeftOut, Problem
from bot.engine.loader import load_knowledge
from bot.engine.seeds import Sentence, normalize_space, split_sentences
from bot.lang import LANGS

_NUMBER = re.compile(r"\d+(?:,\d{3})*")
_NAME = re.compile(r"[A-ZÀ-Ý][\w’'\-]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|[“\"(]\s*)$")
_WORDS = re.compile(r"\w+")  # compiled once: every example and out-of-scope question is keyed
_MIN_OVERLAP = 15  # characters a quote must share with a sentence to count as quoting it
# A title is a button label. The Bot API sets no limit, but Telegram's apps cut a label that does
# not fit its button; 48 characters is about what a full-width button on a phone keeps readable.
MAX_TITLE_CHARS = 48


@dataclass(frozen=True)
class Coverage:
    """What `kzun-bot check` reports when the knowledge is sound."""

    facts: int
    questions: dict[str, int]
    sentences: int
    quoted: int
    left_out: int
    dated_facts: int

    def summary(self) -> str:
        per_lang = ", ".join(f"{lang} {count}" for lang, count in self.questions.items())
        return (
            f"knowledge OK: {self.facts} facts ({self.dated_facts} with a date); "
            f"example questions: {per_lang}; seed sentences: {self.sentences} "
            f"({self.quoted} quoted, {self.left_out} left out with a reason)"
        )


def load_validated(root: Path) -> tuple[KnowledgeBase, Coverage]:
    """Load and fully validate the knowledge, as a reload must before serving it."""
    kb = load_knowledge(root)
    problems, coverage = validate(kb)
    if problems:
        raise KnowledgeError(problems)
    return kb, coverage


def validate(kb: KnowledgeBase, complete: bool = True) -> tuple[list[Problem], Coverage]:
    """Every problem that ties the knowledge to the seeds, and the coverage figures.

    `complete` is False when some of the knowledge could not be read: the checks that need
    every fact (each seed sentence quoted somewhere, related ids) are then skipped, as the facts
    of a file that failed to parse would show up as dozens of echoes of its one real problem.
    """
    checker = _Checker(kb, complete)
    checker.check_facts()
    checker.check_sources()
    coverage = checker.check_coverage()
    return checker.problems, coverage


class _Checker:
    def __init__(self, kb: KnowledgeBase, complete: bool) -> None:
        self.kb = kb
        self.complete = complete
        self.problems: list[Problem] = []
        self.seed_text = {
            sid: normalize_space(source.seed.read_text(encoding="utf-8"))
            for sid, source in kb.sources.items()
            if source.seed.is_file()
        }
        lexicon_words = {
            w.casefold() for group in kb.synonyms for term in group for w in term.split()
        }
        # Month names may render a quoted ISO date ("2024-09-06" as "6 September 2024"); the day
        # and year are still checked as figures.
        months = {m.casefold() for m in calendar.month_name[1:]}
        self.allowed_names = lexicon_words | {"i"} | months

    def problem(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def check_facts(self) -> None:
        first_line: dict[str, Fact] = {}
        asked: dict[str, Fact] = {}
        titled: dict[tuple[str, str], Fact] = {}
        for fact in self.kb.facts:
            if fact.id in first_line:
                other = first_line[fact.id]
                self.problem(
                    fact.path,
                    fact.line,
                    f"duplicate id '{fact.id}' (also {other.path.name}:{other.line})",
                )
            first_line.setdefault(fact.id, fact)
            self._check_fact(fact)
            for lang in LANGS:
                holder = titled.setdefault((lang, fact.title[lang].casefold()), fact)
                if holder.id != fact.id:
                    self.problem(
                        fact.path,
                        fact.line,
                        f"title.{lang} {fact.title[lang]!r} is also the title of '{holder.id}'",
                    )
                for question in fact.questions[lang]:
                    key = _question_key(question)
                    owner = asked.setdefault(key, fact)
                    if owner.id != fact.id:
                        self.problem(
                            fact.path,
                            fact.line,
                            f"example question {question!r} is also under fact '{owner.id}'",
                        )
        for _, question in self.kb.out_of_scope:
            clash = asked.get(_question_key(question))
            if clash is not None:
                self.problem(
                    self.kb.root / "out-of-scope.yaml",
                    1,
                    f"out-of-scope question {question!r} is an example question of '{clash.id}'",
                )

    def check_sources(self) -> None:
        """Replies link the article itself: an AMP copy is a stripped page on someone else's
        cache, and anything but https:// is refused by some clients."""
        for source in self.kb.sources.values():
            if source.url is None:
                continue
            parts = urlsplit(source.url)
            segments = parts.path.lower().split("/")
            amp = (
                parts.netloc.lower().startswith("amp.")
                or "amp" in segments
                or any(s.endswith(".amp") for s in segments)
                or "amp" in parse_qs(parts.query, keep_blank_values=True)
            )
            if parts.scheme != "https" or amp:
                self.problem(
                    self.kb.root / "sources.yaml",
                    1,
                    f"source '{source.id}': url must be the article's canonical https:// address,"
                    f" not {source.url!r}",
                )

    def _check_fact(self, fact: Fact) -> None:
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", fact.id):
            self.problem(fact.path, fact.line, f"id '{fact.id}' must be kebab-case")
        if fact.topic not in self.kb.topics:
            self.problem(fact.path, fact.line, f"unknown topic '{fact.topic}'")
        for related in fact.related if self.complete else ():
            if related == fact.id or self.kb.fact(related) is None:
                self.problem(fact.path, fact.line, f"related id '{related}' is not another fact")
        quoted = []
        for quote in fact.quotes:
            if quote.source not in self.kb.sources:
                self.problem(fact.path, quote.line, f"unknown source id '{quote.source}'")
                continue
            text = normalize_space(quote.text)
            if text not in self.seed_text.get(quote.source, ""):
                self.problem(
                    fact.path,
                    quote.line,
                    f"quote not found verbatim in {self.kb.sources[quote.source].seed.name}: "
                    f"{text[:80]!r}",
                )
            quoted.append(text)
        self._check_grounding(fact, " ".join(quoted))
        self._check_title(fact)

    def _check_title(self, fact: Fact) -> None:
        """A title names the fact in a few words and claims no figure its answer does not give."""
        for lang in LANGS:
            title = fact.title[lang]
            if len(title) > MAX_TITLE_CHARS:
                self.problem(
                    fact.path,
                    fact.line,
                    f"title.{lang} has {len(title)} characters, over {MAX_TITLE_CHARS}",
                )
            if title.endswith((".", "?", "!")):
                self.problem(fact.path, fact.line, f"title.{lang} must be a name, not a sentence")
            answered = {_number_value(n) for n in _NUMBER.findall(fact.answer[lang])}
            for number in _NUMBER.findall(title):
                if _number_value(number) not in answered:
                    self.problem(
                        fact.path,
                        fact.line,
                        f"figure {number} of title.{lang} is not in answer.{lang}",
                    )

    def _check_grounding(self, fact: Fact, quoted: str) -> None:
        quoted_numbers = {_number_value(n) for n in _NUMBER.findall(quoted)}
        for number in _NUMBER.findall(fact.answer["en"]):
            if _number_value(number) not in quoted_numbers:
                self.problem(fact.path, fact.line, f"figure {number} of answer.en is in no quote")
        for match in _NAME.finditer(fact.answer["en"]):
            name = re.sub(r"[’']s$", "", match.group(0)).rstrip("-")
            before = fact.answer["en"][: match.start()]
            allowed = name.casefold() in self.allowed_names
            if _SENTENCE_START.search(before) or allowed or name in quoted:
                continue
            self.problem(fact.path, fact.line, f"name '{name}' of answer.en is in no quote")
        # An article's own event may take its year from the article's publication date.
        published = {
            self.kb.sources[q.source].published[:4]
            for q in fact.quotes
            if q.source in self.kb.sources
        }
        year = str(fact.date.year) if fact.date and fact.date.year else None
        if year and year not in quoted and year not in published:
            self.problem(
                fact.path,
                fact.line,
                f"year {year} of 'date' is in neither a quote nor a source date",
            )

    def check_coverage(self) -> Coverage:
        spans = defaultdict(list)
        for fact in self.kb.facts:
            for quote in fact.quotes:
                text = self.seed_text.get(quote.source, "")
                needle = normalize_space(quote.text)
                start = text.find(needle) if needle else -1
                while start >= 0:
                    spans[quote.source].append((start, start + len(needle)))
                    start = text.find(needle, start + 1)
        left_out = defaultdict(list)
        for entry in self.kb.left_out:
            if entry.source not in self.kb.sources:
                self.problem(self.kb.root / "coverage.yaml", entry.line, "unknown source id")
            left_out[entry.source].append(entry)
        used: set[int] = set()
        total = quoted_count = left_count = 0
        for sid, source in self.kb.sources.items():
            if not source.seed.is_file() or not self.complete:
                continue
            for sentence, (start, end) in _locate(
                split_sentences(source.seed), self.seed_text[sid]
            ):
                total += 1
                need = min(_MIN_OVERLAP, end - start)
                if any(min(end, e) - max(start, s) >= need for s, e in spans[sid]):
                    quoted_count += 1
                    continue
                reason = next(
                    (e for e in left_out[sid] if sentence.normalized.startswith(_prefix(e))), None
                )
                if reason is not None:
                    used.add(id(reason))
                    left_count += 1
                    continue
                self.problem(
                    sentence.path,
                    sentence.line,
                    f"sentence neither quoted by a fact nor listed in coverage.yaml: "
                    f"{sentence.normalized[:90]!r}",
                )
        for entries in left_out.values() if self.complete else ():
            for entry in entries:
                if id(entry) not in used:
                    self.problem(
                        self.kb.root / "coverage.yaml",
                        entry.line,
                        "listed sentence matches no unquoted seed sentence: "
                        f"{entry.sentence[:60]!r}",
                    )
        return Coverage(
            facts=len(self.kb.facts),
            questions={lang: count for lang, count in self.kb.question_counts.items()},
            sentences=total,
            quoted=quoted_count,
            left_out=left_count,
            dated_facts=sum(1 for f in self.kb.facts if f.date),
        )


def _locate(sentences: list[Sentence], text: str) -> list[tuple[Sentence, tuple[int, int]]]:
    """Each sentence with its span in the whitespace-normalised seed text."""
    located, cursor = [], 0
    for sentence in sentences:
        start = text.find(sentence.normalized, cursor)
        if start < 0:
            start = cursor
        end = start + len(sentence.normalized)
        located.append((sentence, (start, end)))
        cursor = end
    return located


def _number_value(text: str) -> int:
    """ "06" in a date line and "6" in an answer are the same figure; so are "1,000" and "1000"."""
    return int(text.replace(",", ""))


def _prefix(entry: LeftOut) -> str:
    return normalize_space(entry.sentence).rstrip(".… ")


def _question_key(question: str) -> str:
    """Questions that differ only in case, punctuation or spacing count as the same question."""
    folded = unicodedata.normalize("NFKC", question).casefold()
    return " ".join(_WORDS.findall(folded))
