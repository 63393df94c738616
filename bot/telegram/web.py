"""Webhook mode: Telegram POSTs each update to our web server instead of us polling for it.

The request must carry the secret given to setWebhook in `X-Telegram-Bot-Api-Secret-Token`;
anything else gets 403 and is not looked at (compared in constant time, so the secret cannot be
guessed byte by byte). A good update is queued for the application and acknowledged at once:
Telegram re-sends updates that are not acknowledged quickly and holds back that chat meanwhile.
A re-sent update that was already queued is acknowledged and dropped, by its update_id.
"""

from __future__ import annotations

import hmac
import logging
import re
from collections import OrderedDict
from urllib.parse import urlsplit

from aiohttp import web
from telegram import Update

from bot.telegram.context import BotApplication

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_PATH = "/telegram"
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")  # what setWebhook accepts
MAX_BODY_BYTES = 1024 * 1024  # updates are a few kilobytes; anything bigger is not Telegram
_REMEMBERED_UPDATES = 1000


def webhook_path(webhook_url: str) -> str:
    """The path Telegram will POST to: the webhook URL's own path, or /telegram."""
    path = urlsplit(webhook_url).path
    return path if path not in ("", "/") else DEFAULT_PATH


def webhook_app(
    application: BotApplication, secret: str, path: str = DEFAULT_PATH
) -> web.Application:
    """An aiohttp app with the webhook route; operations routes can be added to it."""
    expected = secret.encode()
    recent: OrderedDict[int, None] = OrderedDict()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("webhook request without the right secret token from %s", request.remote)
            return web.Response(status=403)
        try:
            payload = await request.json()
        except ValueError:  # not JSON, or not UTF-8
            payload = None
        try:
            update = (
                Update.de_json(payload, application.bot) if isinstance(payload, dict) else None
            )
        except Exception:  # a wrong shape makes PTB raise anything (AttributeError, OverflowError)
            update = None
        if update is None:
            log.warning("webhook body is not a Telegram update; ignored")  # not logged: PII
            return web.Response(status=400)
        if update.update_id in recent:
            return web.Response()
        recent[update.update_id] = None
        if len(recent) > _REMEMBERED_UPDATES:
            recent.popitem(last=False)
        await application.update_queue.put(update)
        return web.Response()

    app = web.Application(client_max_size=MAX_BODY_BYTES)
    app.router.add_post(path, receive)
    return app


async def start_server(app: web.Application, host: str, port: int) -> web.AppRunner:
    """Serve `app` on host:port until the returned runner is cleaned up."""
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
