"""One loaded, validated and indexed generation of the knowledge: what every command answers from.

`kzun-bot run`, `ask`, `shell`, `eval`, `today` and `broadcast` all build it here, so none of them
can serve knowledge that `kzun-bot check` would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from bot.engine.cache import cached
from bot.engine.decision import Thresholds
from bot.engine.knowledge import KnowledgeBase
from bot.engine.matcher import Matcher
from bot.engine.validation import Coverage, load_validated


@dataclass(frozen=True)
class Knowledge:
    """One generation, swapped whole on reload, so no reader ever sees a mix."""

    kb: KnowledgeBase
    matcher: Matcher
    coverage: Coverage


def build_knowledge(
    root: Path,
    answer: float | None = None,
    clarify: float | None = None,
    cache: Path | None = None,
) -> Knowledge:
    """Load, validate and index the knowledge under `root`; KnowledgeError if it is broken.

    `answer` and `clarify` replace the knowledge's own thresholds (see Thresholds.of). With a
    `cache` folder, a build of the same files by the same code is read from there (cache.py)."""
    return cached(cache, root, (answer, clarify), lambda: _build(root, answer, clarify))


def _build(root: Path, answer: float | None, clarify: float | None) -> Knowledge:
    kb, coverage = load_validated(root)
    limits = Thresholds.of(kb)
    answer = limits.answer if answer is None else answer
    clarify = min(answer, limits.clarify if clarify is None else clarify)
    matcher = Matcher(kb, replace(limits, answer=answer, clarify=clarify))
    return Knowledge(kb=kb, matcher=matcher, coverage=coverage)
