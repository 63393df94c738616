"""`kzun-bot eval`: the engine measured on the labelled questions, against the targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.commands.dialogues import evaluate_dialogues, load_dialogues
from bot.commands.evaluation import TARGET, EvaluationError, evaluate, load_items, read_list
from bot.commands.nearmiss import NEAR_MISS_TARGET, near_misses
from bot.engine.generation import Knowledge

QUESTIONS = Path(__file__).parent.parent / "data" / "questions.yaml"
# Written blind by someone who saw only the seeds, and never tuned against: it measures how well
# the engine generalises beyond the set its thresholds were chosen on. Its floor is lower than
# TARGET, and a drop below it means the tuning set is being overfitted.
HELD_OUT = Path(__file__).parent.parent / "data" / "heldout.yaml"
HELD_OUT_FLOOR = 0.93
# Realistic questions written from the seeds by a separate writer, mostly near misses: the set
# the engine is tuned on between blind runs. Eight other sets written the same way are now part
# of the knowledge (example questions and out-of-scope questions); this one never was. Its floor
# sits just under today's weakest figure (English in-domain right, 93.1%; out-of-domain refused
# 98.0-99.0%), so tuning that lets more near misses through, or loses more realistic in-domain
# questions, fails.
DEV_REALISTIC = Path(__file__).parent.parent / "data" / "dev-realistic.yaml"
DEV_REALISTIC_FLOOR = 0.92
# The same kind of set in Kazakh and Russian only, weighted to Kazakh in-domain questions (the
# weakest figures: Kazakh in-domain right 91.2%, Russian in-domain right 95.0%).
DEV_KK_RU = Path(__file__).parent.parent / "data" / "dev-realistic-kk-ru.yaml"
DEV_KK_RU_FLOOR = 0.89


def test_engine_meets_the_targets_on_the_evaluation_set_in_every_language(
    knowledge: Knowledge,
) -> None:
    assert_rates_at_least(knowledge, QUESTIONS, TARGET)


def test_engine_generalises_to_the_held_out_set(knowledge: Knowledge) -> None:
    assert_rates_at_least(knowledge, HELD_OUT, HELD_OUT_FLOOR)


def test_engine_keeps_its_figures_on_the_realistic_development_set(
    knowledge: Knowledge,
) -> None:
    assert_rates_at_least(knowledge, DEV_REALISTIC, DEV_REALISTIC_FLOOR)
    assert_rates_at_least(knowledge, DEV_KK_RU, DEV_KK_RU_FLOOR)


def assert_rates_at_least(knowledge: Knowledge, path: Path, floor: float) -> None:
    items = load_items(path)
    report = evaluate(knowledge.matcher, knowledge.kb, items)
    figures = {
        lang: (str(report.in_domain[lang]), str(report.out_of_domain[lang]))
        for lang in sorted({item.lang for item in items})
    }
    below = [
        f"{lang} {kind}: {tally}"
        for kind, tallies in (
            ("in-domain", report.in_domain),
            ("out-of-domain", report.out_of_domain),
        )
        for lang, tally in tallies.items()
        if tally.rate < floor
    ]
    assert not below, f"{figures}\n" + "\n".join(report.mistakes)


def test_evaluation_set_covers_every_language_and_out_of_domain_questions() -> None:
    items = load_items(QUESTIONS)
    for lang, least in (("en", 150), ("ru", 40), ("kk", 30)):
        assert sum(item.lang == lang and not item.ood for item in items) >= least
    assert sum(item.ood for item in items) >= 60


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "questions.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_eval_prints_figures_mistakes_and_sweep(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        """
- {q: "when did kazakhstan join the un", expect: ["1992"]}
- {q: "which child rights protocol did kazakhstan sign", expect: ["Communications Procedure"]}
- {q: "когда основана оон", any: ["1945", "nope"]}
- {q: "what is the gdp of kazakhstan", ood: true}
""",
    )  # the writer's capitals are not the answer's ("a communications procedure")
    assert main(["eval", str(path)]) == 0
    out = capsys.readouterr().out
    assert "en: in-domain answered right 2/2 (100.0%), out-of-domain not answered 1/1" in out
    assert "ru: in-domain answered right 1/1 (100.0%)" in out
    assert "Threshold sweep" in out and "Targets (>= 95% per language): met" in out
    assert "Calibration (confidence band: answered right / answered):" in out
    assert "confidently wrong 0" in out and "Suggested KZUN_ANSWER_THRESHOLD" in out
    assert "Mistakes" not in out


def test_eval_fails_and_shows_the_confusion_when_targets_are_missed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        """
- {q: "when did kazakhstan join the un", expect: ["1945"], lang: en}
- {q: "when did kazakhstan join the un", ood: true}
""",
    )
    assert main(["eval", str(path)]) == 1
    out = capsys.readouterr().out
    assert "[en] 'when did kazakhstan join the un' -> answer un-membership" in out
    assert "NOT met" in out


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("q: not a list", "expected a list"),
        ("- {expect: [x]}", "item 1 has no 'q'"),
        ("- {q: hello}", "needs 'expect', 'any' or 'ood'"),
        ("- {q: hello, ood: true, lang: de}", "unknown lang"),
        ("- {q: [unclosed", "questions.yaml"),
    ],
)
def test_load_items_names_the_problem(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(EvaluationError, match=problem.replace("'", ".").replace("[", r"\[")):
        load_items(write(tmp_path, text))


def test_eval_reports_an_unusable_file_as_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(tmp_path / "missing.yaml")]) == 2
    assert "kzun-bot eval:" in capsys.readouterr().err


# The second blind set (tests/data/blind2.yaml) is only ever run, never read for tuning; these
# floors sit just under its figures, so a change that makes the engine generalise worse fails.
# Its smallest parts hold 44 questions (Kazakh and Russian out-of-domain): one question is 2.3
# points there, so the floor sits one question under the lowest figure (kk 41/44, 93.2%; en
# out-of-domain 83/90, 92.2%).
BLIND2 = Path(__file__).parent.parent / "data" / "blind2.yaml"
BLIND2_FLOOR = 0.90
DIALOGUES = Path(__file__).parent.parent / "data" / "dialogues.yaml"
DEV_DIALOGUES = Path(__file__).parent.parent / "data" / "dev-dialogues.yaml"
# Dialogues written from the seeds alone by a separate writer, to tune conversation on; floors
# just under today's figures (follow-ups right 90.0-100%, unanswerable ones refused 100%).
DEV_DIALOGUES_2 = Path(__file__).parent.parent / "data" / "dev-dialogues-2.yaml"


def test_engine_generalises_to_the_second_blind_set(knowledge: Knowledge) -> None:
    assert_rates_at_least(knowledge, BLIND2, BLIND2_FLOOR)


# Dialogues written blind from the seeds by a fourth writer, also tuning material; per language
# (follow-ups answered right, unanswerable follow-ups refused), one question under today's counts
# (en 22/25, 27/27; ru 16/19, 20/20; kk 17/18, 20/20).
DEV_DIALOGUES_4 = Path(__file__).parent.parent / "data" / "dev-dialogues-4.yaml"
DEV_DIALOGUES_4_FLOORS = {"en": (21, 26), "ru": (15, 19), "kk": (16, 19)}
# A fifth writer's, the same way (en 19/21, 36/36; ru 16/18, 22/22; kk 14/15, 21/21).
DEV_DIALOGUES_5 = Path(__file__).parent.parent / "data" / "dev-dialogues-5.yaml"
DEV_DIALOGUES_5_FLOORS = {"en": (18, 35), "ru": (15, 21), "kk": (13, 20)}


@pytest.mark.parametrize(
    ("path", "floors"),
    [(DEV_DIALOGUES_4, DEV_DIALOGUES_4_FLOORS), (DEV_DIALOGUES_5, DEV_DIALOGUES_5_FLOORS)],
    ids=["fourth", "fifth"],
)
def test_development_dialogues_keep_their_counts(
    knowledge: Knowledge, path: Path, floors: dict[str, tuple[int, int]]
) -> None:
    report = evaluate_dialogues(
        knowledge.matcher, knowledge.kb, load_dialogues(path, read_list(path))
    )
    for lang, (follow_ups, refused) in floors.items():
        assert report.follow_up[lang].right >= follow_ups, report.mistakes
        assert report.refused[lang].right >= refused, report.mistakes


def test_blind_dialogues_keep_their_follow_up_figures(knowledge: Knowledge) -> None:
    assert_dialogue_rates_at_least(knowledge, DIALOGUES, follow_ups=0.88, refused=0.75)


def test_development_dialogues_keep_their_follow_up_figures(knowledge: Knowledge) -> None:
    assert_dialogue_rates_at_least(knowledge, DEV_DIALOGUES_2, follow_ups=0.88, refused=0.9)


def assert_dialogue_rates_at_least(
    knowledge: Knowledge, path: Path, follow_ups: float, refused: float
) -> None:
    report = evaluate_dialogues(
        knowledge.matcher, knowledge.kb, load_dialogues(path, read_list(path))
    )
    for lang in ("en", "ru", "kk"):
        assert report.follow_up[lang].rate >= follow_ups, report.mistakes
        assert report.refused[lang].rate >= refused, report.mistakes


def test_eval_plays_dialogues_with_context_kept_per_chat(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["eval", str(DEV_DIALOGUES)]) == 0
    out = capsys.readouterr().out
    assert "en: first turns right 12/12 (100.0%), follow-ups answered right 8/8 (100.0%)" in out
    assert "unanswerable follow-ups refused 10/10 (100.0%)" in out and ": met" in out


def test_eval_adversarial_reports_refusal_of_thousands_of_near_misses_per_kind(
    knowledge: Knowledge,
) -> None:
    refused = near_misses(knowledge.matcher, knowledge.kb)
    totals = {kind: sum(t.total for t in per_lang.values()) for kind, per_lang in refused.items()}
    assert sum(totals.values()) >= 3000 and all(totals.values()), totals
    for kind, per_lang in refused.items():
        rate = sum(t.right for t in per_lang.values()) / totals[kind]
        assert rate >= NEAR_MISS_TARGET, (kind, rate)


def test_eval_without_a_file_or_adversarial_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["eval"]) == 2
    assert "give a FILE, or --adversarial" in capsys.readouterr().err
