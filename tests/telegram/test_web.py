"""Webhook mode: the secret token check, fast acknowledgement, and a whole webhook run."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from telegram.ext import Application

from bot.config import Settings
from bot.services import Services
from bot.telegram import web as web_module
from bot.telegram.app import ALLOWED_UPDATES
from bot.telegram.runner import serve
from bot.telegram.web import SECRET_HEADER, start_server, webhook_app, webhook_path
from tests.fakes.botapi import BotAPI
from tests.fakes.updates import private_message, user

SECRET = "s3cret-Token_for-tests"


@pytest.fixture
async def client(application: Application) -> AsyncIterator[TestClient[Any, Any]]:
    async with TestClient(TestServer(webhook_app(application, SECRET))) as test_client:
        yield test_client


def an_update(update_id: int = 1) -> dict[str, Any]:
    return {"update_id": update_id, **private_message("hello", user=user("Alice"))}


@pytest.mark.parametrize("headers", [{}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET + "x"}])
async def test_webhook_without_the_right_secret_is_refused_unread(
    client: TestClient[Any, Any], application: Application, headers: dict[str, str]
) -> None:
    response = await client.post("/telegram", json=an_update(), headers=headers)
    assert response.status == 403
    assert application.update_queue.empty()


async def test_webhook_with_the_secret_queues_the_update_once(
    client: TestClient[Any, Any], application: Application
) -> None:
    for _ in range(2):  # Telegram re-sends an update it thinks we missed
        response = await client.post(
            "/telegram", json=an_update(7), headers={SECRET_HEADER: SECRET}
        )
        assert response.status == 200
    assert application.update_queue.qsize() == 1
    update = application.update_queue.get_nowait()
    assert update.update_id == 7
    assert update.effective_message.text == "hello"


async def post_json(client: TestClient[Any, Any], body: bytes) -> aiohttp.ClientResponse:
    """POST `body` as Telegram would, with the right secret."""
    headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}
    return await client.post("/telegram", data=body, headers=headers)


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        b"null",
        b'{"no": "update_id"}',
        b'{"update_id": "1"}',
        b"[" * 200_000 + b"]" * 200_000,  # nested too deep for any JSON parser
    ],
)
async def test_webhook_body_that_is_not_an_update_is_rejected(
    client: TestClient[Any, Any],
    application: Application,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
) -> None:
    response = await post_json(client, body)
    assert response.status == 400
    assert application.update_queue.empty()
    assert "webhook body is not a Telegram update" in caplog.text
    assert "secret words" not in caplog.text


@pytest.mark.parametrize(
    "body",
    [
        b'{"update_id": 1, "message": "x"}',  # PTB's parser raises AttributeError
        b'{"update_id": 1, "callback_query": 3}',
        b'{"update_id": 1, "message": {"message_id": 1, "date": 1e30, "chat": '
        b'{"id": 1, "type": "private"}, "text": "secret words"}}',  # OverflowError
        b'{"update_id": 1, "message": {"message_id": 1, "date": "yesterday", "chat": '
        b'{"id": 1, "type": "private"}, "text": "secret words"}}',  # TypeError
    ],
)
async def test_webhook_update_that_cannot_be_read_is_acknowledged_and_skipped(
    client: TestClient[Any, Any],
    application: Application,
    services: Services,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
) -> None:
    response = await post_json(client, body)
    assert response.status == 200  # or Telegram sends it again and again
    assert application.update_queue.empty()
    assert services.metrics.skipped.labels("unparseable")._value.get() == 1
    assert caplog.text.count("update 1 cannot be read") == 1
    assert "secret words" not in caplog.text


async def test_webhook_lone_surrogates_are_replaced_before_handlers_see_them(
    client: TestClient[Any, Any], application: Application
) -> None:
    update = an_update(9)
    body = json.dumps(update).replace("hello", "hel\\ud800lo\\udfff").encode()
    response = await post_json(client, body)
    assert response.status == 200
    queued = application.update_queue.get_nowait()
    assert queued.effective_message.text == "hel\ufffdlo\ufffd"
    queued.effective_message.text.encode()  # encodable: a lone surrogate is not


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("https://bot.example.org/telegram", "/telegram"),
        ("https://bot.example.org", "/telegram"),
        ("https://example.org/kzun/hook", "/kzun/hook"),
    ],
)
def test_webhook_path_follows_the_public_url(url: str, path: str) -> None:
    assert webhook_path(url) == path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_mode_end_to_end(
    settings: Settings, services: Services, botapi: BotAPI
) -> None:
    port = free_port()
    webhook = dataclasses.replace(
        settings,
        webhook_url="https://bot.example.org/telegram",
        webhook_secret=SECRET,
        listen="127.0.0.1",
        port=port,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(serve(webhook, services, stop))
    try:
        [registered] = await botapi.wait_for("setWebhook")
        assert registered.params["url"] == "https://bot.example.org/telegram"
        assert registered.params["secret_token"] == SECRET
        assert sorted(registered.params["allowed_updates"]) == sorted(ALLOWED_UPDATES)
        update = botapi.register(
            private_message("When did Kazakhstan join the UN?", user=user("Alice"))
        )
        url = f"http://127.0.0.1:{port}/telegram"
        async with aiohttp.ClientSession() as session:
            async with session.post(url, json=update, headers={SECRET_HEADER: "guess"}) as denied:
                assert denied.status == 403
            async with session.post(url, json=update, headers={SECRET_HEADER: SECRET}) as taken:
                assert taken.status == 200
        [reply] = await botapi.wait_for("sendMessage")
        assert "2 March 1992" in reply.text
        assert not botapi.calls_to("getUpdates")
    finally:
        stop.set()
        assert await asyncio.wait_for(task, 10) == 0
    assert len(botapi.sent()) == 1  # the refused request was never processed


# --- the web server defends itself: read timeout, connection cap, quiet refusals --------------


@pytest.fixture
async def guarded(
    application: Application, services: Services, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[int]:
    """The webhook app on the real guarded server, with a 1 s read timeout and 3 connections."""
    monkeypatch.setattr(web_module, "READ_TIMEOUT", 1.0)
    monkeypatch.setattr(web_module, "MAX_CONNECTIONS", 3)
    port = free_port()
    runner = await start_server(
        webhook_app(application, SECRET), "127.0.0.1", port, services.metrics
    )
    yield port
    await runner.cleanup()


async def raw_exchange(port: int, request: bytes, wait: float = 5.0) -> bytes:
    """Send `request` bytes on a fresh connection; what the server answers before closing."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(request)
        async with asyncio.timeout(wait):
            return await reader.read()
    finally:
        writer.close()


