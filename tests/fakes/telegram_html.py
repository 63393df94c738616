"""Telegram's own HTML parse mode for the Bot API stand-in: TDLib parses, so the fake is as strict.

Python's HTMLParser accepts much that Telegram refuses ("1 < 2", "<!-- -->", "<b/>", unquoted
attributes, "<span>" without the spoiler class) and decodes entities that Telegram shows literally
("&nbsp;"). A fake that is more lenient than Telegram lets markup bugs through to production, so
this module asks TDLib itself, the library inside the Bot API server (tdlib/telegram-bot-api), via
the prebuilt `tdjson` wheel. TDLib's parseTextEntities is an offline, synchronous request: no
client, no network, no account.

    parsed = parse_html("<b>bold</b> text")   # ParsedText(text="bold text", entities=(...))
    parse_html("I <3 UN")                      # raises HtmlError; .description is Telegram's:
    # Bad Request: can't parse entities: Unsupported start tag "3" at byte offset 2
    parse_markdown("*bold*")                   # MarkdownV2 (version=1: the legacy Markdown)

The Bot API server turns TDLib's error into its description in Client::fail_query_with_error:
"Bad Request: " and the message with its first letter in lower case (unless the message looks
like a server code such as "MESSAGE_TOO_LONG"). Byte offsets in messages count UTF-8 bytes of the
raw text; entity offsets and lengths count UTF-16 code units of the parsed text.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = [
    "MESSAGE_TEXT_LENGTH_MAX",
    "MESSAGE_TOO_LONG",
    "TEXT_BYTES_MAX",
    "Entity",
    "HtmlError",
    "ParsedText",
    "bot_api_description",
    "message_too_long",
    "parse_html",
    "parse_markdown",
    "utf16_length",
]

TEXT_BYTES_MAX = 1 << 15
"""The Bot API server refuses a longer raw text (in UTF-8 bytes) before parsing it."""

MESSAGE_TEXT_LENGTH_MAX = 4096
"""TDLib's default "message_text_length_max": the most characters a bot's message text may have."""

MESSAGE_TOO_LONG = "Bad Request: message is too long"
"""The Bot API's description when a parsed message text is over MESSAGE_TEXT_LENGTH_MAX."""

_Execute = Callable[[bytes], bytes | None]
_execute: _Execute | None = None
_load_lock = threading.Lock()


class HtmlError(ValueError):
    """Telegram refused the text; `description` is the Bot API's 400 description, word for word.

    `message` is TDLib's own message, which the Bot API server quotes inside longer descriptions
    (an inline query result's text: "can't parse inline query result: Can't parse entities: ...").
    """

    def __init__(self, message: str) -> None:
        self.message = message
        self.description = bot_api_description(message)
        super().__init__(self.description)


@dataclass(frozen=True)
class Entity:
    """One formatting entity as TDLib reports it.

    `type` is TDLib's name ("textEntityTypeBold", "textEntityTypeTextUrl", ...), because these
    names are what TDLib really returns and carry more than the Bot API's; `offset` and `length`
    are in UTF-16 code units, Telegram's unit for entities; `details` holds the type's other
    fields, e.g. {"url": "https://x.org/"} (TDLib normalises URLs).
    """

    type: str
    offset: int
    length: int
    details: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), hash=False)


@dataclass(frozen=True)
class ParsedText:
    """What a user would see: the plain text, and the entities that format it, in TDLib's order."""

    text: str
    entities: tuple[Entity, ...] = ()


def utf16_length(text: str) -> int:
    """The length of `text` in UTF-16 code units (an astral emoji counts 2): the unit of entities.

    Not the unit of the 4096 limit: TDLib inside the Bot API server counts characters (code
    points) there; see message_too_long.
    """
    return len(text.encode("utf-16-le")) // 2


def message_too_long(text: str) -> bool:
    """Whether the Bot API refuses this parsed message text with MESSAGE_TOO_LONG.

    TDLib checks `utf8_length(text) > message_text_length_max` (code points, so Python's len)
    after it trims the parsed text; pass the text as the user would see it, already trimmed.
    """
    return len(text) > MESSAGE_TEXT_LENGTH_MAX


