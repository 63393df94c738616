"""Greetings and thanks: not questions, so they get a friendly word instead of a refusal."""

from __future__ import annotations

from typing import Literal

from bot.engine.language import detect_language
from bot.engine.normalize import fold, phrase_pattern, word_set
from bot.lang import Lang

SmallTalk = Literal["greeting", "thanks"]

# Words that make up a greeting or a thank-you on their own, by language (folded like every
# message, so "сәлем" typed as "салем" counts); a message with any other word is a question.
_WORDS: dict[tuple[SmallTalk, Lang], frozenset[str]] = {
    ("greeting", "en"): word_set("hi hello hey hiya greetings good morning afternoon evening bot"),
    ("greeting", "ru"): word_set("привет здравствуйте добрый доброе день утро вечер бот"),
    ("greeting", "kk"): word_set("сәлем сәлеметсіз сәлеметсізбе бе салам армысыз қайырлы таң күн"),
    ("thanks", "en"): word_set("thanks thank you thx ty cheers very much a lot so bot"),
    ("thanks", "ru"): word_set("спасибо большое огромное благодарю спс бот"),
    ("thanks", "kk"): word_set("рахмет көп үлкен"),
}
# Asking how one is greets too, as a whole phrase ("how?" alone or "как?" is no greeting).
_HOW_ARE_YOU = phrase_pattern(
    [
        *("how are you doing", "how are you", "how it going", "how is it going", "what up"),
        *("как дела", "как поживаете", "как ты", "как вы"),
        *("қалың қалай", "қалайсыз", "хал қалай", "халіңіз қалай"),
    ]
)
_MAX_WORDS = 5  # "thank you very much bot" is small talk; a longer message is a question


def small_talk(message: str) -> tuple[SmallTalk, Lang] | None:
    """Which kind of small talk a message is, and in which language; None for a question."""
    folded = fold(message)
    words = _HOW_ARE_YOU.sub(" ", f" {folded} ").split()
    if not folded.split() or len(words) > _MAX_WORDS:
        return None
    if not words:
        return "greeting", detect_language(message) or "en"
    for (kind, lang), vocabulary in _WORDS.items():
        if all(word in vocabulary for word in words):
            return kind, lang
    return None
