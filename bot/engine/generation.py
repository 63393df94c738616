"""One loaded, validated and indexed generation of the knowledge: what every command answers from.

`kzun-bot run`, `ask`, `shell`, `eval`, `today` and `broadcast` all build it here, so none of them
can serve knowledge that `kzun-bot check` would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.engine.knowledge import KnowledgeBase
from bot.engine.matcher import Matcher, Thresholds
from bot.engine.validation import Coverage, load_validated


@dataclass(frozen=True)
class Knowledge:
    """One generation, swapped whole on reload, so no reader ever sees a mix."""

    kb: KnowledgeBase
    matcher: Matcher
    coverage: Coverage


def build_knowledge(root: Path, thresholds: Thresholds | None = None) -> Knowledge:
    """Load, validate and index the knowledge under `root`; KnowledgeError if it is broken."""
    kb, coverage = load_validated(root)
    return Knowledge(kb=kb, matcher=Matcher(kb, thresholds), coverage=coverage)
