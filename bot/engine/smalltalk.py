"""Greetings and thanks: not questions, so they get a friendly word instead of a refusal."""

from __future__ import annotations

from typing import Literal

from bot.engine.normalize import fold, word_set
from bot.lang import Lang

SmallTalk = Literal["greeting", "thanks"]

# Words that make up a greeting or a thank-you on their own, by language (folded like every
# message, so "сәлем" typed as "салем" counts; "how are you doing", "как дела", "қалың қалай"
# greet too); a message with any other word is a question.
_WORDS: dict[tuple[SmallTalk, Lang], frozenset[str]] = {
    ("greeting", "en"): word_set(
        """hi hello hey hiya greetings good morning afternoon evening bot how are you doing hows
        it going whats up"""
    ),
    ("greeting", "ru"): word_set(
        "привет здравствуйте добрый доброе день утро вечер бот как дела ты вы поживаете"
    ),
    ("greeting", "kk"): word_set(
        "сәлем сәлеметсіз сәлеметсізбе бе салам армысыз қайырлы таң күн қалайсыз қалың қалай хал"
    ),
    ("thanks", "en"): word_set("thanks thank you thx ty cheers very much a lot so bot"),
    ("thanks", "ru"): word_set("спасибо большое огромное благодарю спс бот"),
    ("thanks", "kk"): word_set("рахмет көп үлкен"),
}
_MAX_WORDS = 5  # "thank you very much bot" is small talk; a longer message is a question


def small_talk(message: str) -> tuple[SmallTalk, Lang] | None:
    """Which kind of small talk a message is, and in which language; None for a question."""
    words = fold(message).split()
    if not words or len(words) > _MAX_WORDS:
        return None
    for (kind, lang), vocabulary in _WORDS.items():
        if all(word in vocabulary for word in words):
            return kind, lang
    return None
