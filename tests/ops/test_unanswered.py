"""`kzun-bot unanswered`: declined and clarified questions grouped by wording, as text or YAML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.config import Settings
from bot.storage.sqlite import SQLiteDatabase
from bot.storage.stores import QuestionLog

ALMATY = dt.timezone(dt.timedelta(hours=5))

# (local day in March 2025, text, lang, status, candidate, score)
ASKED = [
    (1, "Who is the UN Secretary-General?", "en", "decline", None, 0.0),
    (2, "who is un secretary general now", "en", "decline", None, 0.0),
    (3, "Who's the Secretary General of the UN", "en", "clarify", "un-membership", 0.48),
    (3, "Who is the UN Secretary-General?", "en", "decline", None, 0.0),
    (4, "Кто генеральный секретарь ООН?", "ru", "decline", None, 0.0),
    (5, "кто сейчас генеральный секретарь оон", "ru", "clarify", "un-membership", 0.523),
    (6, "What is the weather in Astana?", "en", "decline", None, 0.0),
    (7, 'He said "hello"\nand: left', "en", "decline", None, 0.0),
    (8, "when did kazakhstan join the un", "en", "answer", "un-membership", 0.97),
]


@pytest.fixture
async def settings(tmp_path: Path) -> Settings:
    """A data folder holding the questions of ASKED, each asked at noon, Almaty time."""
    settings = Settings(data_dir=tmp_path / "data")
    clock_at = [dt.datetime(2025, 3, 1, 12, tzinfo=ALMATY)]
    db = SQLiteDatabase(settings.database_path, clock=lambda: clock_at[0])
    log = QuestionLog(db)
    for day, text, lang, status, candidate, score in ASKED:
        clock_at[0] = dt.datetime(2025, 3, day, 12, tzinfo=ALMATY)
        await log.record(text, lang, status, candidate, score)
    await db.close()
    return settings


def run(settings: Settings, capsys: pytest.CaptureFixture[str], *args: str) -> str:
    code = main(["unanswered", "--data-dir", str(settings.data_dir), *args])
    out = capsys.readouterr().out
    assert code == 0, out
    return out


def test_unanswered_groups_similar_wording_most_asked_first(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(settings, capsys)
    assert out.startswith("8 unanswered question(s) in 4 group(s) of similar wording")
    blocks = out.split("\n\n")[1:]
    assert blocks[0].split()[:2] == ["4", "[en]"]  # the English wordings of one question
    assert "Who is the UN Secretary-General?" in blocks[0]  # asked twice: the representative
    assert "decline 3, clarify 1" in blocks[0]
    assert "nearest fact: un-membership (best score 0.48)" in blocks[0]
    assert '"who is un secretary general now"' in blocks[0]
    assert blocks[1].split()[:2] == ["2", "[ru]"]
    assert "when did kazakhstan join" not in out  # answered questions are not listed


def test_unanswered_since_counts_from_local_midnight(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(settings, capsys, "--since", "2025-03-05")
    assert out.startswith("3 unanswered question(s) since 2025-03-05 in 3 group(s)")
    assert "Secretary-General?" not in out
    assert "кто сейчас генеральный секретарь оон" in out


def test_unanswered_top_limits_the_groups(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(settings, capsys, "--top", "1")
    assert "the 1 most asked" in out
    assert "Кто генеральный" not in out


def test_unanswered_yaml_is_a_draft_of_evaluation_items(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(settings, capsys, "--format", "yaml")
    items = yaml.safe_load(out)
    assert items == [
        {"q": "Who is the UN Secretary-General?", "lang": "en", "expect": []},
        {"q": "Кто генеральный секретарь ООН?", "lang": "ru", "expect": []},
        {"q": 'He said "hello" and: left', "lang": "en", "expect": []},  # equal counts:
        {"q": "What is the weather in Astana?", "lang": "en", "expect": []},  # latest first
    ]
    assert "# 4× (decline 3, clarify 1); nearest fact: un-membership" in out
    assert '# also asked as: "who is un secretary general now"' in out


def test_unanswered_without_a_database_says_so_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = run(Settings(data_dir=tmp_path / "none"), capsys)
    assert out.startswith("No questions recorded yet")
    assert not (tmp_path / "none").exists()
