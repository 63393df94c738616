"""What Telegram checks in a message before it accepts it: text, keyboard, inline results, URLs.

Each check follows the code that makes it, so the stand-in refuses exactly what Telegram refuses,
in the same words and the same order: telegram-bot-api's Client.cpp (get_formatted_text,
get_input_message_text, get_reply_markup, get_inline_query_result), then TDLib
(fix_formatted_text trims, ReplyMarkup.cpp and LinkManager::check_link judge buttons,
MessageContent.cpp counts the 4096 characters), then Telegram's servers (codes such as
BUTTON_DATA_INVALID, RESULT_ID_DUPLICATE).

Text in parse_mode HTML or Markdown goes through TDLib's own parser (tests/fakes/telegram_html.py);
the message keeps the text a user would see and its entities in the Bot API's shape.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.errors import (
    MESSAGE_TEXT_EMPTY,
    MESSAGE_TOO_LONG,
    TEXT_EMPTY,
    ApiError,
    Malformed,
    bad_request,
)
from tests.fakes.telegram_html import (
    MESSAGE_TEXT_LENGTH_MAX,
    Entity,
    HtmlError,
    ParsedText,
    parse_html,
    parse_markdown,
    utf16_length,
)

CAPTION_LENGTH_MAX = 1024
CAPTION_TOO_LONG = "Bad Request: message caption is too long"
INLINE_RESULTS_MAX = 50
# The kinds of InlineQueryResult the Bot API documents (each cached variant shares its kind).
_RESULT_KINDS = frozenset(
    {
        "article",
        "audio",
        "contact",
        "document",
        "game",
        "gif",
        "location",
        "mpeg4_gif",
        "photo",
        "sticker",
        "venue",
        "video",
        "voice",
    }
)
_OTHER_CONTENTS = {"latitude", "phone_number", "payload"}  # location, venue, contact, invoice
_OTHER_ACTIONS = frozenset(
    {
        "callback_game",
        "pay",
        "switch_inline_query",
        "switch_inline_query_chosen_chat",
        "switch_inline_query_current_chat",
        "login_url",
        "web_app",
        "copy_text",
    }
)
_ENTITY_TYPES = {
    "textEntityTypeBold": "bold",
    "textEntityTypeItalic": "italic",
    "textEntityTypeUnderline": "underline",
    "textEntityTypeStrikethrough": "strikethrough",
    "textEntityTypeSpoiler": "spoiler",
    "textEntityTypeCode": "code",
    "textEntityTypePre": "pre",
    "textEntityTypePreCode": "pre",
    "textEntityTypeTextUrl": "text_link",
    "textEntityTypeMentionName": "text_mention",
    "textEntityTypeCustomEmoji": "custom_emoji",
    "textEntityTypeBlockQuote": "blockquote",
    "textEntityTypeExpandableBlockQuote": "expandable_blockquote",
    "textEntityTypeDateTime": "date_time",
}
_URL_CHARACTER = re.compile(r"[A-Za-z0-9.\-_!$,~*'();&+=\x80-\U0010ffff]|%[0-9A-Fa-f]{2}")


# --- Text --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """A message text as Telegram keeps it: trimmed, and its entities as the Bot API sends them."""

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


def formatted(text: str, parse_mode: Any) -> ParsedText:
    """Client::get_formatted_text: the text parsed in its parse mode, untrimmed."""
    mode = str(parse_mode or "").lower()
    if len(text.encode("utf-8", "surrogatepass")) > 1 << 15:
        raise Malformed("Text is too long")
    if not text or mode in ("", "none"):
        return ParsedText(text)
    parsers: dict[str, Callable[[str], ParsedText]] = {
        "html": parse_html,
        "markdown": lambda raw: parse_markdown(raw, 1),
        "markdownv2": parse_markdown,
    }
    if mode not in parsers:
        raise Malformed("Unsupported parse_mode")
    try:
        return parsers[mode](text)
    except HtmlError as error:
        raise Malformed(error.message) from None


def message_text(raw: Any, parse_mode: Any, *, too_long: str = MESSAGE_TOO_LONG) -> Shown:
    """The text of sendMessage or editMessageText, or Telegram's refusal of it."""
    if raw is None or raw == "":
        raise ApiError(400, MESSAGE_TEXT_EMPTY)
    try:
        parsed = formatted(str(raw), parse_mode)
    except Malformed as error:
        raise error.answer() from None
    return shown(parsed, too_long=too_long)