async def test_webhook_server_closes_a_connection_that_trickles_its_headers(guarded: int) -> None:
    started = asyncio.get_running_loop().time()
    answer = await raw_exchange(guarded, b"POST /telegram HTTP/1.1\r\nHost: x\r\n")  # never ends
    assert answer == b""  # closed without a word
    assert asyncio.get_running_loop().time() - started < 4


async def test_webhook_server_refuses_connections_beyond_its_cap(
    guarded: int, services: Services
) -> None:
    idle = [await asyncio.open_connection("127.0.0.1", guarded) for _ in range(3)]
    try:
        assert (await raw_exchange(guarded, b"")).startswith(b"HTTP/1.1 503")
    finally:
        for _, writer in idle:
            writer.close()
    assert services.metrics.webhook_rejected.labels("busy")._value.get() == 1
    await asyncio.sleep(0.1)  # the server sees the three go
    update = json.dumps(an_update(5)).encode()
    request = (
        f"POST /telegram HTTP/1.1\r\nHost: x\r\n{SECRET_HEADER}: {SECRET}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(update)}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    assert (await raw_exchange(guarded, request + update)).startswith(b"HTTP/1.1 200")


async def test_webhook_refuses_a_wrong_secret_before_reading_the_body(guarded: int) -> None:
    request = (
        f"POST /telegram HTTP/1.1\r\nHost: x\r\n{SECRET_HEADER}: guess\r\n"
        "Content-Length: 500000\r\n\r\n"  # and no body follows
    ).encode()
    reader, writer = await asyncio.open_connection("127.0.0.1", guarded)
    try:
        writer.write(request)
        async with asyncio.timeout(0.9):  # well before the read timeout
            assert (await reader.readline()).startswith(b"HTTP/1.1 403")
    finally:
        writer.close()


async def test_webhook_refusals_are_counted_but_logged_once_a_minute(
    guarded: int, services: Services, caplog: pytest.LogCaptureFixture
) -> None:
    async with aiohttp.ClientSession() as session:
        for _ in range(50):
            async with session.post(
                f"http://127.0.0.1:{guarded}/telegram", json=an_update(), headers={}
            ) as response:
                assert response.status == 403
    assert services.metrics.webhook_rejected.labels("secret")._value.get() == 50
    assert caplog.text.count("without the right secret token") == 1
