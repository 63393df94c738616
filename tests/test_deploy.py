"""The deploy files and the settings documentation agree with the code.

Every setting the code reads is in `deploy/.env.example` and in the README's settings table, with
the same default, and nothing else is; the Dockerfile, compose file, Caddyfile and systemd unit
run the right command with the right paths.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from bot.cli import main
from bot.config import SETTINGS, Setting, Settings
from bot.ops.health import health_url
from bot.telegram.runner import STOP_BUDGET

REPO = Path(__file__).resolve().parent.parent
DEPLOY = REPO / "deploy"
BY_ENV = {setting.env: setting for setting in SETTINGS}
_NAME = re.compile(r"\b(?:KZUN|TELEGRAM)_[A-Z0-9_]+\b")
# Settings whose default is worked out at run time rather than written down.
COMPUTED_DEFAULTS = {"knowledge_dir", "cache_dir"}


def default_of(setting: Setting) -> object:
    return getattr(Settings(), setting.field)


def assert_documented_default(setting: Setting, shown: str) -> None:
    """`shown` is the default the documentation gives: it must parse to the real default."""
    default = default_of(setting)
    if shown:
        assert setting.parse(shown) == default, f"{setting.env}: documented default {shown!r}"
    else:
        assert setting.field in COMPUTED_DEFAULTS or not default, f"{setting.env}: no default"


# --- settings ---------------------------------------------------------------------------------


def test_deploy_code_reads_no_setting_outside_the_settings_table() -> None:
    read = {
        name
        for path in (REPO / "bot").rglob("*.py")
        for name in _NAME.findall(path.read_text(encoding="utf-8"))
    }
    assert read <= set(BY_ENV), (
        f"read from the environment but not in SETTINGS: {read - set(BY_ENV)}"
    )


def env_example() -> dict[str, tuple[str, bool]]:
    """Setting name -> (value shown, whether the line is active rather than commented out)."""
    found = {}
    for line in (DEPLOY / ".env.example").read_text(encoding="utf-8").splitlines():
        match = re.fullmatch(r"(#?)((?:KZUN|TELEGRAM)_[A-Z0-9_]+)=(.*)", line.strip())
        if match:
            assert match[2] not in found, f"{match[2]} twice in .env.example"
            found[match[2]] = (match[3], not match[1])
    return found


def test_deploy_env_example_lists_every_setting_with_its_default() -> None:
    listed = env_example()
    assert set(listed) == set(BY_ENV)
    for name, (shown, _) in listed.items():
        assert_documented_default(BY_ENV[name], shown)


def test_deploy_env_example_sets_nothing_that_has_a_default() -> None:
    """An active line would override the image's own paths (KZUN_DATA_DIR=/data, ...)."""
    active = {name: shown for name, (shown, on) in env_example().items() if on}
    assert active, "the token line should be active, ready to fill in"
    for name, shown in active.items():
        assert shown == "" and not default_of(BY_ENV[name]), name


def readme_settings() -> dict[str, list[str]]:
    """README rows `| `NAME` | flag | default | meaning |`, by setting name."""
    rows = {}
    for line in (REPO / "README.md").read_text(encoding="utf-8").splitlines():
        if re.match(r"\|\s*`(?:KZUN|TELEGRAM)_", line):
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            name = cells[0].strip("`")
            assert name not in rows, f"{name} twice in the README table"
            rows[name] = cells
    return rows


