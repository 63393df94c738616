"""The edge where updates come in, shared by long polling and the webhook.

What Telegram sends is checked here once, so no handler has to: text that cannot be encoded (a
lone UTF-16 surrogate, which JSON's "\\ud800" escapes allow) is replaced before PTB sees it, an
update PTB cannot parse is skipped, logged once by its id only (never its text) and counted, and
an update that arrives twice is handed on once.
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from typing import Any

from telegram import Bot, Update

from bot.ops.metrics import Metrics

log = logging.getLogger(__name__)
# Each update as it arrives, at DEBUG: it holds what users wrote, so `setup_logging` keeps this
# logger at INFO unless KZUN_LOG_USER_TEXT is on.
updates_log = logging.getLogger("bot.telegram.updates")

_SURROGATE = re.compile("[\ud800-\udfff]")
_REMEMBERED_UPDATES = 1000  # a re-sent update comes back within seconds, not after 1000 others


def sanitise(value: Any) -> Any:
    """`value` (decoded JSON) with every lone surrogate in its strings replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
    if isinstance(value, dict):
        return {key: sanitise(item) for key, item in value.items()}
    if isinstance(value, list):
        return [sanitise(item) for item in value]
    return value


def update_id_of(payload: object) -> int | None:
    """The update_id of a decoded body, or None if it is not shaped like an update at all."""
    if not isinstance(payload, dict):
        return None
    update_id = payload.get("update_id")
    return update_id if isinstance(update_id, int) and not isinstance(update_id, bool) else None


def parse_update(payload: dict[str, Any], bot: Bot, metrics: Metrics) -> Update | None:
    """The Update, or None (logged and counted) if PTB cannot make one of it.

    A wrong shape makes PTB raise almost anything (TypeError for a `date` given as text,
    AttributeError, OverflowError, RecursionError), and its message may quote the user's words,
    so only the exception's type is logged.
    """
    updates_log.debug("update %s: %s", payload.get("update_id"), payload)
    try:
        return Update.de_json(sanitise(payload), bot)
    except Exception as error:
        log.warning(
            "update %s cannot be read (%s); skipped",
            payload.get("update_id"),
            type(error).__name__,
        )
        metrics.observe_skipped_update("unparseable")
        return None


class RecentIds:
    """The last few update ids seen, to drop an update Telegram delivers a second time."""

    def __init__(self, size: int = _REMEMBERED_UPDATES) -> None:
        self._size = size
        self._ids: OrderedDict[int, None] = OrderedDict()

    def first_time(self, update_id: int) -> bool:
        """True the first time `update_id` is offered, False if it was seen recently."""
        if update_id in self._ids:
            return False
        self._ids[update_id] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True