def shown(parsed: ParsedText, *, too_long: str, limit: int = MESSAGE_TEXT_LENGTH_MAX) -> Shown:
    """TDLib's fix_formatted_text and length check: spaces and newlines are trimmed (at the
    start only before the first entity), nothing may be left empty, and at most `limit`
    characters (code points, not UTF-16 units) may remain."""
    text = parsed.text.rstrip(" \n")
    end = utf16_length(text)
    kept = [e for e in parsed.entities if e.length > 0 and e.offset < end]
    first = min((e.offset for e in kept), default=end)
    cut = min(len(text) - len(text.lstrip(" \n")), first)
    text = text[cut:]
    if not text:
        raise ApiError(400, TEXT_EMPTY)
    if len(text) > limit:
        raise ApiError(400, too_long)
    entities = [
        _bot_api_entity(e.type, e.offset - cut, min(e.offset + e.length, end) - e.offset, e)
        for e in kept
    ]
    return Shown(text, [entity for entity in entities if entity])


def caption(raw: Any, parse_mode: Any) -> None:
    """A media caption: may be empty, at most 1024 characters after parsing."""
    parsed = formatted(str(raw or ""), parse_mode)
    if parsed.text.strip(" \n"):
        shown(parsed, too_long=CAPTION_TOO_LONG, limit=CAPTION_LENGTH_MAX)


def _bot_api_entity(kind: str, offset: int, length: int, parsed: Entity) -> dict[str, Any]:
    name, details = _ENTITY_TYPES.get(kind), parsed.details
    if name is None:
        return {}
    entity: dict[str, Any] = {"type": name, "offset": offset, "length": length}
    if "language" in details:
        entity["language"] = details["language"]
    if "url" in details:
        entity["url"] = details["url"]
    if "user_id" in details:
        entity["user"] = {"id": details["user_id"], "is_bot": False, "first_name": ""}
    if "custom_emoji_id" in details:
        entity["custom_emoji_id"] = str(details["custom_emoji_id"])
    if "unix_time" in details:
        entity["unix_time"] = details["unix_time"]
    return entity


# --- Inline keyboards ---------------------------------------------------------------------------


def check_markup(markup: Any) -> None:
    """A reply_markup, or Telegram's refusal of it (JSON first, then each button)."""
    try:
        buttons = _keyboard(markup)
    except Malformed as error:
        raise error.answer() from None
    for button in buttons:
        _judge_button(button)


def _keyboard(markup: Any) -> list[dict[str, Any]]:
    """The inline buttons of a reply_markup, as the Bot API server reads them."""
    if markup is None:
        return []
    if isinstance(markup, str):
        raise Malformed("Can't parse reply keyboard markup JSON object")
    if not isinstance(markup, dict):
        raise Malformed("Object expected as reply markup")
    rows = markup.get("inline_keyboard")
    if rows is None:
        return []
    if not isinstance(rows, list):
        raise Malformed('Field "inline_keyboard" must be of type Array')
    if not all(isinstance(row, list) for row in rows):
        raise Malformed(
            'Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
        )
    buttons = [button for row in rows for button in row]
    for button in buttons:
        try:
            _read_button(button)
        except Malformed as error:
            raise error.within("Can't parse inline keyboard button") from None
    return buttons


def _read_button(button: Any) -> None:
    if not isinstance(button, dict):
        raise Malformed("InlineKeyboardButton must be an Object")
    _string(button, "text", required=True)
    if _string(button, "url") or _string(button, "callback_data"):
        return
    if not any(action in button for action in _OTHER_ACTIONS):
        raise Malformed("Text buttons are unallowed in the inline keyboard")


def _judge_button(button: dict[str, Any]) -> None:
    """TDLib's and the server's verdict on a button the Bot API server could read."""
    if not _string(button, "text"):
        raise bad_request("Inline keyboard button text must be non-empty")
    if url := _string(button, "url"):
        try:
            check_link(url)
        except ValueError as error:
            raise bad_request(f"Inline keyboard button URL '{url}' is invalid: {error}") from None
        return  # the server takes the URL and never looks at callback_data
    data = _string(button, "callback_data")
    if data and len(data.encode()) > 64:
        raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def _string(data: dict[str, Any], name: str, *, required: bool = False) -> str:
    """JsonObject::get_optional_string_field: a string, or a number read as its digits."""
    if name not in data:
        if required:
            raise Malformed(f'Can\'t find field "{name}"')
        return ""
    value = data[name]
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise Malformed(f'Field "{name}" must be of type String')


# --- Inline query results -----------------------------------------------------------------------


