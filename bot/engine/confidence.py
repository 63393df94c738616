"""Confidence that means something: a logistic model over the engine's features of an answer.

The matcher ranks facts by a hand-made blend of coverage, similarity and fuzzy match; whether the
best one is *right* is a different question, answered here by a logistic model fit on the
knowledge itself (`kzun-bot calibrate`: example questions held out fold by fold as positives,
out-of-scope questions and generated near misses as negatives). Its output is the probability
that the answer is right, so a score of 0.9 means about nine in ten such answers are right, and
the answer threshold is the one that reached the target precision on held-out folds.

The fitted weights live in `knowledge/confidence.yaml` as data, with a fingerprint of the
knowledge files they were fit on; `kzun-bot check` reports them stale when the knowledge changed.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import yaml

MODEL_FILE = "confidence.yaml"

# What the model sees of a question's best fact; `Matcher.features` computes them in this order.
FEATURES = (
    "score",  # the matcher's blend, as it ranks facts
    "coverage",  # share of the question's weight the fact knows
    "similarity",  # weighted overlap with the closest example question
    "fuzzy",  # string similarity with the closest example question
    "specific",  # evidence beyond "Kazakhstan and the UN"
    "mismatch",  # the answer type asked (when, how many, list) is not one the fact gives
    "out_of_scope",  # overlap with the closest known out-of-scope question
    "out_of_scope_gap",  # that overlap minus the fact's own similarity
    "margin",  # the best score minus the runner-up's
    "margin_unrelated",  # the same against the best fact the knowledge does not relate to it
    "unknown",  # share of the question's weight no fact knows
    "uncovered",  # the heaviest word the fact lacks, relative to an unknown word
    "relations",  # relations and roles asked, all stated by the fact
    "length",  # log of the number of the question's tokens
    "corrected",  # share of the question's weight read through a typo correction
)
# The direction each feature may push confidence, known before any fit: more of what the fact
# shares with the question never makes an answer less likely right, more of what it lacks never
# more likely (0: either way). Without this, features that move together (the blend and its
# parts) or that near misses rarely exercise could get a weight of the wrong sign.
SIGNS = {
    "score": 1,
    "coverage": 1,
    "similarity": 1,
    "fuzzy": 1,
    "specific": 1,
    "mismatch": -1,
    "out_of_scope": -1,
    "out_of_scope_gap": -1,
    "margin": 1,
    "margin_unrelated": 1,
    "unknown": -1,
    "uncovered": -1,
    "relations": 1,
    "length": 0,
    "corrected": -1,
}


@dataclass(frozen=True)
class ConfidenceModel:
    """Weights over FEATURES (raw scale), and the thresholds chosen on held-out folds."""

    weights: tuple[float, ...]
    bias: float
    answer: float
    clarify: float
    fingerprint: str

    def probability(self, features: Sequence[float]) -> float:
        z = self.bias + sum(w * x for w, x in zip(self.weights, features, strict=True))
        return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))


class Reporter(Protocol):
    def problem(self, path: Path, line: int, message: str) -> None: ...


def fingerprint(root: Path) -> str:
    """A digest of every knowledge YAML file but the model's own: what the model was fit on."""
    digest = hashlib.sha256()
    for path in sorted(root.glob("*.yaml")):
        if path.name != MODEL_FILE:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def read_confidence(reporter: Reporter, path: Path) -> ConfidenceModel | None:
    """The model of `path`; None (the matcher's blend decides) when there is none or it is
    unusable, which is then reported as a problem."""
    if not path.exists():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        reporter.problem(path, 0, f"cannot be read: {error}")
        return None
    model = _model(data)
    if model is None:
        reporter.problem(
            path, 1, f"not a model over {', '.join(FEATURES)}: run `kzun-bot calibrate`"
        )
    return model


def _model(data: Any) -> ConfidenceModel | None:
    if not isinstance(data, dict):
        return None
    features, thresholds = data.get("features"), data.get("thresholds")
    if not isinstance(features, dict) or tuple(features) != FEATURES:
        return None
    if not isinstance(thresholds, dict):
        return None
    numbers = [*features.values(), data.get("bias"), *(thresholds.get(k) for k in _LIMITS)]
    if not all(isinstance(n, int | float) and not isinstance(n, bool) for n in numbers):
        return None
    answer, clarify = (float(thresholds[k]) for k in _LIMITS)
    if not 0.0 <= clarify <= answer <= 1.0:
        return None
    weights = tuple(float(w) for w in features.values())
    return ConfidenceModel(
        weights, float(data["bias"]), answer, clarify, str(data.get("fingerprint"))
    )


_LIMITS = ("answer", "clarify")
