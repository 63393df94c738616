"""The architecture holds: the core packages never import Telegram, and config stays a leaf.

Checked on a fresh interpreter, so an import done by another test cannot hide a violation.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

CORE = (
    "bot.config",
    "bot.clock",
    "bot.lang",
    "bot.texts",
    "bot.services",
    "bot.chat.replies",
    "bot.chat.session",
    "bot.engine.generation",
    "bot.engine.render",
    "bot.engine.validation",
    "bot.daily.anniversaries",
    "bot.daily.subscriptions",
    "bot.daily.deliveries",
    "bot.daily.pacing",
    "bot.storage.database",
    "bot.storage.stores",
    "bot.commands.console",
    "bot.commands.evaluation",
)

PROBE = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("telegram", "bot"))))
"""


def imported_by(module: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, module], capture_output=True, text=True, check=True
    )
    found: list[str] = json.loads(done.stdout)
    return found


@pytest.mark.e2e
@pytest.mark.parametrize("module", CORE)
def test_layers_core_module_never_imports_telegram(module: str) -> None:
    assert not [m for m in imported_by(module) if m.split(".")[0] == "telegram"]


@pytest.mark.e2e
def test_layers_config_is_a_leaf() -> None:
    allowed = {"bot", "bot.config", "bot.clock"}
    assert set(imported_by("bot.config")) <= allowed
