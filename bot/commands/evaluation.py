"""`kzun-bot eval FILE`: how well the engine answers a labelled question file, per language.

An item is `{q, expect: [...]}` (every string must appear in the reply, in any case), `{q, any:
[...]}` (at least one must), or `{q, ood: true}` (right only when the bot does not answer). An
optional `lang` names the item's language; otherwise it is detected from the question.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from bot.commands.console import load_matcher
from bot.config import Settings
from bot.engine.conversation import Conversations
from bot.engine.decision import Assessment, Match, Thresholds
from bot.engine.knowledge import KnowledgeBase
from bot.engine.language import detect_language
from bot.engine.matcher import Matcher
from bot.engine.render import render_match
from bot.lang import LANGS, Lang

TARGET = 0.95  # share of in-domain questions answered right, and of out-of-domain ones refused
SWEEP = (0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80)
# libyaml's C loader reads the evaluation sets (thousands of lines) 8x faster, as the knowledge.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class EvaluationError(ValueError):
    """The question file cannot be used; the message says where."""


@dataclass(frozen=True)
class Item:
    question: str
    lang: Lang
    expect: tuple[str, ...] = ()
    any_of: tuple[str, ...] = ()
    ood: bool = False

    def is_right(self, match: Match, reply: str) -> bool:
        if self.ood:
            return match.status != "answer"
        if match.status != "answer":
            return False
        # Case is the writer's, not the answer's: "communications procedure" has "Communication".
        reply = reply.casefold()
        if self.any_of and not any(s.casefold() in reply for s in self.any_of):
            return False
        return all(s.casefold() in reply for s in self.expect)


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 1.0

    def __str__(self) -> str:
        return f"{self.right}/{self.total} ({self.rate:.1%})"

    @classmethod
    def of(cls, tallies: Iterable[Tally]) -> Tally:
        """The sum of several tallies (all languages of one measure)."""
        counted = list(tallies)
        return cls(sum(t.right for t in counted), sum(t.total for t in counted))


@dataclass
class Report:
    """Per language: in-domain answered right, out-of-domain not answered, and what went wrong."""

    in_domain: dict[Lang, Tally] = field(default_factory=lambda: defaultdict(Tally))
    out_of_domain: dict[Lang, Tally] = field(default_factory=lambda: defaultdict(Tally))
    # Answered when it should not have been, or answered with the wrong fact: the worst outcome.
    confidently_wrong: dict[Lang, int] = field(default_factory=lambda: defaultdict(int))
    # Per score band (tenths): answered questions, and those answered right.
    calibration: dict[int, Tally] = field(default_factory=lambda: defaultdict(Tally))
    mistakes: list[str] = field(default_factory=list)

    def meets_targets(self) -> bool:
        tallies = [*self.in_domain.values(), *self.out_of_domain.values()]
        return all(t.rate >= TARGET for t in tallies)


def read_list(path: Path) -> list[Any]:
    """The YAML list of a question or dialogue file."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    except (OSError, yaml.YAMLError) as error:
        raise EvaluationError(f"{path}: {error}") from None
    if data is None or data == []:  # 0/0 would otherwise read as "targets met"
        raise EvaluationError(f"{path}: no questions in this file")
    if not isinstance(data, list):
        raise EvaluationError(f"{path}: expected a list of {{q, expect|any|ood}} items")
    return data


def item_of(path: Path, number: int, raw: object) -> Item:
    """One labelled question; EvaluationError naming the item when it is malformed."""
    if not isinstance(raw, dict) or not isinstance(raw.get("q"), str):
        raise EvaluationError(f"{path}: item {number} has no 'q' string")
    lang = raw.get("lang") or detect_language(raw["q"]) or "en"
    if lang not in LANGS:
        raise EvaluationError(f"{path}: item {number} has unknown lang {lang!r}")
    expect, any_of = raw.get("expect") or (), raw.get("any") or ()
    if not (expect or any_of or raw.get("ood")):
        raise EvaluationError(f"{path}: item {number} needs 'expect', 'any' or 'ood'")
    return Item(
        raw["q"], lang, tuple(map(str, expect)), tuple(map(str, any_of)), bool(raw.get("ood"))
    )


def load_items(path: Path) -> list[Item]:
    """The labelled questions of a YAML file."""
    return load_items_of(path, read_list(path))


