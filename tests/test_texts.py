"""The user-facing text table: every key speaks all three languages with the same placeholders."""

from __future__ import annotations

import string

import pytest

from bot.lang import LANGS
from bot.texts import TEXTS, text


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_texts_key_has_every_language_with_the_same_placeholders(key: str) -> None:
    entry = TEXTS[key]
    assert set(entry) == set(LANGS), f"{key}: languages {sorted(entry)}"
    assert all(entry[lang].strip() for lang in LANGS), f"{key}: an empty text"
    expected = placeholders(entry["en"])
    for lang in LANGS:
        assert placeholders(entry[lang]) == expected, f"{key}/{lang} placeholders differ from en"


def test_texts_fill_placeholders_in_the_asked_language() -> None:
    assert text("in_year", "ru", year=1992) == "В 1992 году:"
    assert text("in_year", "kk", year=1992) == "1992 жылы:"
