"""Requests checked against the parameters of the Bot API, method by method.

Telegram is lenient where the documentation is not: it ignores parameters it does not know, it
reads a missing `results` as no results and a missing `url` as "delete the webhook", it quietly
uses the URL of a button that also has callback data. A bot relying on that works by accident, and
a misspelt parameter (`disable_web_page_previews`) is dropped without a word in production. So the
stand-in answers such requests as Telegram does, and `check` lists what is wrong with them as
*violations*; the `botapi` fixture fails the test that caused any (tests/conftest.py).

    decode("sendMessage", {"chat_id": "42", "text": "7"})   # {"chat_id": 42, "text": "7"}
    check("sendMessage", {"chat_id": 42, "txt": "hi"})
    # ["sendMessage: parameter 'txt' is not documented (Telegram ignores it)",
    #  "sendMessage: required parameter 'text' is missing"]

The table is our own, derived when the tests run from the installed python-telegram-bot, which
mirrors the Bot API of its version (telegram.__bot_api_version__) name for name:
- a method's parameters are those of its `telegram.Bot` method (sendMessage -> send_message)
  before the `*`; a parameter is required when it has no default. PTB puts its own arguments after
  the `*`: read/write/connect/pool_timeout, api_kwargs, current_offset, the pre-7.0 spellings it
  converts (reply_to_message_id, allow_sending_without_reply -> reply_parameters,
  disable_web_page_preview -> link_preview_options) and upload conveniences (filename, ...);
  ExtBot's rate_limit_args is not on `telegram.Bot` at all;
- an object's fields are the parameters of `telegram.<Type>.__init__` but api_kwargs, with PTB's
  `from_user` sent as `from`;
- an abstract type (InlineQueryResult, BotCommandScope, InputMessageContent; a type PTB
  subclasses) is one of its public subclasses. Where PTB's subclasses fix the base's `type`
  themselves, the object must carry it and the variant is picked by it; its value follows the
  Bot API's naming, the class name less the base's and "Cached" in snake_case
  (InlineQueryResultCachedMpeg4Gif -> "mpeg4_gif"); where not, whichever variant fits best.
Types come from PTB's annotations as JSON kinds: int, str, bool, float (an int is a float too),
list (of kinds), object (dict) and the Telegram types above; datetime and timedelta are int, as
PTB sends them (Unix time, seconds). Where the mapping is not plain, it is left out: alternatives
PTB converts before sending are dropped and the rest checked (a tuple for a BotCommand, a callable
for results, arbitrary callback_data, which it sends as a string); not checked are the fields PTB
sets itself (`type`, which picks the variant, `force_reply`, `remove_keyboard`), values that may be
uploads (InputFile in the annotation), which the stand-in does not decode, and anything else with
no kind left. PTB also allows a plain string for a KeyboardButton (it converts it), so a reply
keyboard of strings passes; the bot sends inline keyboards only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import inspect
import json
import re
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import telegram
from telegram._utils import types as ptb_types  # the aliases PTB's annotations name

_SCALARS: dict[str, Callable[[Any], bool]] = {
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "str": lambda v: isinstance(v, str),
    "bool": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
}
_RENAMED = {"from_user": "from"}  # as PTB's TelegramObject.to_dict sends them
# InlineKeyboardButton: "Exactly one of the fields other than text, icon_custom_emoji_id, and
# style must be used to specify the type of the button." Telegram refuses none, but of two it
# silently keeps the first it knows (the URL over the callback data).
_BUTTON_LOOKS = frozenset({"text", "icon_custom_emoji_id", "style"})


@dataclass(frozen=True)
class ListOf:
    """A JSON array whose items may take any of `items`."""

    items: tuple[Kind, ...]


Kind = str | ListOf | type  # a key of _SCALARS, an array, or a Telegram type


@dataclass(frozen=True)
class Fields:
    """A method's parameters or an object's fields, each with the kinds its value may take
    (none: not checked), the required ones, and the `type` a variant must carry, if any."""

    kinds: dict[str, tuple[Kind, ...]]
    required: frozenset[str]
    tag: str | None = None


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


_CANONICAL = {
    name.lower(): name
    for name, member in vars(telegram.Bot).items()
    if callable(member) and name[:1].islower() and _snake(name) == getattr(member, "__name__", "")
}


def method_name(requested: str) -> str | None:
    """The Bot API's spelling of a method, matched without case as the server matches it."""
    return _CANONICAL.get(requested.lower())


