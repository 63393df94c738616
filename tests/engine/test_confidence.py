"""The confidence model: fit on a copy of the real knowledge, read back, used by the matcher."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.commands.calibrate import fit, steady_threshold, threshold
from bot.engine.confidence import MODEL_FILE, SIGNS
from bot.engine.loader import load_knowledge, read_knowledge
from bot.engine.matcher import Matcher


def test_fit_learns_the_direction_of_a_separating_feature() -> None:
    examples = [((x / 10, 0.5), x > 5) for x in range(11)] * 3
    (rising, flat), bias = fit(examples)
    assert rising > 1.0 and abs(flat) < 1e-6
    assert bias < 0  # a low value means wrong


def test_threshold_is_the_lowest_reaching_the_precision() -> None:
    scored = [(0.2, False), (0.5, False), (0.6, True), (0.7, True), (0.9, True)]
    assert threshold(scored, 0.99) == 0.51
    assert threshold(scored, 0.5) == 0.05


def test_steady_threshold_needs_the_answers_around_it_to_be_right_often() -> None:
    """Precision over all answers above 0.5 is 6 in 8, but answers at 0.62 are right one time
    in three: at 0.63 and 0.64 the band centred there still holds them, and an answer there
    is as doubtful. From 0.65 up every band is right often enough."""
    scored = [(0.5, False), (0.62, True), (0.62, False), (0.62, False), (0.66, True)]
    scored += [(0.72, True)] * 4
    assert threshold(scored, 0.75) == 0.51
    assert steady_threshold(scored, 0.75, window=0.05) == 0.65


def test_calibrated_knowledge_answers_with_probabilities_and_goes_stale(
    one_seed_knowledge: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = one_seed_knowledge
    (root / MODEL_FILE).unlink(missing_ok=True)
    monkeypatch.setenv("KZUN_KNOWLEDGE_DIR", str(root))
    assert main(["calibrate"]) == 0
    out = capsys.readouterr().out
    assert "Held-out calibration" in out and "Thresholds: answer" in out
    kb = load_knowledge(root)
    model = kb.confidence
    assert model is not None and 0.0 < model.clarify <= model.answer < 1.0
    matcher = Matcher(kb)
    assert (matcher.thresholds.answer, matcher.thresholds.clarify) == (model.answer, model.clarify)
    sure = matcher.assess("When did Kazakhstan join the United Nations?")
    unsure = matcher.assess("When did Kazakhstan join the World Trade Organization?")
    assert sure.confidence == model.probability(sure.features)
    assert sure.confidence > max(unsure.confidence, model.answer)
    assert main(["check"]) == 0
    with (root / "lexicon.yaml").open("a", encoding="utf-8") as lexicon:
        lexicon.write("# an edit after calibration\n")
    assert main(["check"]) == 1
    assert "run `kzun-bot calibrate`" in capsys.readouterr().out


def test_a_model_of_other_features_is_reported(knowledge_copy: Path) -> None:
    root = knowledge_copy
    (root / MODEL_FILE).write_text("features: {score: 1.0}\nbias: 0\n", encoding="utf-8")
    kb, problems = read_knowledge(root)
    assert kb.confidence is None
    assert (
        [p.message for p in problems if MODEL_FILE in str(p.path)]
        == [p.message for p in problems if "kzun-bot calibrate" in p.message]
        != []
    )


def test_fit_leaves_out_a_feature_whose_weight_comes_out_against_its_sign() -> None:
    """Near misses that swap a relation for another the fact also states made "relations asked
    and stated" look risky; with its sign (+1) it may help an answer, never count against it."""
    examples = [((x / 10, 1.0 if x < 5 else 0.0), x > 5) for x in range(11)] * 3
    (_, free), _ = fit(examples)
    (_, signed), _ = fit(examples, signs=[1, 1])
    assert free < 0 and signed == 0.0
    assert SIGNS["relations"] == 1
