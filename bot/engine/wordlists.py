"""The word lists of `knowledge/words.yaml`: every list and group in English, Russian and Kazakh.

Read with the loader's shape checks, so `kzun-bot check` reports a list that misses a language,
holds something other than words, or a group without an id, as `file:line: problem`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from bot.engine.knowledge import DAY_OFFSETS, WordGroup, WordLists
from bot.engine.normalize import STOPWORDS, fold
from bot.lang import LANGS, Lang

WORD_LISTS = (
    "fillers",
    "follow_up",
    "pronouns",
    "there",
    "subjects",
    "possessives",
    "determiners",
    "persons",
    "others",
    "parts",
    "amounts",
    "quantities",
    "levels",
    "enumerations",
    "chatter",
    "lasting",
    "that_year",
    "members",
    "titles",
    "question_words",
    "question_forms",
    "future",
    "again",
    "present",
    "foreign_names",
    "people",
    "places",
    "cities",
    "groups",
    "succession",
    "succeeded_people",
    "speech",
    "attribution",
    "said_what",
    "becoming",
    "yes_no",
    "negations",
)


class ShapeReader(Protocol):
    """What the loader offers for reading one more file: its lists, fields and problems."""

    def problem(self, path: Path, line: int, message: str) -> None: ...

    def document(self, path: Path, key: str) -> list[Any]: ...

    def text(self, path: Path, item: Any, key: str, required: bool = True) -> str | None: ...


def read_words(reader: ShapeReader, path: Path) -> WordLists:
    """The word lists: under `lists` the named ones, under `relations` and `roles` groups."""
    if not path.exists():  # optional: without it questions are read by the lexicon alone
        return WordLists()
    named = {group.id: group.terms for group in _groups(reader, path, "lists")}
    for missing in sorted(set(WORD_LISTS) - set(named)):
        reader.problem(path, 1, f"'lists' has no '{missing}' list")
    lists = {key: named[key] for key in WORD_LISTS if key in named}
    # A relation or role term of only function words and pronouns ("до нее", "before her" less
    # its meaning) would mark every question that uses them as asking it.
    hollow = STOPWORDS | {
        word
        for terms in named.get("pronouns", {}).values()
        for t in terms
        for word in fold(t).split()
    }
    return WordLists(
        **lists,
        relations=_groups(reader, path, "relations", hollow),
        roles=_groups(reader, path, "roles", hollow),
        days=_days(reader, path),
        # a word and its short forms, each one word (a phrase is a lexicon term)
        shorthand=_groups(reader, path, "shorthand", single=True),
    )


def _days(reader: ShapeReader, path: Path) -> tuple[WordGroup, ...]:
    """The relative days, each id one of DAY_OFFSETS."""
    days = _groups(reader, path, "days")
    for day in days:
        if day.id not in DAY_OFFSETS:
            reader.problem(path, 1, f"'days' has unknown day '{day.id}' (not {list(DAY_OFFSETS)})")
    return tuple(day for day in days if day.id in DAY_OFFSETS)


def _groups(
    reader: ShapeReader,
    path: Path,
    key: str,
    hollow: frozenset[str] = frozenset(),
    single: bool = False,
) -> tuple[WordGroup, ...]:
    """Entries `{id, en: [...], ru: [...], kk: [...]}`, every language non-empty strings, none
    made only of `hollow` words (and, if `single`, each one word)."""
    groups = []
    for item in reader.document(path, key):
        group_id = reader.text(path, item, "id")
        terms: dict[Lang, tuple[str, ...]] = {}
        for lang in LANGS:
            listed = item.get(lang)
            if not isinstance(listed, list) or not listed:
                reader.problem(path, item.line, f"'{group_id}' needs a list of terms in {lang}")
            elif not all(isinstance(t, str) and t.strip() for t in listed):
                reader.problem(path, item.line, f"'{group_id}.{lang}' must be non-empty strings")
            else:
                terms[lang] = tuple(t.strip() for t in listed)
                for term in terms[lang]:
                    if single and len(fold(term).split()) != 1:
                        reader.problem(
                            path, item.line, f"'{group_id}' term '{term}' is not one word"
                        )
                    if hollow and set(fold(term).split()) <= hollow:
                        reader.problem(
                            path,
                            item.line,
                            f"'{group_id}.{lang}' term '{term}' is only function words",
                        )
        flags = {flag: item.get(flag, False) for flag in ("qualifier", "directed")}
        for flag, value in flags.items():
            if not isinstance(value, bool):
                reader.problem(path, item.line, f"'{flag}' must be true or false")
        if group_id and len(terms) == len(LANGS):
            groups.append(WordGroup(group_id, terms, *(v is True for v in flags.values())))
    return tuple(groups)