def decode(method: str | None, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters as values: python-telegram-bot sends strings as they are and JSON-encodes the
    rest (numbers, booleans, objects), so a value is JSON-decoded unless it can only be text."""
    kinds = _method(method).kinds if method else {}
    decoded: dict[str, Any] = {}
    for name, value in raw.items():
        if isinstance(value, str) and kinds.get(name) != ("str",):
            # not JSON: "@channel" for a chat_id, or a malformed value the method will refuse
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        decoded[name] = value
    return decoded


def check(method: str, params: Mapping[str, Any]) -> list[str]:
    """What in this request the Bot API does not allow: unknown or missing parameters, values
    of the wrong kind, and the same in every object nested in them."""
    spec = _method(method)
    found = [
        f"{method}: parameter {name!r} is not documented (Telegram ignores it)"
        for name in params
        if name not in spec.kinds
    ]
    found += [
        f"{method}: required parameter {name!r} is missing"
        for name in sorted(spec.required)
        if params.get(name) in (None, "")
    ]
    for name, value in params.items():
        if name in spec.kinds and value is not None:
            found += _value(value, spec.kinds[name], f"{method}.{name}")
    return found


# --- the table, from PTB's signatures ------------------------------------------------------------


@functools.cache
def _method(method: str) -> Fields:
    return _fields(getattr(telegram.Bot, _snake(method)))


@functools.cache
def _type(cls: type) -> Fields:
    """The fields of `cls.__init__`, and those PTB sets itself and always sends (its public
    slots: `type` of a variant, `force_reply`, `remove_keyboard`), required and not checked."""
    fields = _fields(cls.__init__)
    bases = [b for b in cls.__mro__ if issubclass(b, telegram.TelegramObject)][:-1]
    slots = {s for b in bases for s in vars(b).get("__slots__", ()) if not s.startswith("_")}
    fixed = slots - fields.kinds.keys()
    if not fixed:
        return fields
    abstract = next((b for b in bases[1:] if _variants(b)), None)
    name = cls.__name__.removeprefix(abstract.__name__ if abstract else "").removeprefix("Cached")
    return Fields(
        fields.kinds | dict.fromkeys(fixed, ()),
        fields.required | fixed,
        _snake(name) if abstract and "type" in fixed else None,
    )


def _fields(function: Callable[..., Any]) -> Fields:
    names = {**vars(telegram), **vars(ptb_types), **function.__globals__}
    hints = typing.get_type_hints(function, names)
    parameters = [
        p
        for p in inspect.signature(function).parameters.values()
        if p.kind is p.POSITIONAL_OR_KEYWORD and p.name != "self"
    ]
    return Fields(
        {_RENAMED.get(p.name, p.name): _kinds(hints[p.name]) for p in parameters},
        frozenset(_RENAMED.get(p.name, p.name) for p in parameters if p.default is p.empty),
    )


def _kinds(hint: Any) -> tuple[Kind, ...]:
    """The JSON kinds an annotation allows; none for what PTB converts or uploads."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        if telegram.InputFile in args:
            return ()
        return tuple(dict.fromkeys(kind for arg in args for kind in _kinds(arg)))
    if origin in (Sequence, list):
        return (ListOf(_kinds(args[0])),)
    if origin is dict:
        return ("object",)
    if hint in (int, str, bool, float):
        return (hint.__name__,)
    if hint in (dt.datetime, dt.timedelta):  # PTB sends Unix time and seconds
        return ("int",)
    if inspect.isclass(hint) and issubclass(hint, telegram.TelegramObject):
        return (hint,)
    return ()  # None, DefaultValue, tuple, Callable, object: what PTB converts or leaves out


@functools.cache
def _variants(cls: type) -> tuple[type, ...]:
    """The public subclasses of an abstract type, the concrete types an object of it may be."""
    found: list[type] = []
    for sub in cls.__subclasses__():
        if getattr(telegram, sub.__name__, None) is sub:
            found += [sub, *_variants(sub)]
    return tuple(found)


# --- values against kinds ------------------------------------------------------------------------


def _value(value: Any, kinds: tuple[Kind, ...], where: str) -> list[str]:
    """Problems of `value` against its kinds; none if any one fits, or if there are none."""
    tried = [_one(value, kind, where) for kind in kinds]
    return min(tried, key=len, default=[])


def _one(value: Any, kind: Kind, where: str) -> list[str]:
    if isinstance(kind, ListOf):
        if not isinstance(value, list):
            return [f"{where}: expected a list, got {value!r:.60}"]
        return [
            problem
            for index, item in enumerate(value)
            for problem in _value(item, kind.items, f"{where}[{index}]")
        ]
    if isinstance(kind, str):
        return [] if _SCALARS[kind](value) else [f"{where}: expected {kind}, got {value!r:.60}"]
    return _object(value, kind, where)


def _object(value: Any, cls: type, where: str) -> list[str]:
    name = cls.__name__
    if not isinstance(value, dict):
        return [f"{where}: expected a {name} object, got {value!r:.60}"]
    if variants := _variants(cls):
        return _variant(value, name, variants, where)
    spec = _type(cls)
    found = [f"{where}.{key}: not a field of {name}" for key in value if key not in spec.kinds]
    found += [
        f"{where}: {name} needs {key!r}" for key in sorted(spec.required) if key not in value
    ]
    for key, item in value.items():
        if key in spec.kinds and item is not None:
            found += _value(item, spec.kinds[key], f"{where}.{key}")
    if name == "InlineKeyboardButton" and len(actions := sorted(set(value) - _BUTTON_LOOKS)) > 1:
        found.append(f"{where}: a button takes exactly one action, not {', '.join(actions)}")
    return found


def _variant(
    value: dict[str, Any], name: str, variants: tuple[type, ...], where: str
) -> list[str]:
    """An abstract type: the variant named by the object's "type" where variants carry one,
    else whichever fits best."""
    if any(_type(v).tag for v in variants):
        variants = tuple(v for v in variants if _type(v).tag == value.get("type"))
        if not variants:
            return [f"{where}: type {value.get('type')!r} is not a kind of {name}"]
    return min((_object(value, variant, where) for variant in variants), key=len)
