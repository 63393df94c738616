"""Webhook mode: Telegram POSTs each update to our web server instead of us polling for it.

The request must carry the secret given to setWebhook in `X-Telegram-Bot-Api-Secret-Token`;
anything else gets 403 before its body is read (compared in constant time, so the secret cannot
be guessed byte by byte). A good update is queued for the application and acknowledged at once:
Telegram re-sends updates that are not acknowledged quickly and holds back that chat meanwhile.
A re-sent update that was already queued is acknowledged and dropped, by its update_id; one PTB
cannot read is acknowledged too (200) and skipped, or Telegram would send it again for ever.

The server is exposed to the internet, so it defends itself (`start_server`): a connection that
has not sent a whole request within `READ_TIMEOUT` seconds is closed (slow clients once used up
every file descriptor), there are at most `connection_cap()` connections at once (the rest get
503), and refusals are logged at most once a minute per reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import re
import resource
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.web_protocol import RequestHandler

from bot.ops.metrics import Metrics
from bot.telegram.context import BotApplication, services_of
from bot.telegram.intake import RecentIds, parse_update, update_id_of

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_PATH = "/telegram"
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what setWebhook accepts
MAX_BODY_BYTES = 1024 * 1024  # updates are a few kilobytes; anything bigger is not Telegram
READ_TIMEOUT = 10.0  # seconds for a whole request (headers and body) to arrive
MAX_CONNECTIONS = 500  # Telegram opens at most 100 (setWebhook max_connections), 40 by default
_JUST_MADE = 0.1  # seconds: a connection this new may not be in aiohttp's list yet
_QUIET_SECONDS = 60.0  # one log line per reason per minute for refused requests


def webhook_path(webhook_url: str) -> str:
    """The path Telegram will POST to: the webhook URL's own path, or /telegram."""
    path = urlsplit(webhook_url).path
    return path if path not in ("", "/") else DEFAULT_PATH


def webhook_app(
    application: BotApplication, secret: str, path: str = DEFAULT_PATH
) -> web.Application:
    """An aiohttp app with the webhook route; operations routes can be added to it."""
    expected = secret.encode()
    recent = RecentIds()
    metrics = services_of(application).metrics
    refusals = QuietLog(metrics)

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):  # before reading a byte of the body
            refusals.refuse(
                "secret", f"webhook request without the right secret token from {request.remote}"
            )
            return web.Response(status=403)
        try:
            async with asyncio.timeout(READ_TIMEOUT):
                body = await request.read()
            payload = json.loads(body)
        except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep
            payload = None
        except TimeoutError:
            refusals.refuse("slow", "webhook body not received in time")
            return web.Response(status=408)
        update_id = update_id_of(payload)
        if update_id is None:
            refusals.refuse("body", "webhook body is not a Telegram update; ignored")  # no PII
            return web.Response(status=400)
        if not recent.first_time(update_id):
            return web.Response()
        assert isinstance(payload, dict)
        update = parse_update(payload, application.bot, metrics)
        if update is not None:
            await application.update_queue.put(update)
        return web.Response()

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_post(path, receive)
    return app


class QuietLog:
    """Refusals counted in /metrics and logged at most once per reason per minute, so a flood
    of bad requests cannot flood the log too."""

    def __init__(self, metrics: Metrics | None, clock: Callable[[], float] = time.monotonic):
        self.metrics = metrics
        self.clock = clock
        self._last: dict[str, float] = {}
        self._unlogged: dict[str, int] = {}

    def refuse(self, reason: str, message: str) -> None:
        if self.metrics is not None:
            self.metrics.observe_webhook_rejected(reason)
        now = self.clock()
        last = self._last.get(reason)
        if last is not None and now - last < _QUIET_SECONDS:
            self._unlogged[reason] = self._unlogged.get(reason, 0) + 1
            return
        self._last[reason] = now
        more = self._unlogged.pop(reason, 0)
        log.warning("%s%s", message, f" (and {more} more like it)" if more else "")