def cli_flags(capsys: pytest.CaptureFixture[str]) -> set[str]:
    """Every option `kzun-bot` and `kzun-bot run` accept."""
    flags: set[str] = set()
    for argv in (["--help"], ["run", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        flags |= set(re.findall(r"--[a-z][a-z-]+", capsys.readouterr().out))
    return flags


def test_deploy_readme_table_lists_every_setting_flag_and_default(
    capsys: pytest.CaptureFixture[str],
) -> None:
    rows = readme_settings()
    assert set(rows) == set(BY_ENV), "README settings table differs from SETTINGS"
    flags = cli_flags(capsys)
    for name, (_, flag, default, meaning) in rows.items():
        setting = BY_ENV[name]
        own_flag = "--" + setting.field.replace("_", "-")
        assert flag == (f"`{own_flag}`" if own_flag in flags else "—"), name
        shown = re.match(r"`([^`]*)`", default)
        assert_documented_default(setting, shown[1] if shown else "")
        assert meaning, name


# --- Dockerfile -------------------------------------------------------------------------------


def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n\s*", " ", "\n".join(lines))
    return [
        (parts[0].upper(), parts[1] if len(parts) > 1 else "")
        for parts in (line.strip().split(None, 1) for line in joined.splitlines() if line.strip())
    ]


def instructions(name: str) -> list[str]:
    return [args for instruction, args in dockerfile() if instruction == name]


def docker_env() -> dict[str, str]:
    return dict(pair.split("=", 1) for args in instructions("ENV") for pair in shlex.split(args))


def test_dockerfile_builds_a_slim_image_with_the_package_and_its_knowledge() -> None:
    [base] = instructions("FROM")
    assert re.fullmatch(r"python:3\.1[1-9]-slim(-\w+)?", base)
    copied = [args.split()[:-1] for args in instructions("COPY")]
    sources = {source.rstrip("/") for group in copied for source in group}
    assert {"bot", "knowledge", "seeds", "pyproject.toml"} <= sources
    for source in sources:
        assert (REPO / source).exists(), source
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
    assert all(f"!{source}/" in ignore or f"!{source}" in ignore for source in sources)
    runs = instructions("RUN")
    assert any(re.search(r"\bpip install \.(\s|$)", run) for run in runs)
    assert any("kzun-bot --knowledge-dir /app/knowledge check" in run for run in runs)
    assert docker_env()["KZUN_KNOWLEDGE_DIR"] == "/app/knowledge"


def test_dockerfile_runs_kzun_bot_as_a_user_with_data_in_a_volume() -> None:
    env = docker_env()
    assert set(env) - {"PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"} - {
        name for name in env if name.startswith("PIP_")
    } <= set(BY_ENV)
    assert instructions("VOLUME") == [f'["{env["KZUN_DATA_DIR"]}"]']
    [user] = instructions("USER")
    assert user not in ("root", "0")
    steps = [instruction for instruction, _ in dockerfile()]
    assert steps.index("USER") > max(i for i, step in enumerate(steps) if step == "RUN")
    assert instructions("ENTRYPOINT") == ['["kzun-bot"]']
    assert instructions("CMD") == ['["run"]']


def test_dockerfile_healthcheck_probes_an_exposed_port_in_both_modes() -> None:
    [healthcheck] = instructions("HEALTHCHECK")
    assert healthcheck.endswith('CMD ["python", "-m", "bot.commands.health"]')
    exposed = {int(port) for args in instructions("EXPOSE") for port in args.split()}
    env = docker_env()
    polling = Settings.load(env)
    webhook = Settings.load(env | {"KZUN_WEBHOOK_URL": "https://bot.example.org/telegram"})
    for settings in (polling, webhook):
        url = health_url(settings)
        assert url is not None
        assert urlparse(url).port in exposed


# --- docker compose and Caddy -------------------------------------------------------------------


def compose(uncomment_caddy: bool = False) -> dict[str, object]:
    """The compose file, optionally with its documented caddy service switched on."""
    text = (DEPLOY / "docker-compose.yml").read_text(encoding="utf-8")
    if uncomment_caddy:
        start, end = text.index("  # caddy:"), text.index("\nvolumes:")
        block = re.sub(r"(?m)^  # ?", "  ", text[start:end])
        text = text[:start] + block + text[end:].replace("  # caddy-data:", "  caddy-data:")
    loaded = yaml.safe_load(text)
    assert isinstance(loaded, dict)
    return loaded


def test_compose_runs_the_image_with_a_persistent_volume_polling_by_default() -> None:
    config = compose()
    bot = config["services"]["bot"]  # type: ignore[index]
    assert (DEPLOY / bot["build"]["context"] / bot["build"]["dockerfile"]).resolve() == (
        DEPLOY / "Dockerfile"
    ).resolve()
    volume, _, target = bot["volumes"][0].partition(":")
    assert target == docker_env()["KZUN_DATA_DIR"]
    assert volume in config["volumes"]  # type: ignore[operator]
    assert bot["env_file"] == ".env"
    assert "ports" not in bot, "polling needs no published port"
    assert set(config["services"]) == {"bot"}  # type: ignore[arg-type]


def test_compose_documents_webhook_mode_behind_caddy() -> None:
    config = compose(uncomment_caddy=True)
    caddy = config["services"]["caddy"]  # type: ignore[index]
    assert "443:443" in caddy["ports"]
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in caddy["volumes"]
    assert "caddy-data" in config["volumes"]  # type: ignore[operator]
    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    [path] = re.findall(r"handle (/\S+) \{", caddyfile)
    assert f"reverse_proxy bot:{Settings().port}" in caddyfile
    text = (DEPLOY / "docker-compose.yml").read_text(encoding="utf-8")
    [example_url] = re.findall(r"KZUN_WEBHOOK_URL=(\S+)", text)
    assert urlparse(example_url).path == path


def seconds(value: str) -> float:
    """A duration as compose ("30s", "1m30s") and systemd ("30s", "30") write it."""
    units = {"": 1, "s": 1, "m": 60, "min": 60, "h": 3600}
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*(min|[smh]?)", value.strip())
    assert parts, f"not a duration: {value!r}"
    return sum(float(number) * units[unit] for number, unit in parts)


def test_deploy_grace_periods_leave_the_bot_time_to_finish_what_it_confirmed() -> None:
    """SIGTERM, then SIGKILL after the grace period: the bot finishes its confirmed updates
    within STOP_BUDGET and needs a few seconds more to close; both deploys say so explicitly."""
    bot = compose()["services"]["bot"]  # type: ignore[index]
    service = dict(unit()["Service"])
    for where, grace in (
        ("compose stop_grace_period", bot["stop_grace_period"]),
        ("systemd TimeoutStopSec", service["TimeoutStopSec"]),
    ):
        assert seconds(grace) >= STOP_BUDGET + 5, f"{where} {grace} leaves no time to close"


# --- systemd ------------------------------------------------------------------------------------


def unit() -> dict[str, list[tuple[str, str]]]:
    sections: dict[str, list[tuple[str, str]]] = {}
    current = ""
    for line in (DEPLOY / "kzun-bot.service").read_text(encoding="utf-8").splitlines():
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections[current] = []
        elif line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            sections[current].append((key, value))
    return sections


def test_systemd_unit_runs_kzun_bot_hardened_with_its_state_directory() -> None:
    service = unit()["Service"]
    options = dict(service)
    assert options["ExecStart"].endswith("/bin/kzun-bot run")
    assert options["DynamicUser"] == "yes"
    assert options["Restart"] == "on-failure"
    assert options["ExecReload"] == "/bin/kill -HUP $MAINPID"
    for hardening in ("NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes"):
        assert tuple(hardening.split("=")) in service
    env = dict(value.split("=", 1) for key, value in service if key == "Environment")
    assert set(env) <= set(BY_ENV)
    assert env["KZUN_DATA_DIR"] == "%S/" + options["StateDirectory"]
    assert unit()["Install"] == [("WantedBy", "multi-user.target")]


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="needs systemd-analyze")
def test_systemd_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    # verify also checks that ExecStart exists, which it does only once installed in /opt
    text = (DEPLOY / "kzun-bot.service").read_text(encoding="utf-8")
    installed = tmp_path / "kzun-bot.service"
    installed.write_text(
        re.sub(r"(?m)^ExecStart=\S+", f"ExecStart={shutil.which('true')}", text), encoding="utf-8"
    )
    result = subprocess.run(
        ["systemd-analyze", "verify", str(installed)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
