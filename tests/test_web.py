"""Webhook mode: the secret token check, fast acknowledgement, and a whole webhook run."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from telegram.ext import Application

from bot.config import Settings
from bot.services import Services
from bot.telegram.app import ALLOWED_UPDATES
from bot.telegram.runner import serve
from bot.telegram.web import SECRET_HEADER, webhook_app, webhook_path
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


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        b"null",
        b'{"no": "update_id"}',
        b'{"update_id": 1, "message": "x"}',  # PTB's parser raises AttributeError
        b'{"update_id": 1, "callback_query": 3}',
        b'{"update_id": 1, "message": {"message_id": 1, "date": 1e30, "chat": '
        b'{"id": 1, "type": "private"}, "text": "secret words"}}',  # OverflowError
    ],
)
async def test_webhook_body_that_is_not_an_update_is_rejected(
    client: TestClient[Any, Any],
    application: Application,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
) -> None:
    response = await client.post(
        "/telegram",
        data=body,
        headers={SECRET_HEADER: SECRET, "Content-Type": "application/json"},
    )
    assert response.status == 400
    assert application.update_queue.empty()
    assert "webhook body is not a Telegram update" in caplog.text
    assert "secret words" not in caplog.text


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
