"""Settings: a value the bot cannot use stops every command with a message naming the setting."""

from __future__ import annotations

import pytest

from bot.cli import main


@pytest.mark.parametrize(
    ("variable", "value"),
    [("KZUN_TIMEZONE", "Mars/Olympus_Mons"), ("KZUN_LOG_LEVEL", "LOUD")],
)
def test_config_rejects_a_value_it_cannot_use_before_running_anything(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    assert main(["today", "--date", "2025-03-02"]) == 2
    error = capsys.readouterr().err
    assert error.startswith(f"kzun-bot: {variable}={value!r} is not valid")
