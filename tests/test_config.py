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
    ],
)
def test_config_rejects_a_value_it_cannot_use_before_running_anything(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    assert main(["today", "--date", "2025-03-02"]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"kzun-bot: {variable}={value!r} is not valid")


def test_config_takes_a_positive_send_rate() -> None:
    assert Settings.load({"KZUN_SEND_RATE": "0.5"}).send_rate == 0.5
