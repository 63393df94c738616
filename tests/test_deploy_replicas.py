"""The several-replicas deployment: PostgreSQL, three bot replicas, Caddy balancing them."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

import yaml

from bot.config import Settings
from tests.test_deploy import DEPLOY, REPO

COMPOSE = DEPLOY / "docker-compose.replicas.yml"
CADDYFILE = DEPLOY / "Caddyfile.replicas"


def replicas_compose() -> dict[str, Any]:
    loaded = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def bots(config: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {name: s for name, s in config["services"].items() if name.startswith("bot")}


def test_replicas_compose_has_postgres_with_a_volume_and_a_health_check() -> None:
    config = replicas_compose()
    postgres = config["services"]["postgres"]
    assert postgres["image"].startswith("postgres:")
    volume, _, target = postgres["volumes"][0].partition(":")
    assert volume in config["volumes"] and target == "/var/lib/postgresql/data"
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])


def test_replicas_compose_runs_three_replicas_of_the_image_on_that_database() -> None:
    config = replicas_compose()
    replicas = bots(config)
    assert len(replicas) == 3
    postgres = config["services"]["postgres"]["environment"]
    for replica in replicas.values():
        build = replica["build"]
        assert (DEPLOY / build["context"] / build["dockerfile"]).resolve() == (
            DEPLOY / "Dockerfile"
        ).resolve()
        assert replica["depends_on"]["postgres"]["condition"] == "service_healthy"
        given = replica["environment"]["KZUN_DATABASE_URL"]
        url = urlparse(re.sub(r"\$\{[^}]*\}", "password", given))  # as compose fills it in
        assert url.scheme == "postgresql" and url.hostname == "postgres"
        assert url.username == postgres["POSTGRES_USER"]
        assert url.path == "/" + postgres["POSTGRES_DB"]
        assert "ports" not in replica, "only Caddy is reachable from outside"
        assert replica["stop_grace_period"]
    # A random per-start secret would differ per replica: the compose file asks for one.
    assert "KZUN_WEBHOOK_SECRET=" in COMPOSE.read_text(encoding="utf-8")


def test_replicas_caddy_balances_each_request_over_healthy_replicas() -> None:
    config = replicas_compose()
    caddy = config["services"]["caddy"]
    assert "443:443" in caddy["ports"]
    assert f"./{CADDYFILE.name}:/etc/caddy/Caddyfile:ro" in caddy["volumes"]
    assert set(caddy["depends_on"]) == set(bots(config))
    caddyfile = CADDYFILE.read_text(encoding="utf-8")
    [upstreams] = re.findall(r"reverse_proxy ([^{]+)\{", caddyfile)
    port = Settings().port
    assert set(upstreams.split()) == {f"{name}:{port}" for name in bots(config)}
    assert re.search(r"health_uri /healthz\b", caddyfile)
    assert re.search(r"lb_policy round_robin\b", caddyfile)
    [path] = re.findall(r"handle (/\S+) \{", caddyfile)
    [example_url] = re.findall(r"KZUN_WEBHOOK_URL=(\S+)", COMPOSE.read_text(encoding="utf-8"))
    assert urlparse(example_url).path == path


def test_readme_explains_replicas_and_moving_from_sqlite() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Several replicas") :]
    assert COMPOSE.name in section
    assert "kzun-bot db copy" in section
