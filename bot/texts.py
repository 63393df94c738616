"""Everything the bot says to people, in English, Russian and Kazakh: translators edit only here.

Keys are grouped by feature. Placeholders use str.format names; values that come from users are
escaped by the caller before they are put in, never here.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.knowledge import Lang

TEXTS: Mapping[str, Mapping[Lang, str]] = {
    # --- answers: matcher and rendering ---------------------------------------------------------
    "source": {"en": "Source", "ru": "Источник", "kk": "Дереккөз"},
    # --- bot: commands, questions, inline mode ---------------------------------------------------
    # --- daily posts and subscriptions -----------------------------------------------------------
    # --- operations: admin commands --------------------------------------------------------------
}


def text(key: str, lang: Lang, **params: object) -> str:
    """The sentence `key` in `lang`, with its placeholders filled in."""
    return TEXTS[key][lang].format(**params)
