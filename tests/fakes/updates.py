"""Telegram-shaped update and message dicts, as a Telegram client would send them to the bot.

    alice = user("Alice", language_code="ru")        # also group(), channel(), private_chat()
    private_message("hello", user=alice)             # {"message": {...}} with a fresh message_id
    channel_post("/today", chat=channel())           # no `from`: the channel is the sender
    message("/today@kzun_test_bot", chat=group(), sender=alice)   # entities are attached

Ids come from one counter, so every user, chat, message and query in a test session is distinct.
The stand-in (tests/fakes/botapi.py) learns chats and users from the updates it is given; the
conversation driver (tests/fakes/chat.py) builds its updates from these functions.
"""

from __future__ import annotations

import itertools
import re
import time
from collections.abc import Mapping
from typing import Any

BOT_USER: dict[str, Any] = {
    "id": 123456789,
    "is_bot": True,
    "first_name": "Kazakhstan and the UN",
    "username": "kzun_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}
ANONYMOUS_ADMIN: dict[str, Any] = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
STICKER: dict[str, Any] = {
    "sticker": {
        "file_id": "CAACAgIAAxkBAAIB",
        "file_unique_id": "AgAD",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    }
}
PHOTO: dict[str, Any] = {
    "photo": [{"file_id": "AgACAgIAAxkBAAIC", "file_unique_id": "AQAD", "width": 90, "height": 90}]
}
VOICE: dict[str, Any] = {
    "voice": {"file_id": "AwACAgIAAxkBAAID", "file_unique_id": "AgAE", "duration": 2}
}

_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION = re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{3,31}")
_ids = itertools.count(1000)


def next_id() -> int:
    """A fresh id for a user, chat, message or query."""
    return next(_ids)


def utf16_len(text: str) -> int:
    """Length as Telegram counts entity offsets: UTF-16 code units (an astral emoji counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def user(
    first_name: str = "Alice",
    *,
    user_id: int | None = None,
    language_code: str | None = "en",
    username: str | None = None,
) -> dict[str, Any]:
    """A Telegram User; a fresh id unless one is given."""
    data: dict[str, Any] = {
        "id": user_id or next_id(),
        "is_bot": False,
        "first_name": first_name,
    }
    if language_code:
        data["language_code"] = language_code
    if username:
        data["username"] = username
    return data


def private_chat(person: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": person["id"], "type": "private", "first_name": person["first_name"]}


def group(title: str = "UN fans", *, chat_id: int | None = None) -> dict[str, Any]:
    """A supergroup (ids start with -100, as Telegram's do)."""
    return {"id": chat_id or -1001000000000 - next_id(), "type": "supergroup", "title": title}


def channel(title: str = "KZ-UN news", *, username: str = "kzun_news") -> dict[str, Any]:
    return {
        "id": -1002000000000 - next_id(),
        "type": "channel",
        "title": title,
        "username": username,
    }


def entities(text: str) -> list[dict[str, Any]]:
    """The bot_command and mention entities a Telegram client would attach (UTF-16 offsets)."""
    found: list[dict[str, Any]] = []
    command = _COMMAND.match(text)
    if command:
        found.append({"type": "bot_command", "offset": 0, "length": utf16_len(command.group())})
    for mention in _MENTION.finditer(text):
        offset = utf16_len(text[: mention.start()])
        found.append({"type": "mention", "offset": offset, "length": utf16_len(mention.group())})
    return found


def private_message(text: str, *, user: Mapping[str, Any]) -> dict[str, Any]:
    """An update with a text message from `user` in their private chat with the bot."""
    return {"message": message(text, chat=private_chat(user), sender=user)}


def channel_post(text: str, *, chat: Mapping[str, Any]) -> dict[str, Any]:
    """An update with a channel post: no `from`, the channel itself is the sender."""
    return {"channel_post": message(text, chat=chat, sender=None)}


def message(
    text: str | None,
    *,
    chat: Mapping[str, Any],
    sender: Mapping[str, Any] | None,
    reply_to: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A Message dict; `extra` adds non-text content such as a sticker or a photo."""
    data: dict[str, Any] = {
        "message_id": next_id(),
        "date": int(time.time()),
        "chat": dict(chat),
    }
    if sender is not None:
        data["from"] = dict(sender)
    if chat["type"] == "channel" or (sender or {}).get("id") == ANONYMOUS_ADMIN["id"]:
        data["sender_chat"] = dict(chat)
    if text is not None:
        data["text"] = text
        if found := entities(text):
            data["entities"] = found
    if reply_to is not None:
        data["reply_to_message"] = dict(reply_to)
    data.update(extra or {})
    return data
