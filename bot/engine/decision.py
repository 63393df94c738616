"""The engine's decision: confidence and thresholds turn a scored question into an answer, a
"did you mean" list or a refusal.

Kept apart from scoring so that evaluation can re-decide one assessment at many thresholds
(calibration sweeps) without scoring the question again, and so that what the chat layers
receive (`Match`) does not depend on how the scores were made.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.engine.dates import DateQuery
from bot.engine.knowledge import Fact, KnowledgeBase
from bot.lang import Lang

Status = Literal["answer", "clarify", "decline"]

MAX_LISTED = 6  # facts listed for a date question; more would not fit one Telegram message
SEARCH_FLOOR = 0.30  # inline mode lists facts scoring at least this (the blend, not confidence)


@dataclass(frozen=True)
class Thresholds:
    """Where confidence turns into an answer, a "did you mean", or a refusal (0..1 scores).

    With a confidence model the knowledge's own thresholds (fit on held-out folds) apply unless
    the settings name others; these defaults serve the blend of knowledge without a model."""

    answer: float = 0.40
    clarify: float = 0.30
    margin: float = 0.0  # an answer this close to another fact's score becomes a "did you mean"

    @classmethod
    def of(cls, kb: KnowledgeBase) -> Thresholds:
        """The knowledge's own: its confidence model's if it has one, else the defaults."""
        model = kb.confidence
        return cls(model.answer, model.clarify) if model else cls()


@dataclass(frozen=True)
class Match:
    """The engine's decision about one question, with what to show."""

    question: str
    status: Status
    lang: Lang
    facts: tuple[Fact, ...]
    score: float
    when: DateQuery | None = None  # set for a date question ("what happened on 2 March")
    confirmed: bool = False  # a yes/no question its answer confirms (`confirm.py`): "Yes."

    @property
    def fact(self) -> Fact | None:
        return self.facts[0] if self.status == "answer" and self.facts else None


@dataclass(frozen=True)
class Assessment:
    """A question scored against the knowledge, before thresholds turn it into a Match."""

    question: str
    lang: Lang
    ranked: tuple[tuple[Fact, float], ...]  # best facts first, with their scores
    when: DateQuery | None = None  # a date question: `listed` holds that day's or year's facts
    listed: tuple[Fact, ...] = ()
    features: tuple[float, ...] = ()  # of the best fact, in the order of confidence.FEATURES
    confidence: float = 0.0  # that the best fact is the right answer (0..1)


def decide(assessment: Assessment, limits: Thresholds) -> Match:
    """Turn scores into an answer, a "did you mean" list or a refusal."""
    question, lang, ranked = assessment.question, assessment.lang, assessment.ranked
    if assessment.when is not None:
        listed = assessment.listed[:MAX_LISTED]
        status: Status = "answer" if listed else "decline"
        return Match(question, status, lang, listed, 1.0 if listed else 0.0, assessment.when)
    best = assessment.confidence
    if best < limits.clarify:
        return Match(question, "decline", lang, (), best)
    top = ranked[0][1]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best >= limits.answer and top - runner_up >= limits.margin:
        return Match(question, "answer", lang, (ranked[0][0],), best)
    close = tuple(f for f, score in ranked[:3] if score >= max(SEARCH_FLOOR, top - 0.1))
    # sure enough to ask back, but no fact scores as even a search result: nothing to offer
    return Match(question, "clarify" if close else "decline", lang, close, best)
