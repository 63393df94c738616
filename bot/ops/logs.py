"""Logging that can never leak the bot token.

httpx logs every request URL at INFO and the Bot API puts the token in that URL; PTB's InvalidToken
error quotes the token. So the HTTP loggers are kept at WARNING and every record is redacted.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

_TOKEN_PATTERN = re.compile(r"\d{3,}:[A-Za-z0-9_-]{20,}")
_REDACTED = "<redacted>"


class RedactingFilter(logging.Filter):
    """Replaces bot tokens (known ones and anything shaped like one) in the final message."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def add(self, secret: str) -> None:
        """Redact `secret` too from now on (one known only after start-up)."""
        if secret and secret not in self._secrets:
            self._secrets.append(secret)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, _REDACTED)
        return _TOKEN_PATTERN.sub(_REDACTED, text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        record.msg, record.args = self.redact(message), None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


def redact_secret(secret: str) -> None:
    """Keep `secret` out of every log handler that `setup_logging` installed."""
    for handler in logging.getLogger().handlers:
        for found in handler.filters:
            if isinstance(found, RedactingFilter):
                found.add(secret)


# Loggers whose DEBUG lines carry what users wrote: PTB's, and each update as it arrives.
USER_TEXT_LOGGERS = ("telegram", "bot.telegram.updates")


def setup_logging(
    level: str = "INFO", secrets: Iterable[str] = (), *, user_text: bool = False
) -> None:
    """Configure the root logger once: one line per record, secrets redacted everywhere.

    At DEBUG, python-telegram-bot logs every update and every API call with its parameters,
    which is what users wrote and what the bot answered them; those loggers stay at INFO unless
    `user_text` (KZUN_LOG_USER_TEXT) is on, for a developer chasing one problem.
    """
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(secrets))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    telegram_level = logging.NOTSET if user_text else logging.INFO
    for name in USER_TEXT_LOGGERS:
        logging.getLogger(name).setLevel(telegram_level)
