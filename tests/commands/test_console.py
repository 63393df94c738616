"""`kzun-bot ask` and `kzun-bot shell`: the bot's replies without Telegram."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import pty
import re
import select
import signal
import sys
import termios
import time
from html import unescape
from pathlib import Path

import pytest

from bot.chat.replies import RELATED_CHOICES
from bot.chat.session import Session
from bot.cli import main
from bot.clock import local_now
from bot.config import Settings
from bot.daily.anniversaries import today_reply
from bot.engine.generation import Knowledge
from bot.texts import text
from tests.conftest import ROOT
from tests.fakes.chat import Conversation

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
    questions = [
        "when did kazakhstan join the un",
        "",
        "who was the UN's top person in kz speaking at the 30-years-of-UN event with umarov?",
        "what is the gdp of kazakhstan",
    ]
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
            "url": "https://www.inform.kz/en/29-years-ago-kazakhstan-became-a-member-of-the-united-nations_a3759372",
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
    typed = "/lang ru\n🙂\nwhen was the un founded\n/quit\nnever read\n"
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    assert main(["shell"]) == 0
    out = capsys.readouterr().out
    assert "1945" in out and "К сожалению" in out and "never read" not in out


def test_shell_ends_quietly_at_end_of_input(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        "sys.stdin",
        io.StringIO(
            "who was the UN's top person in kz speaking at the 30-years-of-UN event with umarov?"
        ),
    )
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


def test_ask_and_ask_json_answer_every_part_of_a_question_asking_two_things(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    question = "When was the ILO founded, and where is its headquarters?"
    assert main(["ask", question]) == 0
    out = capsys.readouterr().out
    assert "1919" in out and "Geneva" in out
    monkeypatch.setattr("sys.stdin", io.StringIO(question + "\n"))
    assert main(["ask", "--json"]) == 0
    [row] = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert row["status"] == "answer" and row["fact"] == "ilo-founded"
    assert "1919" in row["text"] and "Geneva" in row["text"]
    assert any("Geneva" in quote for quote in row["quotes"])


class Typist(io.StringIO):
    """Standard input typed line by line, noting what the shell printed before each read, so
    each line's reply can be told apart."""

    def __init__(self, lines: list[str], capsys: pytest.CaptureFixture[str]) -> None:
        super().__init__("\n".join(lines) + "\n")
        self.capsys = capsys
        self.printed: list[str] = []

    def readline(self, size: int = -1, /) -> str:
        self.printed.append(self.capsys.readouterr().out)
        return super().readline(size)


