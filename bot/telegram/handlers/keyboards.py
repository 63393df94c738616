"""A reply's choices as inline buttons, and the short, versioned callback data behind them.

Callback data is `<kind>1:<lang>:<argument>`, at most 64 bytes as Telegram requires:
  f1:en:<fact-id>   related: send that fact as a new message (under an answer)
  e1:en:<fact-id>   fact: edit this message into that fact ("did you mean", browsing a topic)
  t1:en:<topic-id>  topic: edit this message into the facts of a topic; empty lists all topics
  q1:en:<n>         example: ask example question n (the /start buttons)
  l1:en:            language: set the reply language (/lang buttons)
The digit is the format version: a button from an older format fails to parse and is answered
"expired" instead of doing something wrong. The language is in the data because a "did you mean"
in Russian must open the Russian answer, whatever the user's /lang setting.
"""

from __future__ import annotations

import re
from typing import cast

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.chat.replies import Action, Kind, Reply
from bot.lang import Lang

MAX_CALLBACK_BYTES = 64
_LETTERS: dict[Kind, str] = {
    "related": "f",
    "fact": "e",
    "topic": "t",
    "example": "q",
    "language": "l",
}
_KINDS = {letter: kind for kind, letter in _LETTERS.items()}
_DATA = re.compile(r"^(?P<kind>[fetql])1:(?P<lang>en|ru|kk):(?P<arg>[a-z0-9-]{0,56})$")


def encode(action: Action) -> str:
    """Callback data for a button; ValueError if it would not fit Telegram's 64 bytes."""
    data = f"{_LETTERS[action.kind]}1:{action.lang}:{action.arg}"
    if len(data.encode()) > MAX_CALLBACK_BYTES or not _DATA.match(data):
        raise ValueError(f"callback data {data!r} is not valid")
    return data


def decode(data: str | None) -> Action | None:
    """The action of a button, or None for data this version does not understand."""
    found = _DATA.match(data or "")
    if found is None:
        return None
    return Action(_KINDS[found["kind"]], cast(Lang, found["lang"]), found["arg"])


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """The reply's choices as a column of buttons; None when it offers none."""
    rows = [
        [InlineKeyboardButton(choice.label, callback_data=encode(choice.action))]
        for choice in reply.choices
    ]
    return InlineKeyboardMarkup(rows) if rows else None
