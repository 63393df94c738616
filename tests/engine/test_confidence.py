"""The confidence model: fit on a copy of the real knowledge, read back, used by the matcher."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.commands.calibrate import fit, threshold
from bot.engine.confidence import MODEL_FILE
from bot.engine.loader import load_knowledge, read_knowledge
from bot.engine.matcher import Matcher
from tests.conftest import YAML_LOADER, dump_yaml


def test_fit_learns_the_direction_of_a_separating_feature() -> None:
    examples = [((x / 10, 0.5), x > 5) for x in range(11)] * 3
    (rising, flat), bias = fit(examples)
    assert rising > 1.0 and abs(flat) < 1e-6
    assert bias < 0  # a low value means wrong


def test_threshold_is_the_lowest_reaching_the_precision() -> None:
    scored = [(0.2, False), (0.5, False), (0.6, True), (0.7, True), (0.9, True)]
    assert threshold(scored, 0.99) == 0.51
    assert threshold(scored, 0.5) == 0.05


SEED = "un-membership-2021"  # the article the calibrated questions below are about


@pytest.fixture
def one_seed_knowledge(knowledge_copy: Path) -> Path:
    """The copy cut down to the facts of one seed article (20 of 100) and a few out-of-scope
    questions of each kind, still passing `kzun-bot check`: calibration runs the same code on a
    fraction of the examples, in a fraction of the time."""
    files = knowledge_copy.glob("*.yaml")
    documents = {path: yaml.load(path.read_text("utf-8"), YAML_LOADER) for path in files}
    kept = {
        fact["id"]
        for data in documents.values()
        for fact in (data.get("facts") or [] if isinstance(data, dict) else [])
        if {quote["source"] for quote in fact["sources"]} == {SEED}
    }
    for path, data in documents.items():
        if not isinstance(data, dict):
            continue
        if "facts" in data:
            data["facts"] = [fact for fact in data["facts"] or [] if fact["id"] in kept]
            for fact in data["facts"]:
                fact["related"] = [other for other in fact.get("related", []) if other in kept]
        if path.name == "sources.yaml":
            data["sources"] = [source for source in data["sources"] if source["id"] == SEED]
        if path.name == "coverage.yaml":
            data["left_out"] = [item for item in data["left_out"] or [] if item["source"] == SEED]
        for item in data.get("out_of_scope") or []:  # every reason, three questions a language
            item["questions"] = {lang: asked[:3] for lang, asked in item["questions"].items()}
        path.write_text(dump_yaml(data), "utf-8")
    return knowledge_copy


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