def shell_session(
    lines: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """Type `lines` into `kzun-bot shell`: the reply to each line, in order."""
    typist = Typist(lines, capsys)
    monkeypatch.setattr("sys.stdin", typist)
    assert main(["shell"]) == 0
    typist.printed.append(capsys.readouterr().out)
    before_first_line, *replies = typist.printed
    assert before_first_line == ""  # not a terminal: no greeting, nothing to clean up
    return replies[: len(lines)]  # the end of input says nothing


def numbered(reply: str) -> list[str]:
    """The choices a console reply offers, by number."""
    return re.findall(r"^  \d+\. (.+)$", reply, flags=re.MULTILINE)


def test_shell_offers_what_the_telegram_bot_offers(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, knowledge: Knowledge
) -> None:
    kb = knowledge.kb
    topics = [t for t in kb.topics.values() if kb.facts_in_topic(t.id)]
    browsed = kb.facts_in_topic(topics[0].id)[0]
    back = min(len(browsed.related), RELATED_CHOICES) + 1  # related facts, then its topic
    joined = kb.fact("un-membership")
    unsure = knowledge.matcher.match(
        "who was the UN's top person in kz speaking at the 30-years-of-UN event with umarov?", "en"
    )
    assert joined is not None and unsure.status == "clarify"
    script = [
        "",  # 0: empty lines do nothing
        "   ",
        "/help",  # 2
        # 3: "did you mean"
        "who was the UN's top person in kz speaking at the 30-years-of-UN event with umarov?",
        "1",  # 4: picks the first candidate
        "9",  # 5: no such choice
        "/topics",  # 6
        "1",  # 7: the first topic
        "1",  # 8: its first fact
        "/quote",  # 9: the article's own words behind it
        str(back),  # 10: back to the topic
        "/sources",  # 11
        "/today",
        "/lang",  # 13
        "2",  # 14: Russian
        "🙂",  # 15: a question without a language gets the chosen one
        "when did kazakhstan join the un",  # 16: an English question gets English
        "1",  # 17: the first related fact
        "/lang kk",  # 18
        "/start",
        "1",  # 20: the first example question
        "/about",
        "/weather",  # 22
        "/quit",
        "never read",
    ]
    replies = shell_session(script, capsys, monkeypatch)
    assert len(replies) == len(script) - 1  # nothing is read after /quit
    assert replies[0] == replies[1] == ""
    assert replies[2].startswith(text("shell_help", "en"))
    for command in ("/topics", "/today", "/sources", "/lang", "/about", "/quote", "/quit"):
        assert f"\n{command}: " in replies[2]
    assert replies[3].startswith(text("clarify", "en"))
    assert len(numbered(replies[3])) == len(unsure.facts)
    assert replies[4].startswith(unsure.facts[0].answer["en"])
    assert replies[5].strip() == text("shell_no_such_choice", "en", number=9)
    assert numbered(replies[6]) == [topic.title["en"] for topic in topics]
    assert numbered(replies[7])[-1] == text("all_topics", "en")
    assert replies[8].startswith(browsed.answer["en"])
    assert numbered(replies[8])[-1] == f"« {topics[0].title['en']}"
    assert all(f"“{quote.text}”" in replies[9] for quote in browsed.quotes)
    assert replies[10] == replies[7]
    assert all(source.url in replies[11] for source in kb.sources.values() if source.url)
    day = local_now(dt.datetime.now(dt.UTC), Settings().timezone).date()
    assert replies[12].strip() == today_reply(kb, day, "en", "text")
    assert numbered(replies[13]) == ["English", "Русский", "Қазақша"]
    assert replies[14].strip() == text("lang_set", "ru")
    assert replies[15].strip() == text("decline", "ru")
    assert "2 March 1992" in replies[16]
    assert len(numbered(replies[16])) == min(len(joined.related), RELATED_CHOICES)
    related = kb.fact(joined.related[0])
    assert related is not None and replies[17].startswith(related.answer["en"])
    assert replies[18].strip() == text("lang_set", "kk")
    assert numbered(replies[19]) == text("examples", "kk").splitlines()
    assert "1992 жылғы 2 наурызда" in replies[20]
    assert replies[21].startswith("Қазақстан және БҰҰ")  # /about, without the HTML tags
    assert replies[22].strip() == text("unknown_command", "kk")
    assert not re.search(r"</?[a-z]+>", "".join(replies))  # no Telegram markup in a terminal


def test_shell_reads_a_follow_up_with_the_last_answer(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, knowledge: Knowledge
) -> None:
    """Conversation context, as in a Telegram chat: "it" is what the last answer was about."""
    founded = knowledge.kb.fact("ilo-founded")
    assert founded is not None
    heads, follow_up = shell_session(
        ["who heads the ILO?", "when was it founded?"], capsys, monkeypatch
    )
    assert "Houngbo" in heads
    assert follow_up.startswith(founded.answer["en"])
    [alone] = shell_session(["when was it founded?"], capsys, monkeypatch)
    assert not alone.startswith(founded.answer["en"])  # without the conversation: not the ILO


def test_shell_takes_a_number_before_any_list_as_a_question(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    [reply] = shell_session(["1992"], capsys, monkeypatch)
    assert reply.startswith(text("in_year", "en", year=1992))


def in_terminal(keys: bytes) -> tuple[int, str]:
    """`kzun-bot shell` on a pseudo-terminal: wait for its prompt, press `keys`, read to the end.
    The exit status and everything the terminal showed."""
    pid, terminal = pty.fork()
    if pid == 0:  # the child: its terminal is the pty, as a person's shell would give it
        os.chdir(ROOT)
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # as in a terminal, even if ours ignores it
        os.execv(sys.executable, [sys.executable, "-m", "bot", "shell"])
    shown = b""
    pressed_at = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = time.monotonic()
        first = pressed_at is None and shown.endswith(b"> ") and _waits_for_a_key(pid, terminal)
        # Pressed again if unnoticed, as a person would: CPython's readline raises
        # KeyboardInterrupt only when its select() is interrupted, so a Ctrl-C that lands just
        # before that select() waits for the next key.
        again = pressed_at is not None and now - pressed_at > 3
        if first or again:
            os.write(terminal, keys)
            pressed_at = now
        ready, _, _ = select.select([terminal], [], [], 0.05)
        if not ready:
            continue
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # EIO: the child has closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(terminal)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), shown.decode()


def _waits_for_a_key(pid: int, terminal: int) -> bool:
    """Whether the shell now waits for a key, as when a person presses one: readline has taken
    the terminal out of line mode, and the process sleeps in select()."""
    if termios.tcgetattr(terminal)[3] & termios.ICANON:
        return False
    try:
        waiting_in = Path(f"/proc/{pid}/wchan").read_text()
    except OSError:  # no /proc: the terminal mode is all there is to go by
        return True
    return waiting_in in ("", "0") or "poll" in waiting_in or "select" in waiting_in


@pytest.mark.e2e
@pytest.mark.parametrize("keys", [b"\x04", b"\x03"], ids=["ctrl-d", "ctrl-c"])
def test_shell_leaves_on_ctrl_d_and_ctrl_c_on_a_new_line(keys: bytes) -> None:
    status, shown = in_terminal(keys)
    assert status == 0, shown
    assert text("greeting", "en").split("\n")[0] in shown  # a newcomer is greeted first
    assert "Traceback" not in shown and "KeyboardInterrupt" not in shown
    assert re.search(r"> (\^[CD])?\r?\n$", shown), shown[-200:]  # the prompt's line is ended


@pytest.mark.parametrize(
    "steps",
    [
        ["When did Kazakhstan join the UN?"],  # related facts
        [
            "who was the UN's top person in kz speaking at the 30-years-of-UN event with umarov?"
        ],  # "did you mean"
        ["/topics", 2],  # a topic's facts, then one of them
        ["/start", 1],  # the example questions, then the second one asked
        ["/lang"],
    ],
)
async def test_console_and_telegram_offer_the_same_choices(
    tg: Conversation, knowledge: Knowledge, steps: list[str | int]
) -> None:
    """One code path: each step's choices are Telegram's buttons, in order, with the same labels,
    the same first line, and picking a number in the console does what pressing that button
    does."""
    session = Session(knowledge, None, lambda: dt.date(2025, 3, 2))
    buttons: list[tuple[str, str]] = []
    for step in steps:
        if isinstance(step, str):
            [sent] = await tg.send(step)
            console = session.respond(step)
        else:
            *_, sent = await tg.press(buttons[step][1])
            console = session.respond(str(step + 1))
        assert console is not None
        buttons = sent.buttons
        assert [label for label, _ in buttons] == [choice.label for choice in console.choices]
        shown = unescape(re.sub(r"<[^>]+>", "", sent.text))  # what Telegram shows
        assert shown.splitlines()[0] == console.text.splitlines()[0]
