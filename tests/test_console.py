"""`kzun-bot ask` and `kzun-bot shell`: the bot's replies without Telegram."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli import main

JSON_KEYS = [
    "question", "status", "fact", "lang", "text", "score", "suggestions", "sources", "quotes"
]  # fmt: skip


def test_ask_prints_the_plain_text_reply_with_its_source(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "when did kazakhstan join the un"]) == 0
    out = capsys.readouterr().out
    assert "1992" in out and "Source: Kazinform, 2 March 2021," in out and "https://" in out
    assert "<" not in out


def test_ask_replies_in_the_preferred_language_when_the_question_has_none(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "🙂", "--lang", "kk"]) == 0
    assert "/topics" in capsys.readouterr().out


def test_ask_json_reads_stdin_and_prints_one_object_per_line_in_order(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = ["when did kazakhstan join the un", "", "kz un", "what is the gdp of kazakhstan"]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(questions) + "\n"))
    assert main(["ask", "--json"]) == 0
    replies = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["question"] for r in replies] == questions
    assert all(list(r) == JSON_KEYS for r in replies)
    answer, empty, unsure, refused = replies
    assert answer["status"] == "answer" and answer["fact"] == "un-membership"
    assert answer["lang"] == "en" and "1992" in answer["text"] and answer["suggestions"] == []
    assert answer["sources"] == [
        {
            "id": "un-membership-2021",
            "title": "29 years ago Kazakhstan became a member of the United Nations",
            "url": "https://www.inform.kz/en/29-years-ago-kazakhstan-became-a-member-of-the-united-nations_a3759372/amp",
        }
    ]
    assert isinstance(answer["score"], float) and 0 < answer["score"] <= 1
    assert (empty["status"], empty["fact"], empty["sources"]) == ("decline", None, [])
    assert unsure["status"] == "clarify" and unsure["fact"] is None
    assert 1 <= len(unsure["suggestions"]) <= 3 and unsure["sources"] == []
    assert refused["status"] != "answer"


def test_ask_json_with_a_question_argument_prints_one_object(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "--json", "что было 29 мая"]) == 0
    reply = json.loads(capsys.readouterr().out)
    assert (reply["status"], reply["lang"], reply["fact"]) == ("answer", "ru", "peacekeepers-day")


def test_ask_without_a_question_or_json_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask"]) == 2
    assert "--json" in capsys.readouterr().err


def test_ask_reports_broken_knowledge_instead_of_crashing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["--knowledge-dir", str(tmp_path), "ask", "hello"]) == 1
    assert "the knowledge has problems" in capsys.readouterr().err


def test_shell_chats_switches_language_and_quits(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    typed = "when was the un founded\n/lang ru\n🙂\n/quit\nnever read\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    assert main(["shell"]) == 0
    out = capsys.readouterr().out
    assert "1945" in out and "К сожалению" in out and "never read" not in out


def test_shell_ends_quietly_at_end_of_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("kz un"))
    assert main(["shell", "--lang", "en"]) == 0
    assert "Did you mean" in capsys.readouterr().out


def test_ask_json_shares_context_within_a_chat_only_and_shows_quotes(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        json.dumps({"chat": "a", "text": "who heads the ILO?"}),
        json.dumps({"chat": "a", "text": "when was it founded?"}),
        json.dumps({"chat": "b", "text": "when was it founded?"}),
        "when was it founded?",
        '{"chat": "a", "text": 5}',
    ]
    monkeypatch.setattr("sys.stdin", io.StringIO("\n".join(lines) + "\n"))
    assert main(["ask", "--json"]) == 0
    heads, follow, other_chat, plain, malformed = (
        json.loads(line) for line in capsys.readouterr().out.splitlines()
    )
    assert heads["fact"] == "houngbo" and follow["fact"] == "ilo-founded"
    assert follow["question"] == "when was it founded?"
    assert other_chat["fact"] != "ilo-founded" and plain["fact"] != "ilo-founded"
    assert malformed["question"] == '{"chat": "a", "text": 5}'
    seeds = " ".join(p.read_text(encoding="utf-8") for p in Path("seeds").glob("*.txt"))
    assert follow["quotes"] and all(q in seeds for q in follow["quotes"])
    assert other_chat["quotes"] == [] or other_chat["status"] == "answer"
