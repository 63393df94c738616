"""Requests checked against the parameters the Bot API documents, method by method.

The table is data: tests/fakes/bot_api.json, extracted from a scrape of the Bot API page (its
"about" says from where) for these methods and every type they take, nested types included.

Telegram is lenient where the documentation is not: it ignores parameters it does not know, it
reads a missing `results` as no results and a missing `url` as "delete the webhook", it quietly
uses the URL of a button that also has callback data. A bot relying on that works by accident, and
a misspelt parameter (`disable_web_page_previews`) is dropped without a word in production. So the
stand-in answers such requests as Telegram does, and `check` lists what is wrong with them as
*violations*; the `botapi` fixture fails the test that caused any (tests/conftest.py).

    decode("sendMessage", {"chat_id": "42", "text": "7"})   # {"chat_id": 42, "text": "7"}
    check("sendMessage", {"chat_id": 42, "txt": "hi"})
    # ["sendMessage: required parameter 'text' is missing",
    #  "sendMessage: parameter 'txt' is not documented (Telegram ignores it)"]
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

SPEC: dict[str, Any] = json.loads(Path(__file__).with_name("bot_api.json").read_text("utf-8"))
_CANONICAL = {name.lower(): name for name in SPEC["methods"]}
_SCALARS: dict[str, Callable[[Any], bool]] = {
    "Integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "Float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "String": lambda v: isinstance(v, str),
    "Boolean": lambda v: isinstance(v, bool),
    "True": lambda v: v is True,
    "InputFile": lambda v: True,  # uploads are not decoded; the bot sends none
}
# InlineKeyboardButton: "Exactly one of the fields other than text, icon_custom_emoji_id, and
# style must be used to specify the type of the button." Telegram refuses none, but of two it
# silently keeps the first it knows (the URL over the callback data).
_BUTTON_LOOKS = frozenset({"text", "icon_custom_emoji_id", "style"})


def method_name(requested: str) -> str | None:
    """The documented spelling of a method, matched without case as the server matches it."""
    return _CANONICAL.get(requested.lower())


def documented(method: str) -> dict[str, str]:
    """Every parameter of `method` and its documented type ("Integer or String", ...)."""
    spec = SPEC["methods"][method]
    return {**spec["required"], **spec["optional"]}


def decode(method: str | None, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters as values: python-telegram-bot sends strings as they are and JSON-encodes the
    rest (numbers, booleans, objects), so a value is JSON-decoded unless its type is String."""
    types = documented(method) if method else {}
    decoded: dict[str, Any] = {}
    for name, value in raw.items():
        if isinstance(value, str) and types.get(name) != "String":
            # not JSON: "@channel" for a chat_id, or a malformed value the method will refuse
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        decoded[name] = value
    return decoded


def check(method: str, params: Mapping[str, Any]) -> list[str]:
    """What in this request the documentation does not allow: unknown or missing parameters,
    values of the wrong type, and the same in every object nested in them."""
    spec = SPEC["methods"][method]
    types = documented(method)
    found = [
        f"{method}: parameter {name!r} is not documented (Telegram ignores it)"
        for name in params
        if name not in types
    ]
    found += [
        f"{method}: required parameter {name!r} is missing"
        for name in spec["required"]
        if params.get(name) in (None, "")
    ]
    for name, value in params.items():
        if name in types and value is not None:
            found += _value(value, types[name], f"{method}.{name}")
    return found


def _value(value: Any, documented_type: str, where: str) -> list[str]:
    """Problems of `value` against a type such as "Integer or String"; none if any one fits."""
    tried = [_one(value, alternative, where) for alternative in documented_type.split(" or ")]
    return min(tried, key=len)


def _one(value: Any, documented_type: str, where: str) -> list[str]:
    if documented_type.startswith("Array of "):
        if not isinstance(value, list):
            return [f"{where}: expected an {documented_type}, got {value!r:.60}"]
        element = documented_type.removeprefix("Array of ")
        return [
            problem
            for index, item in enumerate(value)
            for problem in _value(item, element, f"{where}[{index}]")
        ]
    if documented_type in _SCALARS:
        if _SCALARS[documented_type](value):
            return []
        return [f"{where}: expected {documented_type}, got {value!r:.60}"]
    return _object(value, documented_type, where)


def _object(value: Any, name: str, where: str) -> list[str]:
    spec = SPEC["types"][name]
    if not isinstance(value, dict):
        return [f"{where}: expected a {name} object, got {value!r:.60}"]
    if "one_of" in spec:
        return _variant(value, name, spec["one_of"], where)
    fields = {**spec["required"], **spec["optional"]}
    found = [f"{where}.{key}: not a field of {name}" for key in value if key not in fields]
    found += [f"{where}: {name} needs {key!r}" for key in spec["required"] if key not in value]
    for key, item in value.items():
        if key in fields and item is not None:
            found += _value(item, fields[key], f"{where}.{key}")
    if name == "InlineKeyboardButton" and len(actions := sorted(set(value) - _BUTTON_LOOKS)) > 1:
        found.append(f"{where}: a button takes exactly one action, not {', '.join(actions)}")
    return found


def _variant(value: dict[str, Any], name: str, variants: list[str], where: str) -> list[str]:
    """An abstract type (InlineQueryResult, BotCommandScope, InputMessageContent): the variant
    named by the object's "type" where variants have one, else whichever fits best."""
    tags = {SPEC["types"][variant].get("tag") for variant in variants} - {None}
    if tags:
        variants = [v for v in variants if SPEC["types"][v].get("tag") == value.get("type")]
        if not variants:
            return [f"{where}: type {value.get('type')!r} is not a kind of {name}"]
    return min((_object(value, variant, where) for variant in variants), key=len)