def check_inline_results(results: Any) -> None:
    """answerInlineQuery's results, or Telegram's refusal: the server reads each result, TDLib
    checks their texts and buttons, Telegram's servers their ids."""
    if results is None:
        return
    if isinstance(results, str):
        raise bad_request("Can't parse JSON encoded inline query results: invalid JSON")
    if not isinstance(results, list):
        raise bad_request("Expected an Array of inline query results")
    if len(results) > INLINE_RESULTS_MAX:
        raise bad_request("Too many inline query results specified")
    texts: list[ParsedText] = []
    buttons: list[dict[str, Any]] = []
    for result in results:
        try:
            texts += _read_result(result)
            buttons += _keyboard(result.get("reply_markup"))
        except Malformed as error:
            raise error.within("Can't parse inline query result").answer() from None
    for text in texts:
        shown(text, too_long="Bad Request: MESSAGE_TOO_LONG")
    for button in buttons:
        _judge_button(button)
    ids = [str(result["id"]) for result in results]
    if any(not result_id for result_id in ids):
        raise ApiError(400, "Bad Request: RESULT_ID_EMPTY")
    if any(len(result_id.encode()) > 64 for result_id in ids):
        raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
    if len(set(ids)) != len(ids):
        raise ApiError(400, "Bad Request: RESULT_ID_DUPLICATE")


def _read_result(result: Any) -> list[ParsedText]:
    """Client::get_inline_query_result for what every result shares and for articles (the one
    kind whose own fields are read here); returns the message texts to check after parsing."""
    if not isinstance(result, dict):
        raise Malformed("Inline query result must be an object")
    kind = _string(result, "type", required=True).lower()
    _string(result, "id", required=True)
    content = result.get("input_message_content")
    if content is not None and not isinstance(content, dict):
        raise Malformed('Field "input_message_content" must be of type Object')
    texts = []
    if content is None and kind == "article":
        _string(result, "message_text", required=True)  # the legacy spelling, then required
    if content is not None and (text := _string(content, "message_text")):
        texts.append(formatted(text, content.get("parse_mode")))
    elif content is not None and kind == "article" and not content.keys() & _OTHER_CONTENTS:
        raise Malformed("Input message content is not specified")
    caption(result.get("caption"), result.get("parse_mode"))
    if result.get("reply_markup") is not None and not isinstance(result["reply_markup"], dict):
        raise Malformed('Field "reply_markup" must be of type Object')
    if kind not in _RESULT_KINDS:
        raise Malformed(f'type "{kind}" is unsupported for the inline query result')
    if kind == "article":
        _string(result, "title", required=True)
    return texts


# --- URLs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Url:
    """An HTTP URL as TDLib's parse_url reads it."""

    protocol: str
    userinfo: str
    host: str
    is_ipv6: bool
    specified_port: int
    port: int


def parse_url(url: str, default_protocol: str = "http") -> Url:
    """td::parse_url: [http(s)://][userinfo@]host[:port][/path]; ValueError with TDLib's reason."""
    scheme, separator, rest = url.partition("://")
    if separator and not re.search(r"[:/?#@\[\]]", scheme):
        protocol = scheme.lower()
        if protocol not in ("http", "https"):
            raise ValueError("Unsupported URL protocol")
    else:
        protocol, rest = default_protocol, url
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0]
    userinfo, _, host_port = authority.rpartition("@")
    host, port = host_port, 0
    colon = max(host_port.rfind(mark) for mark in ":]@")
    if colon > 0 and host_port[colon] == ":":
        host, digits = host_port[:colon], host_port[colon + 1 :].lstrip("0") or "0"
        port = int(digits) if digits.isdigit() and int(digits) else -1
    if not 0 <= port <= 65535:
        raise ValueError("Wrong port number specified in the URL")
    is_ipv6 = host.startswith("[") and host.endswith("]")
    if not host:
        raise ValueError("URL host is empty")
    if host == ".":
        raise ValueError("Host is invalid")
    if not is_ipv6:
        _check_url_part(host, "host")
    default_port = 80 if protocol == "http" else 443
    return Url(protocol, userinfo, host.lower(), is_ipv6, port, port or default_port)


def _check_url_part(part: str, name: str) -> None:
    position = 0
    while position < len(part):
        found = _URL_CHARACTER.match(part, position)
        if found is None:
            if part[position] == "%":
                raise ValueError(f"Wrong percent-encoded symbol in URL {name}")
            raise ValueError(f"Disallowed character in URL {name}")
        position = found.end()


def check_link(link: str) -> None:
    """LinkManager::check_link for a button: an HTTP(S) URL with a dotted host, or tg://."""
    if re.match(r"(?i)tg://user\?id=\d+$", link):
        return  # a mention of a user by id
    is_tg = link.lower().startswith("tg:")
    rest = link[3:].removeprefix("//") if is_tg else link
    url = parse_url(rest)
    if is_tg:
        if rest.lower().startswith(("http://", "https://")) or url.userinfo or url.specified_port:
            raise ValueError("Wrong tg URL")
        if not re.fullmatch(r"[A-Za-z0-9_-]+", url.host):
            raise ValueError("Unallowed characters in URL host")
        return
    if "." not in url.host and not url.is_ipv6:
        raise ValueError("Wrong HTTP URL")
