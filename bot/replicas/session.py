"""A PostgreSQL session of its own that comes back after the server or the network drops it.

Advisory locks and LISTEN belong to one session, so they cannot live in a connection pool: a
lease or a listener keeps a dedicated connection, and this loop reopens it when it breaks.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import asyncpg

log = logging.getLogger(__name__)

# The server notices a dead peer (a replica whose machine vanished) within about 11 s instead of
# the kernel's two hours, so its advisory locks are freed for another replica.
KEEPALIVE = {
    "tcp_keepalives_idle": "5",
    "tcp_keepalives_interval": "2",
    "tcp_keepalives_count": "3",
}
CONNECT_TIMEOUT = 5.0
# What a lost or refused connection raises: the server closed it, the network failed, or the
# database refused the statement.
CONNECTION_ERRORS = (
    OSError,
    TimeoutError,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,  # a session cut in the middle of a statement
)


async def connect(url: str) -> asyncpg.Connection:
    """One session with keepalives on, so the server frees its locks soon after we vanish."""
    return await asyncpg.connect(url, timeout=CONNECT_TIMEOUT, server_settings=KEEPALIVE)


async def wait_or_stop(stop: asyncio.Event, seconds: float) -> bool:
    """Sleep `seconds`; True as soon as `stop` is set."""
    try:
        await asyncio.wait_for(stop.wait(), seconds)
    except TimeoutError:
        return False
    return True


async def keep_session(
    url: str,
    stop: asyncio.Event,
    body: Callable[[asyncpg.Connection], Awaitable[None]],
    *,
    retry: float,
    what: str,
) -> None:
    """Run `body` on a fresh session until `stop`; a lost session is reopened after `retry` s."""
    while not stop.is_set():
        try:
            connection = await connect(url)
        except CONNECTION_ERRORS as error:
            log.warning("%s: database not reachable (%s); retrying", what, error)
            await wait_or_stop(stop, retry)
            continue
        try:
            await body(connection)
        except CONNECTION_ERRORS as error:
            log.warning("%s: database session lost (%s); reconnecting", what, error)
        finally:
            connection.terminate()  # never wait on a broken socket; the server cleans up
        await wait_or_stop(stop, retry)
