"""The tests' Bot API stand-in, served on loopback in a process of its own for a benchmark.

Its own process, so that what it records and the work of answering cost the measured process
neither memory nor time.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.queues import Queue

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the stand-in lives with the tests


def _serve(ports: Queue[int], chats: list[int]) -> None:
    """The child process: serve the stand-in until terminated."""
    sys.path.insert(0, str(ROOT))
    from tests.fakes.botapi import BotAPI
    from tests.fakes.updates import private_chat, user

    async def serve() -> None:
        async with BotAPI() as api:
            for chat in chats:
                api.add_chat(private_chat(user(user_id=chat)))
            ports.put(api.port)
            await asyncio.Event().wait()

    asyncio.run(serve())


@contextmanager
def stand_in(chats: Iterable[int] = ()) -> Iterator[tuple[str, str]]:
    """(base URL, token) of a stand-in serving until the block ends, to which the private chats
    `chats` have started the bot: like Telegram, it refuses chats it does not know."""
    from tests.fakes.botapi import TOKEN

    context = multiprocessing.get_context("spawn")
    ports: Queue[int] = context.Queue()
    server = context.Process(target=_serve, args=(ports, list(chats)), daemon=True)
    server.start()
    try:
        yield f"http://127.0.0.1:{ports.get(timeout=30)}/bot", TOKEN
    finally:
        server.terminate()
        server.join()
