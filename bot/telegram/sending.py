"""The bot object every handler sends through, with a plain-text fallback on refused HTML.

Everything the bot writes is escaped and uses only tags Telegram accepts, but if Telegram ever
refuses a text's HTML ("can't parse entities": a content bug, or a rule Telegram changed), the
user should still get the words rather than an apology. The daily post has always gone out again
as plain text then; replies and edits get the same here, in one place for every handler: the
text without its tags (links keep their address), logged and counted in /metrics.
"""

from __future__ import annotations

import html
import inspect
import logging
import re
from typing import Any

from telegram import Message
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ExtBot

from bot.engine.render import from_html
from bot.ops.metrics import Metrics

log = logging.getLogger(__name__)

_LINK = re.compile(r'<a\s+href="([^"]*)"\s*>(.*?)</a>', re.IGNORECASE | re.DOTALL)


def html_to_text(text: str) -> str:
    """What an HTML text says, as plain text: tags dropped, a link's address after its words."""
    linked = _LINK.sub(lambda m: f"{m.group(2)} ({html.unescape(m.group(1))})", text)
    return from_html(linked, "text")


def refused_html(error: BadRequest) -> bool:
    """Whether Telegram refused the text's markup (not the text itself)."""
    return "can't parse entities" in error.message.lower()


class FallbackBot(ExtBot[int]):
    """PTB's bot, sending a text again as plain text when Telegram refuses its HTML."""

    __slots__ = ("_metrics",)

    def __init__(self, *args: Any, metrics: Metrics, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._metrics = metrics

    async def send_message(self, *args: Any, **kwargs: Any) -> Message:
        try:
            return await super().send_message(*args, **kwargs)
        except BadRequest as error:
            plain = self._plain(error, "reply", super().send_message, args, kwargs)
            return await super().send_message(**plain)

    async def edit_message_text(self, *args: Any, **kwargs: Any) -> Message | bool:
        try:
            return await super().edit_message_text(*args, **kwargs)
        except BadRequest as error:
            plain = self._plain(error, "edit", super().edit_message_text, args, kwargs)
            return await super().edit_message_text(**plain)

    def _plain(
        self,
        error: BadRequest,
        path: str,
        method: Any,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> dict[str, Any]:
        """The arguments again with the text as plain text; re-raises what is no HTML problem."""
        call = inspect.signature(method).bind(*args, **kwargs).arguments
        mode = call.get("parse_mode")
        if not isinstance(mode, str | None):  # not given: the Defaults' mode applies
            mode = self.defaults.parse_mode if self.defaults else None
        if not refused_html(error) or mode != ParseMode.HTML:
            raise error
        log.warning("Telegram refused the HTML of a %s (%s); sent as plain text", path, error)
        self._metrics.observe_html_fallback(path)
        return {**call, "text": html_to_text(call["text"]), "parse_mode": None}
