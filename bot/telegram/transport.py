"""python-telegram-bot's HTTP transport, every client of the process on one TLS context.

httpx builds an SSL context and reads the whole CA bundle for each client it makes: 17 ms of
CPU, three times per Application (its requests, PTB's getUpdates request, the poller's) and again
for each broadcast; the test suite, which builds hundreds of them, spent 10 s on it. One context,
made the way httpx makes it (SSL_CERT_FILE and SSL_CERT_DIR still apply), serves them all: an
SSLContext is meant to be shared.
"""

from __future__ import annotations

import functools
import ssl
from typing import Any

import httpx
from telegram.request import HTTPXRequest


@functools.cache
def tls_context() -> ssl.SSLContext:
    """The process's one TLS context, as httpx would build it for every client."""
    return httpx.create_ssl_context()


def http_request(pool_size: int = 1, **options: Any) -> HTTPXRequest:
    """PTB's HTTPXRequest with `pool_size` connections on the shared TLS context; `options` as
    HTTPXRequest takes them (`httpx_kwargs` is passed on, with the context added)."""
    client = {"verify": tls_context(), **options.pop("httpx_kwargs", {})}
    return HTTPXRequest(connection_pool_size=pool_size, httpx_kwargs=client, **options)
