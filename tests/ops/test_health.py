"""/healthz and /metrics served on their own port, and the probe Docker's HEALTHCHECK runs."""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp.test_utils import unused_port

from bot import __version__
from bot.commands.health import probe
from bot.config import Settings
from bot.ops.health import health, health_app, health_url
from bot.services import Services
from bot.telegram.web import start_server


@pytest.fixture
def polling(settings: Settings) -> Settings:
    return dataclasses.replace(settings, listen="0.0.0.0", metrics_port=unused_port())


@pytest.fixture
async def serving(polling: Settings, services: Services) -> AsyncIterator[list[bool]]:
    """The two routes on the metrics port; set `running[0]` to say whether the bot is up."""
    running = [True]
    runner = await start_server(
        health_app(services, lambda: running[0]), "127.0.0.1", polling.metrics_port or 0
    )
    yield running
    await runner.cleanup()


async def test_health_is_ok_with_the_knowledge_counts_while_running(services: Services) -> None:
    status, body = await health(services, running=True)
    assert status == 200
    assert body["status"] == "ok"
    assert body["facts"] == len(services.knowledge.kb.facts)


async def test_health_is_503_when_not_running_or_the_database_is_gone(
    services: Services,
) -> None:
    assert await health(services, running=False) == (
        503,
        {"version": __version__, "status": "not running"},
    )
    await services.db.close()
    status, body = await health(services, running=True)
    assert status == 503 and str(body["status"]).startswith("database: ")


@pytest.mark.parametrize(
    ("changes", "url"),
    [
        ({"metrics_port": 9090}, "http://127.0.0.1:9090/healthz"),
        ({"metrics_port": None}, None),
        ({"webhook_url": "https://bot.example.org/telegram"}, "http://127.0.0.1:8080/healthz"),
        ({"metrics_port": 9090, "listen": "10.0.0.5"}, "http://10.0.0.5:9090/healthz"),
    ],
)
def test_health_url_follows_the_mode(changes: dict[str, object], url: str | None) -> None:
    assert health_url(dataclasses.replace(Settings(), **changes)) == url


async def test_probe_passes_while_the_bot_serves_and_fails_otherwise(
    polling: Settings, serving: list[bool], capsys: pytest.CaptureFixture[str]
) -> None:
    assert await asyncio.to_thread(probe, polling) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "ok"
    serving[0] = False
    assert await asyncio.to_thread(probe, polling) == 1
    assert "503" in capsys.readouterr().err


async def test_probe_fails_when_nothing_listens_or_nothing_is_configured(
    polling: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await asyncio.to_thread(probe, polling) == 1  # no server on that port
    assert "Connection refused" in capsys.readouterr().err
    assert probe(dataclasses.replace(polling, metrics_port=None)) == 1
    assert "set KZUN_METRICS_PORT" in capsys.readouterr().err


async def test_metrics_route_serves_prometheus_text(
    polling: Settings, serving: list[bool], services: Services
) -> None:
    services.metrics.observe_update("message")
    url = f"http://127.0.0.1:{polling.metrics_port}/metrics"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=")
        body = await response.text()
    assert 'kzun_updates_total{type="message"} 1.0' in body
    assert f"kzun_knowledge_facts {float(len(services.knowledge.kb.facts))}" in body
