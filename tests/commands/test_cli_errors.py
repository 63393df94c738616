"""Every mistake a user can make on the command line: one clear line, a non-zero status, and never
a traceback. Each runs the real `kzun-bot` in a child process, as a person would meet it."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config import default_knowledge_dir
from bot.engine.loader import load_knowledge
from tests.conftest import ROOT

pytestmark = pytest.mark.e2e
TOKEN = "123456:TEST-token-never-shown"


def kzun_bot(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def assert_one_clear_line(done: subprocess.CompletedProcess[str], *words: str) -> None:
    """A non-zero status and a single line on stderr that names the problem."""
    assert done.returncode != 0, done
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("kzun-bot"), lines
    assert all(word in lines[0] for word in words), lines
    assert TOKEN not in done.stderr + done.stdout


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on: the Bot API is unreachable there."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    path.write_text("not a folder\n")
    return path


@pytest.fixture
def locked_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may create anything in: read-only, and immutable when we are root (root
    ignores permissions, not the immutable attribute)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    immutable = os.geteuid() == 0
    if immutable:
        chattr = shutil.which("chattr")
        if chattr is None or subprocess.run([chattr, "+i", str(folder)]).returncode != 0:
            pytest.skip("running as root where folders cannot be made immutable")
    yield folder
    if immutable:
        subprocess.run(["chattr", "-i", str(folder)], check=True)
    folder.chmod(0o755)


def test_cli_broadcast_with_the_bot_api_unreachable(closed_port: int, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{closed_port}/bot"
    done = kzun_bot(
        "broadcast", "--api-base-url", url, "--data-dir", str(tmp_path / "state"),
        env={"TELEGRAM_BOT_TOKEN": TOKEN},
    )  # fmt: skip
    assert_one_clear_line(done, url, "did not answer")


def test_cli_broadcast_with_an_unwritable_data_folder(locked_folder: Path) -> None:
    done = kzun_bot(
        "broadcast", "--data-dir", str(locked_folder), env={"TELEGRAM_BOT_TOKEN": TOKEN}
    )
    assert_one_clear_line(done, str(locked_folder), "cannot be written")


def test_cli_broadcast_with_a_state_file_that_is_no_database(tmp_path: Path) -> None:
    (tmp_path / "kzun-bot.sqlite3").write_text("not a database\n")
    done = kzun_bot("broadcast", "--data-dir", str(tmp_path), env={"TELEGRAM_BOT_TOKEN": TOKEN})
    assert_one_clear_line(done, "state file", "not a database")


def test_cli_run_with_a_data_folder_under_a_file(a_file: Path) -> None:
    state = a_file / "state"
    done = kzun_bot("run", "--data-dir", str(state), env={"TELEGRAM_BOT_TOKEN": TOKEN})
    assert_one_clear_line(done, str(state), "Not a directory")


def test_cli_run_with_a_data_folder_in_an_immutable_folder(locked_folder: Path) -> None:
    state = locked_folder / "state"
    done = kzun_bot("run", "--data-dir", str(state), env={"TELEGRAM_BOT_TOKEN": TOKEN})
    assert_one_clear_line(done, str(state), "cannot be written")


def test_cli_piped_into_head_stops_quietly() -> None:
    """`kzun-bot ask --json < questions | head -1`: the reader leaves early; no traceback."""
    questions = "when did kazakhstan join the un\n" * 2000
    child = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "--json"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    child.stdin.write(questions)
    child.stdin.close()
    assert '"status": "answer"' in child.stdout.readline()
    child.stdout.close()  # what `head -1` does after its line
    assert child.wait(timeout=120) != 0
    with child.stderr:
        assert child.stderr.read() == ""  # as `yes | head` says nothing: the reader chose to stop


def test_cli_knowledge_dir_after_the_command_is_accepted() -> None:
    done = kzun_bot("check", "--knowledge-dir", str(ROOT / "knowledge"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("knowledge OK")


@pytest.mark.parametrize("where", ["before", "after"])
def test_cli_knowledge_dir_that_does_not_exist(where: str) -> None:
    option = ["--knowledge-dir", "/nonexistent"]
    done = kzun_bot(*option, "ask", "hi") if where == "before" else kzun_bot("ask", "hi", *option)
    assert_one_clear_line(done, "/nonexistent", "does not exist")


@pytest.mark.parametrize("content", ["", "[]\n", "# only a comment\n"])
def test_cli_eval_on_a_file_without_questions(tmp_path: Path, content: str) -> None:
    empty = tmp_path / "questions.yaml"
    empty.write_text(content)
    done = kzun_bot("eval", str(empty))
    assert_one_clear_line(done, str(empty), "no questions")
    assert "targets" not in done.stdout.lower()


def test_cli_eval_prints_thresholds_as_figures(tmp_path: Path) -> None:
    items = tmp_path / "questions.yaml"
    items.write_text("- {q: when did kazakhstan join the un, expect: ['1992']}\n")
    done = kzun_bot("eval", str(items))
    first = done.stdout.splitlines()[0]
    model = load_knowledge(default_knowledge_dir()).confidence  # the thresholds it chose
    assert model is not None
    limits = f"answer from {model.answer:.2f}, ask back from {model.clarify:.2f}, margin 0.00"
    assert first == f"1 questions; thresholds: {limits}"


@pytest.mark.parametrize("top", ["-1", "0", "many"])
def test_cli_unanswered_top_must_be_above_zero(top: str, tmp_path: Path) -> None:
    done = kzun_bot("unanswered", "--top", top, "--data-dir", str(tmp_path))
    assert_one_clear_line(done, "--top", repr(top), "above 0")


def test_cli_flags_reject_unknown_values() -> None:
    done = kzun_bot("check", env={"KZUN_WATCH": "maybe"})
    assert_one_clear_line(done, "KZUN_WATCH", "'maybe'", "true", "false")


@pytest.mark.parametrize("command", ["today", "broadcast"])
def test_cli_date_says_the_expected_format(command: str) -> None:
    done = kzun_bot(command, "--date", "2025-3-2")
    assert_one_clear_line(done, "'2025-3-2'", "YYYY-MM-DD")


def test_cli_unknown_command_is_one_line() -> None:
    assert_one_clear_line(kzun_bot("serve"), "'serve'", "--help")


def test_cli_one_broken_yaml_file_is_one_problem(knowledge_copy: Path) -> None:
    broken = knowledge_copy / "peacekeeping.yaml"
    lines = broken.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.strip() == "answer:")
    lines[number] += " : : ["  # a syntax error inside the first fact
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = kzun_bot("--knowledge-dir", str(knowledge_copy), "check")
    assert done.returncode == 1
    [problem] = done.stdout.splitlines()  # not followed by "sentence neither quoted" echoes
    assert f"peacekeeping.yaml:{number + 1}: YAML syntax error" in problem
    assert problem.endswith("mapping values are not allowed in this context")
    assert done.stderr.strip() == "1 problem(s) found"
