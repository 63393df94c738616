"""GET /healthz and GET /metrics: what a supervisor and Prometheus ask a running bot.

In webhook mode the routes are mounted on the webhook's own web server; when polling they get a
server of their own on `--metrics-port` (both started by `bot.web.start_server`).
`python -m bot.commands.health` probes the endpoint the settings point at, for Docker's
HEALTHCHECK (exit 0 healthy, 1 not).
"""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web

from bot import __version__
from bot.config import Settings
from bot.ops.metrics import CONTENT_TYPE
from bot.services import Services
from bot.storage.database import StorageError

_PING_TIMEOUT = 1.0  # seconds a health check waits for the database


def add_routes(
    web_app: web.Application, services: Services, is_running: Callable[[], bool]
) -> None:
    """Mount /healthz and /metrics; `is_running` says whether the bot is serving updates."""

    async def healthz(request: web.Request) -> web.Response:
        status, body = await health(services, is_running())
        return web.json_response(body, status=status)

    async def metrics(request: web.Request) -> web.Response:
        return web.Response(body=services.metrics.render(), headers={"Content-Type": CONTENT_TYPE})

    services.metrics.track_facts(lambda: len(services.knowledge.kb.facts))
    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/metrics", metrics)


async def health(services: Services, running: bool) -> tuple[int, dict[str, object]]:
    """200 with the version and knowledge counts when serving, 503 with the reason otherwise.

    A database that answers but failed a write within the last minute (a full disk, a lock held
    by another process) is `degraded`: the bot still answers questions, so it stays 200 and the
    `storage` field says what went wrong. One that cannot even be read is 503.
    """
    body: dict[str, object] = {"version": __version__}
    if not running:
        return 503, body | {"status": "not running"}
    try:
        await services.db.ping(timeout=_PING_TIMEOUT)
    except StorageError as error:
        return 503, body | {"status": f"database: {error}"}
    trouble = services.db.health.trouble()
    if trouble is not None:
        body |= {"status": "degraded", "storage": trouble}
    knowledge = services.knowledge
    return 200, {"status": "ok"} | body | {
        "facts": len(knowledge.kb.facts),
        "dated_facts": knowledge.coverage.dated_facts,
        "sources": len(knowledge.kb.sources),
        "topics": len(knowledge.kb.topics),
        "questions": knowledge.coverage.questions,
    }


def health_app(services: Services, is_running: Callable[[], bool]) -> web.Application:
    """A web app with just the two routes, for a port of their own when polling."""
    web_app = web.Application()
    add_routes(web_app, services, is_running)
    return web_app


def health_url(settings: Settings) -> str | None:
    """Where this configuration serves /healthz, seen from the same host; None if nowhere."""
    port = settings.port if settings.webhook_url else settings.metrics_port
    if port is None:
        return None
    host = "127.0.0.1" if settings.listen in ("0.0.0.0", "::", "") else settings.listen
    return f"http://{host}:{port}/healthz"
