"""The YAML reader of `knowledge/`: strict about shape, reporting every problem as `file:line`.

Types, required fields and dates are checked here, so that every later stage can trust the values;
checks against the seed articles live in `validation.py`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from bot.engine.bulk import collector_paused
from bot.engine.confidence import MODEL_FILE, read_confidence
from bot.engine.knowledge import (
    Fact,
    FactDate,
    KnowledgeBase,
    KnowledgeError,
    LeftOut,
    Problem,
    Quote,
    Source,
    Topic,
)
from bot.engine.normalize import STOPWORDS, fold
from bot.engine.wordlists import read_words
from bot.engine.yamllines import LineDict, LineLoader
from bot.lang import LANGS, Lang

MIN_QUESTIONS: Mapping[Lang, int] = {"en": 6, "ru": 4, "kk": 4}
MAX_FILE_BYTES = 1_000_000  # a knowledge file larger than this is a mistake, not content
SPECIAL_FILES = (
    "sources.yaml",
    "topics.yaml",
    "lexicon.yaml",
    "coverage.yaml",
    "out-of-scope.yaml",
    "words.yaml",
    MODEL_FILE,
)


def read_knowledge(root: Path) -> tuple[KnowledgeBase, list[Problem]]:
    """Everything that could be read under `root`, and every shape problem met on the way."""
    reader = _Reader(root)
    kb = reader.read()
    return kb, reader.problems


@collector_paused()
def load_knowledge(root: Path) -> KnowledgeBase:
    """Read and shape-check every file under `root`; raise KnowledgeError listing all problems."""
    kb, problems = read_knowledge(root)
    if problems:
        raise KnowledgeError(problems)
    return kb


# --- Reading and shape checks ------------------------------------------------------------------


class _Reader:
    """Collects problems while reading, so one run reports everything wrong, not just the first."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self._parsed: dict[str, Any] = {}  # by text: words.yaml is read for four of its lists

    def problem(self, path: Path, line: int, message: str) -> None:
        self.problems.append(Problem(path, line, message))

    def read(self) -> KnowledgeBase:
        if not self.root.is_dir():
            self.problem(self.root, 0, "knowledge directory not found")
            return KnowledgeBase(self.root, (), {}, {}, (), ())
        sources = self._sources(self.root / "sources.yaml")
        topics = self._topics(self.root / "topics.yaml")
        synonyms = self._synonyms(self.root / "lexicon.yaml")
        left_out = self._left_out(self.root / "coverage.yaml")
        out_of_scope = self._out_of_scope(self.root / "out-of-scope.yaml")
        words = read_words(self, self.root / "words.yaml")
        confidence = read_confidence(self, self.root / MODEL_FILE)
        facts: list[Fact] = []
        for path in sorted(self.root.glob("*.yaml")):
            if path.name not in SPECIAL_FILES:
                facts.extend(self._facts(path))
        return KnowledgeBase(
            self.root,
            tuple(facts),
            sources,
            topics,
            synonyms,
            left_out,
            out_of_scope,
            words,
            confidence,
        )

    def document(self, path: Path, key: str) -> list[Any]:
        """The list under `key` of a YAML file, or [] after recording why it could not be read."""
        if not path.exists():
            self.problem(path, 0, "file is missing")
            return []
        raw = path.read_bytes()
        if len(raw) > MAX_FILE_BYTES:
            self.problem(path, 0, f"file is {len(raw)} bytes, over the {MAX_FILE_BYTES} limit")
            return []
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            self.problem(path, line, f"not valid UTF-8 ({error.reason})")
            return []
        if text not in self._parsed:
            try:
                self._parsed[text] = yaml.load(text, Loader=LineLoader)  # a SafeLoader subclass
            except yaml.MarkedYAMLError as error:
                mark = error.problem_mark or error.context_mark
                line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
                self.problem(path, line, f"YAML syntax error at column {column}: {error.problem}")
                return []
            except yaml.YAMLError as error:
                self.problem(path, 0, f"YAML error: {error}")
                return []
        data = self._parsed[text]
        if not isinstance(data, dict) or not isinstance(data.get(key), list):
            self.problem(path, 1, f"expected a mapping with a list under '{key}'")
            return []
        items = data[key]
        for item in items:
            if not isinstance(item, LineDict):
                self.problem(
                    path, getattr(data, "line", 1), f"every '{key}' entry must be a mapping"
                )
                return []
        return list(items)

    def text(self, path: Path, item: LineDict, key: str, required: bool = True) -> str | None:
        value = item.get(key)
        if value is None:
            if required:
                self.problem(path, item.line, f"missing field '{key}'")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(path, item.line, f"field '{key}' must be a non-empty string")
            return None
        return value.strip()

    def _by_lang(self, path: Path, item: LineDict, key: str) -> dict[Lang, Any] | None:
        value = item.get(key)
        if not isinstance(value, dict):
            self.problem(path, item.line, f"field '{key}' must be a mapping of en, ru, kk")
            return None
        missing = [lang for lang in LANGS if lang not in value]
        if missing:
            self.problem(path, item.line, f"field '{key}' is missing language(s): {missing}")
        extra = sorted(set(value) - set(LANGS))
        if extra:
            self.problem(path, item.line, f"field '{key}' has unknown language(s): {extra}")
        return {lang: value[lang] for lang in LANGS if lang in value}

    def _texts_by_lang(self, path: Path, item: LineDict, key: str) -> dict[Lang, Any] | None:
        """A mapping of en, ru, kk whose every value must be a non-empty string."""
        texts = self._by_lang(path, item, key)
        for lang, text in (texts or {}).items():
            if not isinstance(text, str) or not text.strip():
                self.problem(path, item.line, f"{key}.{lang} must be a non-empty string")
        return texts

    def _sources(self, path: Path) -> dict[str, Source]:
        sources: dict[str, Source] = {}
        for item in self.document(path, "sources"):
            fields = {k: self.text(path, item, k) for k in ("id", "title", "publisher", "seed")}
            published = _date_text(item.get("published"))
            if published is None:
                self.problem(path, item.line, "field 'published' must be YYYY-MM-DD or YYYY-MM")
            url = self.text(path, item, "url", required=False)
            if url and not url.startswith("https://"):
                self.problem(path, item.line, "field 'url' must be an https:// address")
            seed = self.root.parent / str(fields["seed"])
            if fields["seed"] and not seed.is_file():
                self.problem(path, item.line, f"seed file not found: {fields['seed']}")
            if None in fields.values() or published is None:
                continue
            source_id = str(fields["id"])
            if source_id in sources:
                self.problem(path, item.line, f"duplicate source id '{source_id}'")
            sources[source_id] = Source(
                source_id, str(fields["title"]), str(fields["publisher"]), published, seed, url
            )
        return sources

    def _topics(self, path: Path) -> dict[str, Topic]:
        topics: dict[str, Topic] = {}
        for item in self.document(path, "topics"):
            topic_id = self.text(path, item, "id")
            title = self._by_lang(path, item, "title")
            if topic_id and title is not None:
                topics[topic_id] = Topic(topic_id, {k: str(v) for k, v in title.items()})
        return topics

    def _synonyms(self, path: Path) -> tuple[tuple[str, ...], ...]:
        groups: list[tuple[str, ...]] = []
        if not path.exists():  # the lexicon is optional: matching works without synonyms
            return ()
        for item in self.document(path, "synonyms"):
            terms = item.get("terms")
            if (
                not isinstance(terms, list)
                or len(terms) < 2
                or not all(isinstance(t, str) and t.strip() for t in terms)
            ):
                self.problem(path, item.line, "'terms' must be a list of at least two strings")
                continue
            for term in terms:
                # "get into" less "into" would make every "get" a synonym of "join"
                words = fold(term).split()
                kept = [w for w in words if w not in STOPWORDS]
                if len(kept) == 1 < len(words):
                    reading = f"reads as '{kept[0]}' alone: function words"
                    self.problem(path, item.line, f"term '{term}' {reading}")
            groups.append(tuple(t.strip() for t in terms))
        return tuple(groups)

    def _left_out(self, path: Path) -> tuple[LeftOut, ...]:
        entries = []
        for item in self.document(path, "left_out"):
            fields = [self.text(path, item, k) for k in ("source", "sentence", "reason")]
            if all(fields):
                source, sentence, reason = (str(f) for f in fields)
                entries.append(LeftOut(source, sentence, reason, item.line))
        return tuple(entries)

    def _out_of_scope(self, path: Path) -> tuple[tuple[Lang, str], ...]:
        if not path.exists():  # optional: without it only the facts decide what is ours
            return ()
        found: list[tuple[Lang, str]] = []
        for item in self.document(path, "out_of_scope"):
            self.text(path, item, "reason")
            questions = self._by_lang(path, item, "questions") or {}
            for lang, asked in questions.items():
                if not isinstance(asked, list) or not all(isinstance(q, str) for q in asked):
                    self.problem(path, item.line, f"questions.{lang} must be a list of strings")
                    continue
                found.extend((lang, q.strip()) for q in asked)
        return tuple(found)

    def _facts(self, path: Path) -> list[Fact]:
        facts = []
        for item in self.document(path, "facts"):
            fact = self._fact(path, item)
            if fact is not None:
                facts.append(fact)
        return facts

    def _fact(self, path: Path, item: LineDict) -> Fact | None:
        fact_id = self.text(path, item, "id")
        topic = self.text(path, item, "topic")
        title = self._texts_by_lang(path, item, "title")
        answer = self._texts_by_lang(path, item, "answer")
        questions = self._by_lang(path, item, "questions")
        quotes = self._quotes(path, item)
        date = self._fact_date(path, item)
        # Aliases (other names of the subject: "SPECA", "СПЕКА") point to the fact as keywords do.
        keywords = self._strings(path, item, "keywords") + self._strings(path, item, "aliases")
        related = self._strings(path, item, "related")
        listed = questions is not None  # every language's questions a list of strings
        if questions is not None:
            for lang, asked in questions.items():
                if not isinstance(asked, list) or not all(
                    isinstance(q, str) and q.strip() for q in asked
                ):
                    self.problem(path, item.line, f"questions.{lang} must be a list of strings")
                    listed = False
                elif len(asked) < MIN_QUESTIONS[lang]:
                    self.problem(
                        path,
                        item.line,
                        f"questions.{lang} has {len(asked)} questions, at least "
                        f"{MIN_QUESTIONS[lang]} are needed",
                    )
        unknown = sorted(set(item) - _FACT_FIELDS)
        if unknown:
            self.problem(path, item.line, f"unknown field(s): {unknown}")
        if not (fact_id and topic and title and answer and questions and listed) or quotes is None:
            return None
        return Fact(
            id=fact_id,
            topic=topic,
            title={lang: str(title.get(lang, "")).strip() for lang in LANGS},
            answer={lang: str(answer.get(lang, "")).strip() for lang in LANGS},
            questions={
                lang: tuple(str(q).strip() for q in questions.get(lang) or ()) for lang in LANGS
            },
            quotes=quotes,
            path=path,
            line=item.line,
            date=date,
            keywords=keywords,
            related=related,
        )

    def _quotes(self, path: Path, item: LineDict) -> tuple[Quote, ...] | None:
        value = item.get("sources")
        if not isinstance(value, list) or not value:
            self.problem(path, item.line, "field 'sources' must be a non-empty list")
            return None
        quotes = []
        for entry in value:
            if not isinstance(entry, LineDict):
                self.problem(path, item.line, "each source must be a mapping {source, quote}")
                continue
            source, text = self.text(path, entry, "source"), self.text(path, entry, "quote")
            if source and text:
                quotes.append(Quote(source, text, entry.line))
        return tuple(quotes)

    def _strings(self, path: Path, item: LineDict, key: str) -> tuple[str, ...]:
        value = item.get(key, [])
        # A bare year such as 2022 is a fine keyword; YAML reads it as a number.
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self.problem(path, item.line, f"field '{key}' must be a list of strings")
            return ()
        return tuple(str(v).strip() for v in value)

    def _fact_date(self, path: Path, item: LineDict) -> FactDate | None:
        value = item.get("date")
        if value is None:
            return None
        parsed = parse_fact_date(value)
        if parsed is None:
            self.problem(path, item.line, f"invalid date {value!r}: use YYYY-MM-DD or MM-DD")
        return parsed


_FACT_FIELDS = {
    "id",
    "topic",
    "title",
    "answer",
    "questions",
    "sources",
    "date",
    "keywords",
    "aliases",
    "related",
}


def parse_fact_date(value: object) -> FactDate | None:
    """A real calendar date from YYYY-MM-DD (or a date YAML already parsed) or MM-DD."""
    if isinstance(value, dt.date):
        return FactDate(value.month, value.day, value.year)
    if not isinstance(value, str):
        return None
    parts = value.strip().split("-")
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        return None
    if len(numbers) == 2:
        month, day = numbers
        year = None
        probe = 2000  # a leap year, so 02-29 is a valid yearly day
    elif len(numbers) == 3:
        year, month, day = numbers
        probe = year
    else:
        return None
    try:
        dt.date(probe, month, day)
    except ValueError:
        return None
    return FactDate(month, day, year)


def _date_text(value: object) -> str | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        parts = value.split("-")
        if len(parts) == 2 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
            return value
        parsed = parse_fact_date(value)
        if parsed and parsed.year:
            return value
    return None
