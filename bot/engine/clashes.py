"""Relation terms that read as another relation's, which `kzun-bot check` reports.

The verifier marks a question with every relation whose term's tokens it has (verify.py), and
reads terms as it reads questions: stemmed, with the lexicon's synonyms merged. A term that
reads as another relation's term gives every question asking the one the other too: the Kazakh
"бекітті" (ratified) stemmed into the lexicon's "founded", so "when was the ILO founded?" also
asked for a ratification, and a Kazakh "did it ratify the protocol?" for a founding, which the
death penalty fact does not state. Roles may share terms on purpose ("director" is a "head").
"""

from __future__ import annotations

from bot.engine.knowledge import KnowledgeBase, Problem
from bot.engine.reader import Reader
from bot.lang import LANGS

WORDS_FILE = "words.yaml"


def relation_clashes(kb: KnowledgeBase) -> list[Problem]:
    """A problem for each relation term read the same as an earlier relation's term."""
    reader = Reader(kb)
    path = kb.root / WORDS_FILE
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    first: dict[tuple[str, ...], tuple[str, str]] = {}
    problems = []
    for group in kb.words.relations:
        for lang in LANGS:
            for term in group.terms[lang]:
                tokens = reader.analyse(term, lang)
                owner, owned = first.setdefault(tokens, (group.id, term)) if tokens else ("", "")
                if owner and owner != group.id:
                    message = (
                        f"'{group.id}.{lang}' term '{term}' reads as '{owner}' term '{owned}'"
                    )
                    problems.append(Problem(path, _line_of(lines, group.id), message))
    return problems


def _line_of(lines: list[str], group: str) -> int:
    """The line of words.yaml that opens `group` (1 if none does)."""
    opening = f"- id: {group}"
    return next((n for n, line in enumerate(lines, 1) if line.strip() == opening), 1)