def evaluate(
    matcher: Matcher,
    kb: KnowledgeBase,
    items: Sequence[Item],
    assessments: Sequence[Assessment] | None = None,
    thresholds: Thresholds | None = None,
    explain: bool = True,
) -> Report:
    """Score every item as the bot replies, or with other `thresholds` on the scores alone
    (earlier `assessments` spare rescoring them), and `explain=False` where the mistakes' word
    analysis is not shown (the threshold sweep)."""
    report = Report()
    conversations = Conversations()  # no item has context: each is asked in a chat of its own
    for i, item in enumerate(items):
        if thresholds is None:  # as the bot replies: a question asking two things part by part
            match = conversations.match(matcher, None, item.question)
        else:  # other thresholds, tried on the scores alone
            assessment = assessments[i] if assessments else matcher.assess(item.question)
            match = matcher.decide(assessment, thresholds)
        reply = render_match(match, kb, "text")
        right = item.is_right(match, reply)
        tally = (report.out_of_domain if item.ood else report.in_domain)[item.lang]
        tally.total += 1
        tally.right += right
        if match.status == "answer":
            band = report.calibration[min(int(match.score * 10), 9)]
            band.total += 1
            band.right += right
            report.confidently_wrong[item.lang] += not right
        if not right and explain:
            words = matcher.explain(item.question, match.lang)
            report.mistakes.append(f"{_mistake(item, match)}; words {words}")
    return report


def _mistake(item: Item, match: Match) -> str:
    facts = ", ".join(f.id for f in match.facts) or "-"
    wanted = "not answered" if item.ood else f"reply with {list(item.expect or item.any_of)}"
    outcome = f"{match.status} {facts} ({match.score:.2f})"
    return f"[{item.lang}] {item.question!r} -> {outcome}; wanted {wanted}"


def evaluate_file(settings: Settings, path: Path | None, adversarial: bool = False) -> int:
    """Print accuracy per language, mistakes and the threshold sweep; 1 when below the targets.

    A dialogue file is played as conversations; `adversarial` scores generated near misses."""
    # Imported here: both modules build on this one's items and tallies.
    from bot.commands.dialogues import (
        evaluate_dialogues,
        is_dialogue_file,
        load_dialogues,
        print_dialogue_report,
    )
    from bot.commands.nearmiss import near_misses, print_near_misses

    try:
        data = read_list(path) if path is not None else []
        dialogues = load_dialogues(path, data) if path and is_dialogue_file(data) else None
        items = [] if dialogues is not None or path is None else load_items_of(path, data)
    except EvaluationError as error:
        print(f"kzun-bot eval: {error}", file=sys.stderr)
        return 2
    loaded = load_matcher(settings)
    if loaded is None:
        return 1
    kb, matcher = loaded
    if adversarial:
        return print_near_misses(near_misses(matcher, kb))
    if dialogues is not None:
        return print_dialogue_report(evaluate_dialogues(matcher, kb, dialogues))
    report = evaluate(matcher, kb, items)
    assessments = [matcher.assess(item.question) for item in items]  # scored once for the sweep
    limits = matcher.thresholds
    print(
        f"{len(items)} questions; thresholds: answer from {limits.answer:.2f}, "
        f"ask back from {limits.clarify:.2f}, margin {limits.margin:.2f}"
    )
    confidence = "fitted model (kzun-bot calibrate)" if kb.confidence else "the matcher's blend"
    print(f"Scores are confidence from {confidence}")
    for lang in LANGS:
        print(
            f"{lang}: in-domain answered right {report.in_domain[lang]}, "
            f"out-of-domain not answered {report.out_of_domain[lang]}, "
            f"confidently wrong {report.confidently_wrong[lang]}"
        )
    print("\nCalibration (confidence band: answered right / answered):")
    for band, tally in sorted(report.calibration.items()):
        print(f"  {band / 10:.1f}-{(band + 1) / 10:.1f}: {tally}")
    if report.mistakes:
        print("\nMistakes (question -> outcome):")
        print("\n".join(report.mistakes))
    print(
        "\nThreshold sweep (answer threshold: in-domain right / out-of-domain refused, all langs):"
    )
    best: tuple[int, float] | None = None
    for value in SWEEP:
        limits = replace(
            matcher.thresholds, answer=value, clarify=min(value, matcher.thresholds.clarify)
        )
        swept = evaluate(matcher, kb, items, assessments, limits, explain=False)
        right, refused = Tally.of(swept.in_domain.values()), Tally.of(swept.out_of_domain.values())
        print(f"  {value:.2f}: {right}  {refused}")
        if refused.rate >= TARGET and (best is None or right.right > best[0]):
            best = (right.right, value)
    if best is not None:  # the data's choice: most answered right with enough refused
        print(
            f"Suggested KZUN_ANSWER_THRESHOLD (most in-domain right with >= {TARGET:.0%} "
            f"out-of-domain refused): {best[1]:.2f}"
        )
    met = report.meets_targets()
    print(f"\nTargets (>= {TARGET:.0%} per language): {'met' if met else 'NOT met'}")
    return 0 if met else 1


def load_items_of(path: Path, data: list[Any]) -> list[Item]:
    """The labelled questions of `data`, already read from `path`."""
    return [item_of(path, n, raw) for n, raw in enumerate(data, start=1)]
