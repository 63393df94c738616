"""The architecture holds: the core packages never import Telegram, config stays a leaf, and
the package stays in small modules under a top level that shows its concerns.

Checked on a fresh interpreter, so an import done by another test cannot hide a violation.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"
MAX_LINES = 400  # a module longer than this does more than one thing: split it along its seams
MAX_TOP_LEVEL = 12  # modules beside the subpackages of `bot/`

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


def test_layers_every_module_is_small() -> None:
    lines = {
        p.relative_to(BOT).as_posix(): len(p.read_bytes().splitlines()) for p in BOT.rglob("*.py")
    }
    assert {name: n for name, n in lines.items() if n > MAX_LINES} == {}


def test_layers_top_level_shows_the_concerns_at_a_glance() -> None:
    modules = sorted(p.name for p in BOT.glob("*.py"))
    packages = sorted(p.name for p in BOT.iterdir() if (p / "__init__.py").is_file())
    assert len(modules) <= MAX_TOP_LEVEL, modules
    assert {"engine", "daily", "telegram", "storage", "ops", "commands"} <= set(packages)