def bot_api_description(message: str) -> str:
    """The Bot API description for a TDLib error message with code 400.

    Mirrors telegram-bot-api's Client::fail_query_with_error: "Bad Request: " followed by the
    message, whose first character is lowered (ASCII only) unless its second character is "_" or
    an upper-case letter (a server error code such as "MESSAGE_TOO_LONG" is kept as it is).
    """
    if message.startswith("Bad Request"):
        return message
    if len(message) >= 2 and (message[1] == "_" or "A" <= message[1] <= "Z"):
        return f"Bad Request: {message}"
    first = message[:1]
    if "A" <= first <= "Z":
        first = first.lower()
    return f"Bad Request: {first}{message[1:]}"


# TDLib's answer for a text never changes: each distinct text is parsed once (a broadcast sends one
# text to thousands of chats). Refusals are raised again each time, as exceptions are not cached.
@functools.lru_cache(maxsize=4096)
def parse_html(text: str) -> ParsedText:
    """Parse `text` with parse_mode HTML exactly as the Bot API server does, or raise HtmlError.

    Follows telegram-bot-api's Client::get_formatted_text: a raw text over TEXT_BYTES_MAX UTF-8
    bytes is refused, an empty text is not parsed at all, anything else goes to TDLib's
    parseTextEntities. The result is TDLib's, untrimmed: sending a message then trims it and
    refuses it if nothing is left ("Bad Request: text must be non-empty") or if
    message_too_long(trimmed text).
    """
    return _parse(text, {"@type": "textParseModeHTML"})


@functools.lru_cache(maxsize=1024)
def parse_markdown(text: str, version: int = 2) -> ParsedText:
    """Parse `text` with parse_mode MarkdownV2 (version 2) or the legacy Markdown (version 1),
    exactly as the Bot API server does, or raise HtmlError (the name is historical: TDLib's
    refusal of Markdown reads the same, "Can't parse entities: ...")."""
    return _parse(text, {"@type": "textParseModeMarkdown", "version": version})


def _parse(text: str, parse_mode: Mapping[str, Any]) -> ParsedText:
    if len(text.encode("utf-8", "surrogatepass")) > TEXT_BYTES_MAX:
        raise HtmlError("Text is too long")
    if not text:
        return ParsedText("")
    result = _run({"@type": "parseTextEntities", "text": text, "parse_mode": parse_mode})
    if result["@type"] == "error":
        if result["code"] != 400:
            raise RuntimeError(f"TDLib failed unexpectedly: {result}")
        raise HtmlError(result["message"])
    return ParsedText(
        result["text"], tuple(_entity(entity) for entity in result.get("entities", ()))
    )


def _entity(raw: Mapping[str, Any]) -> Entity:
    """An Entity from TDLib's textEntity object."""
    details = {key: value for key, value in raw["type"].items() if key != "@type"}
    return Entity(raw["type"]["@type"], raw["offset"], raw["length"], MappingProxyType(details))


def _run(request: Mapping[str, Any]) -> dict[str, Any]:
    """Execute one synchronous TDLib request and decode its answer.

    The JSON is pure ASCII (json.dumps escapes the rest), so no Python str, not even one with a
    lone surrogate, fails to encode; TDLib decodes the escapes and judges the text itself.
    """
    answer = _load()(json.dumps(request).encode("ascii"))
    if answer is None:
        raise RuntimeError(f"TDLib returned nothing for {request['@type']}")
    decoded: dict[str, Any] = json.loads(answer)
    return decoded


def _load() -> _Execute:
    """TDLib's td_execute, loaded once per process on first use, with TDLib's logging silenced.

    Lazy, so that importing the fake costs nothing for tests that send no HTML; locked, so that
    threads racing to the first parse load and configure it once. td_execute itself may be
    called from any thread: TDLib keeps each thread's answer in a thread-local buffer, and the
    binding copies it before returning. TDLib logs every request to stderr at its default
    verbosity (5), hence verbosity 0 before anything else.
    """
    global _execute
    if _execute is not None:
        return _execute
    with _load_lock:
        if _execute is None:
            try:
                import tdjson
            except ModuleNotFoundError as exc:
                raise ModuleNotFoundError(
                    "tests/fakes/telegram_html.py needs TDLib: pip install 'tdjson>=1.8,<2'"
                ) from exc
            execute: _Execute = tdjson.td_execute
            silenced = execute(b'{"@type":"setLogVerbosityLevel","new_verbosity_level":0}')
            if silenced is None or json.loads(silenced).get("@type") != "ok":
                raise RuntimeError(f"TDLib refused to silence its log: {silenced!r}")
            _execute = execute
        return _execute
