"""The source articles as sentences: the unit in which coverage of the seeds is measured."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# A sentence ends at . ! ? (and maybe a closing quote) before whitespace and a capital, a digit or
# an opening quote. Abbreviations that end in a dot inside a sentence are protected below.
_BOUNDARY = re.compile(r"[.!?][”\"’]?(?=\s+[A-Z0-9“\"(])")
_ABBREVIATIONS = ("H.E.", "Mr.", "Mrs.", "Ms.", "Dr.", "a.i.", "St.", "No.")
_SPACE = re.compile(r"\s+")
_QUOTED_TITLE = re.compile(r"“[^”\"]*[”\"]")
# A single-letter initial ("Gilbert F. Houngbo") or a dateline ("NUR-SULTAN. KAZINFORM") is no end.
_INITIAL_OR_DATELINE = re.compile(r"\b(?:[A-Z]|[A-Z][A-Z-]+(?=\. [A-Z]{3,}\b))\.")
_PLACEHOLDER = "\u0000"


@dataclass(frozen=True)
class Sentence:
    """One sentence of a seed with the line it starts on, for `file:line` messages."""

    path: Path
    line: int
    text: str

    @property
    def normalized(self) -> str:
        return normalize_space(self.text)


def normalize_space(text: str) -> str:
    """Collapse runs of whitespace so quotes can be compared regardless of line wrapping."""
    return _SPACE.sub(" ", text).strip()


def split_sentences(path: Path) -> list[Sentence]:
    """Split a seed into sentences, each paragraph separately, keeping the starting line."""
    sentences: list[Sentence] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        for part in _split_paragraph(line):
            sentences.append(Sentence(path, number, part))
    return sentences


def _split_paragraph(paragraph: str) -> list[str]:
    protected = paragraph
    for abbreviation in _ABBREVIATIONS:
        protected = protected.replace(abbreviation, abbreviation.replace(".", _PLACEHOLDER))
    # Titles in quotes such as “Women. World. Safety" are one unit, not three sentences.
    protected = _QUOTED_TITLE.sub(lambda m: m.group(0).replace(".", _PLACEHOLDER), protected)
    protected = _INITIAL_OR_DATELINE.sub(lambda m: m.group(0)[:-1] + _PLACEHOLDER, protected)
    parts, start = [], 0
    for boundary in _BOUNDARY.finditer(protected):
        parts.append(protected[start : boundary.end()])
        start = boundary.end()
    parts.append(protected[start:])
    return [normalize_space(p.replace(_PLACEHOLDER, ".")) for p in parts if p.strip()]
