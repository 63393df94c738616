"""Which language a message is written in, so the reply comes back in the same one."""

from __future__ import annotations

from bot.engine.normalize import KAZAKH_LETTERS, clean, is_cyrillic, is_latin, word_set
from bot.lang import Lang

# Kazakh words that are often typed on a Russian keyboard, without any Kazakh letter, and that are
# not Russian words: enough of them in a Cyrillic message means it is Kazakh.
KAZAKH_WORDS = word_set(
    """
    буу кашан канша неше нешинши кандай кайда кайсы кимдер жыл жылы жылдары жылдан болды болган
    болып туралы жане деген жок ма ме кирди курылды муше мушеси казакстан казакстанда
    казакстаннын хеу кеше бугин ертен
    """
)


def detect_language(text: str) -> Lang | None:
    """en, ru or kk by script and words; None when the text has no Latin or Cyrillic letters."""
    words = clean(text)
    if any(char in KAZAKH_LETTERS for char in words):
        return "kk"
    cyrillic = sum(is_cyrillic(char) for char in words)
    latin = sum(is_latin(char) for char in words)
    if not cyrillic and not latin:
        return None
    if latin > cyrillic:
        return "en"
    if any(word in KAZAKH_WORDS for word in words.split()):
        return "kk"
    return "ru"