def connection_cap() -> int:
    """At most half the file descriptors this process may open, so slow or hostile clients can
    never take those the bot needs for Telegram, its database and its logs."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max(1, min(MAX_CONNECTIONS, soft // 2))


class IdleWatch:
    """When each connection started waiting for its next request; none while one is handled.

    Its middleware sees requests begin and end; `GuardedSite` closes connections whose wait
    has lasted longer than the read timeout (a request whose headers trickle in never starts).
    """

    def __init__(self) -> None:
        self.since: dict[RequestHandler, float] = {}  # closed ones leave at the next sweep

    @web.middleware
    async def middleware(
        self, request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]
    ) -> web.StreamResponse:
        protocol = request.protocol
        self.since.pop(protocol, None)
        try:
            return await handler(request)
        finally:
            self.since[protocol] = asyncio.get_running_loop().time()


class GuardedSite(web.BaseSite):
    """A TCP site that caps its connections and closes those too slow to send a request."""

    def __init__(
        self,
        runner: web.AppRunner,
        host: str,
        port: int,
        *,
        watch: IdleWatch,
        refusals: QuietLog,
        cap: int,
        read_timeout: float,
    ) -> None:
        super().__init__(runner)
        self.host, self.port, self.cap = host, port, cap
        self.watch, self.refusals = watch, refusals
        self.read_timeout = read_timeout
        if runner.server is None:
            raise RuntimeError("GuardedSite needs a runner that is set up")
        self.server = runner.server
        self._made: dict[RequestHandler, float] = {}  # when each connection was made
        self._sweeper: asyncio.Task[None] | None = None

    @property
    def name(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        await super().start()
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(self._connection, self.host, self.port)
        self._sweeper = asyncio.create_task(self._sweep())

    async def stop(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._sweeper
        await super().stop()

    def _connection(self) -> asyncio.BaseProtocol:
        """A protocol for a new connection: aiohttp's, or a 503 when at the cap."""
        now = asyncio.get_running_loop().time()
        # A handler only joins `server.connections` once its connection_made has run, a moment
        # later: count those just made too, or a burst of connections would pass the cap.
        live = set(self.server.connections)
        self._made = {h: t for h, t in self._made.items() if h in live or now - t < _JUST_MADE}
        if len(self._made) >= self.cap:
            self.refusals.refuse("busy", f"web server at its {self.cap} connections; refused one")
            return _Busy()
        handler = self.server()
        self._made[handler] = self.watch.since[handler] = now
        return handler

    async def _sweep(self) -> None:
        """Once a second: close connections that have waited too long for a request."""
        while True:
            await asyncio.sleep(1.0)
            deadline = asyncio.get_running_loop().time() - self.read_timeout
            live = set(self.server.connections)
            for handler, since in list(self.watch.since.items()):
                if handler not in live or since < deadline:
                    del self.watch.since[handler]
                if handler in live and since < deadline:
                    handler.force_close()
                    if handler.transport is not None:
                        handler.transport.close()


class _Busy(asyncio.Protocol):
    """Answers 503 and hangs up: the server is at its connection cap."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.WriteTransport)
        transport.write(
            b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        transport.close()


async def start_server(
    app: web.Application, host: str, port: int, metrics: Metrics | None = None
) -> web.AppRunner:
    """Serve `app` on host:port, guarded (see the module docstring), until the returned runner
    is cleaned up."""
    watch = IdleWatch()
    app.middlewares.append(watch.middleware)
    runner = web.AppRunner(
        app, access_log=None, handle_signals=False, keepalive_timeout=READ_TIMEOUT
    )
    await runner.setup()
    refusals = QuietLog(metrics)
    site = GuardedSite(
        runner,
        host,
        port,
        watch=watch,
        refusals=refusals,
        cap=connection_cap(),
        read_timeout=READ_TIMEOUT,
    )
    await site.start()
    return runner
