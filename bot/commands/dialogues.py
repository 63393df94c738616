"""`kzun-bot eval DIALOGUES.yaml`: how well follow-ups are answered in conversation.

A dialogue is `{id, lang, turns: [{chat, q, expect|any|ood}, ...]}`; turns with the same `chat`
share context, in order, through the engine's `Conversations`, as in Telegram. Every turn after
a dialogue's first is a follow-up: answerable ones must be answered right, `ood` ones (including
a follow-up asked in another chat, which has nothing to follow) refused.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.commands.evaluation import EvaluationError, Item, Tally, item_of
from bot.engine.conversation import Conversations
from bot.engine.knowledge import KnowledgeBase
from bot.engine.matcher import Matcher
from bot.engine.render import render_match
from bot.lang import LANGS, Lang

FOLLOW_UP_TARGET = 0.90
REFUSED_TARGET = 1.0


@dataclass(frozen=True)
class Dialogue:
    id: str
    turns: tuple[tuple[str, Item], ...]  # (chat, turn)


@dataclass
class DialogueReport:
    """Per language: first turns right, answerable follow-ups right, unanswerable ones refused."""

    opening: dict[Lang, Tally]
    follow_up: dict[Lang, Tally]
    refused: dict[Lang, Tally]
    mistakes: list[str]

    def meets_targets(self) -> bool:
        return all(t.rate >= FOLLOW_UP_TARGET for t in self.follow_up.values()) and all(
            t.rate >= REFUSED_TARGET for t in self.refused.values()
        )


def is_dialogue_file(data: list[Any]) -> bool:
    return bool(data) and isinstance(data[0], dict) and "turns" in data[0]


def load_dialogues(path: Path, data: list[Any]) -> list[Dialogue]:
    dialogues = []
    for number, raw in enumerate(data, start=1):
        turns = raw.get("turns") if isinstance(raw, dict) else None
        if not isinstance(turns, list) or not turns:
            raise EvaluationError(f"{path}: dialogue {number} has no 'turns' list")
        parsed = []
        for turn in turns:
            if not isinstance(turn, dict):
                raise EvaluationError(f"{path}: dialogue {number} has a turn that is no mapping")
            item = item_of(path, number, {**turn, "lang": turn.get("lang") or raw.get("lang")})
            parsed.append((str(turn.get("chat", "")), item))
        dialogues.append(Dialogue(str(raw.get("id", number)), tuple(parsed)))
    return dialogues


def evaluate_dialogues(
    matcher: Matcher, kb: KnowledgeBase, dialogues: Sequence[Dialogue]
) -> DialogueReport:
    """Play every dialogue through one `Conversations`, each dialogue's chats kept apart."""
    report = DialogueReport(defaultdict(Tally), defaultdict(Tally), defaultdict(Tally), [])
    conversations = Conversations()
    for dialogue in dialogues:
        for number, (chat, item) in enumerate(dialogue.turns):
            match = conversations.match(matcher, (dialogue.id, chat), item.question)
            right = item.is_right(match, render_match(match, kb, "text"))
            if number == 0:
                tally = report.opening[item.lang]
            else:  # in its own chat or another: a later turn is judged as a follow-up
                tally = (report.refused if item.ood else report.follow_up)[item.lang]
            tally.total += 1
            tally.right += right
            if not right:
                facts = ",".join(f.id for f in match.facts) or "-"
                report.mistakes.append(
                    f"[{dialogue.id} {chat}] {item.question!r} -> {match.status} {facts}"
                )
    return report


def print_dialogue_report(report: DialogueReport) -> int:
    for lang in LANGS:
        print(
            f"{lang}: first turns right {report.opening[lang]}, follow-ups answered right "
            f"{report.follow_up[lang]}, unanswerable follow-ups refused {report.refused[lang]}"
        )
    if report.mistakes:
        print("\nMistakes:")
        print("\n".join(report.mistakes))
    met = report.meets_targets()
    print(
        f"\nTargets (follow-ups >= {FOLLOW_UP_TARGET:.0%} right, unanswerable "
        f"{REFUSED_TARGET:.0%} refused): {'met' if met else 'NOT met'}"
    )
    return 0 if met else 1
