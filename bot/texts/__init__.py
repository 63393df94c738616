"""Everything the bot says to people, in English, Russian and Kazakh: translators edit only here.

One module per feature (answers, console, chat, daily, admin), merged into one table. Placeholders
use str.format names; values that come from users are escaped by the caller, never here.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.lang import Lang
from bot.texts import admin, answers, chat, console, daily

_PARTS = (answers.TEXTS, console.TEXTS, chat.TEXTS, daily.TEXTS, admin.TEXTS)
TEXTS: Mapping[str, Mapping[Lang, str]] = {
    key: value for part in _PARTS for key, value in part.items()
}
if len(TEXTS) != sum(len(part) for part in _PARTS):  # a key in two modules would hide one text
    raise RuntimeError("a text key is defined in two modules of bot/texts")


def text(key: str, lang: Lang, **params: object) -> str:
    """The sentence `key` in `lang`, with its placeholders filled in."""
    return TEXTS[key][lang].format(**params)
