"""Which language a message is written in, so the reply comes back in the same one."""

from __future__ import annotations

import re

from bot.engine.normalize import CYRILLIC_LETTER, KAZAKH_LETTERS, LATIN_LETTER, clean, word_set
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


# Letters are found and counted by regular expressions, in C: every question and every keyword
# of the knowledge is read here.
_KAZAKH = re.compile(f"[{KAZAKH_LETTERS}]")


def detect_language(text: str) -> Lang | None:
    """en, ru or kk by script and words; None when the text has no Latin or Cyrillic letters."""
    words = clean(text)
    if _KAZAKH.search(words):
        return "kk"
    cyrillic = len(CYRILLIC_LETTER.findall(words))
    latin = len(LATIN_LETTER.findall(words))
    if not cyrillic and not latin:
        return None
    if latin > cyrillic:
        return "en"
    if any(word in KAZAKH_WORDS for word in words.split()):
        return "kk"
    return "ru"
