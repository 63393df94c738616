"""Language detection: the reply goes back in the language the question was typed in."""

from __future__ import annotations

import pytest

from bot.engine.language import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("When did Kazakhstan join the UN?", "en"),
        ("kz un", "en"),
        ("Когда Казахстан вступил в ООН?", "ru"),
        ("что было 29 мая", "ru"),
        ("Қазақстан БҰҰ-ға қашан кірді?", "kk"),
        ("бітімгерлер күні", "kk"),
        ("казакстан буу-га кашан кирди", "kk"),  # Kazakh typed on a Russian keyboard
        ("ООН и UN", "ru"),  # more Cyrillic than Latin
        ("the role of ООН", "en"),
    ],
)
def test_detect_language_by_script_and_words(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["", "   ", "🇰🇿🇺🇳", "12345 ?!", "联合国", "الأمم المتحدة"])
def test_detect_language_is_none_without_latin_or_cyrillic_letters(text: str) -> None:
    assert detect_language(text) is None


def test_detect_language_reads_russian_with_a_single_kazakh_looking_word_as_russian() -> None:
    assert detect_language("почему не было ответа от оон") == "ru"
