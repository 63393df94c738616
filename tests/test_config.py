"""Settings: a value the bot cannot use stops every command with a message naming the setting."""

from __future__ import annotations

import pytest

from bot.cli import main
from bot.config import Settings


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("KZUN_TIMEZONE", "Mars/Olympus_Mons"),
        ("KZUN_LOG_LEVEL", "LOUD"),
        ("KZUN_SEND_RATE", "0"),  # would switch broadcast pacing off
        ("KZUN_SEND_RATE", "-5"),
        ("KZUN_SEND_RATE", "inf"),
        ("KZUN_SEND_RATE", "nan"),
        ("KZUN_SEND_RATE", "fast"),
        ("KZUN_ANSWER_THRESHOLD", "1.5"),  # scores are 0..1: nothing would ever be answered
        ("KZUN_CLARIFY_THRESHOLD", "0"),
        ("KZUN_DELIVERY", "exactly-once"),  # impossible with sendMessage: no idempotency key
        ("KZUN_WATCH", "maybe"),  # was silently off
        ("KZUN_WEBHOOK_URL", "http://bot.example.org/telegram"),  # Telegram wants HTTPS
        ("KZUN_WEBHOOK_URL", "bot.example.org/telegram"),
        ("TELEGRAM_API_BASE_URL", "ftp://api.telegram.org/bot"),  # was retried for ever
        ("TELEGRAM_API_BASE_URL", "api.telegram.org/bot"),
    ],
)
def test_config_rejects_a_value_it_cannot_use_before_running_anything(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    assert main(["today", "--date", "2025-03-02"]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"kzun-bot: {variable}={value!r} is not valid")


@pytest.mark.parametrize(
    ("option", "value", "variable"),
    [
        ("--webhook-url", "http://bot.example.org/telegram", "KZUN_WEBHOOK_URL"),
        ("--api-base-url", "localhost:8081/bot", "TELEGRAM_API_BASE_URL"),
    ],
)
def test_config_checks_addresses_given_on_the_command_line_too(
    capsys: pytest.CaptureFixture[str], option: str, value: str, variable: str
) -> None:
    assert main(["run", option, value]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"kzun-bot: {variable}={value!r} is not valid")
    assert error.count("\n") == 1 and "Traceback" not in error


def test_config_takes_a_positive_send_rate() -> None:
    assert Settings.load({"KZUN_SEND_RATE": "0.5"}).send_rate == 0.5


def test_config_delivery_mode_defaults_to_at_most_once() -> None:
    assert Settings.load({}).delivery == "at-most-once"
    assert Settings.load({"KZUN_DELIVERY": " At-Least-Once "}).delivery == "at-least-once"


def test_config_thresholds_reach_the_answer_engine(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    question = "un building"  # answered, though not with certainty
    assert main(["ask", question]) == 0
    assert "Almaty" in capsys.readouterr().out
    monkeypatch.setenv("KZUN_ANSWER_THRESHOLD", "1")  # nothing is ever that sure
    monkeypatch.setenv("KZUN_CLARIFY_THRESHOLD", "0.99")
    assert main(["ask", question]) == 0
    assert "Almaty" not in capsys.readouterr().out


def test_config_refuses_a_clarify_threshold_above_the_answer_threshold(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KZUN_ANSWER_THRESHOLD", "0.3")
    monkeypatch.setenv("KZUN_CLARIFY_THRESHOLD", "0.5")
    assert main(["check"]) == 2
    assert "must not be above" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("value", "on"), [("1", True), ("Yes", True), ("off", False), ("0", False)]
)
def test_config_flags_take_on_and_off_words(value: str, on: bool) -> None:
    assert Settings.load({"KZUN_WATCH": value}).watch is on
