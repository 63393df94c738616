"""Greetings and thanks get a friendly reply, never "I don't know", and never hide a question."""

from __future__ import annotations

import pytest

from bot.engine.generation import Knowledge
from bot.engine.render import render_match
from bot.engine.smalltalk import small_talk
from bot.lang import Lang
from bot.texts import text


@pytest.mark.parametrize(
    ("message", "kind", "lang"),
    [
        ("Hello!", "greeting", "en"),
        ("hi bot", "greeting", "en"),
        ("Добрый день", "greeting", "ru"),
        ("Сәлеметсіз бе?", "greeting", "kk"),
        ("салем", "greeting", "kk"),  # Kazakh typed on a Russian keyboard
        ("hi, how are you doing?", "greeting", "en"),
        ("Привет, как дела?", "greeting", "ru"),
        ("Сәлем, қалың қалай?", "greeting", "kk"),
        ("What's up?", "greeting", "en"),
        ("Thank you very much 🙏", "thanks", "en"),
        ("спасибо большое", "thanks", "ru"),
        ("Көп рахмет!", "thanks", "kk"),
    ],
)
def test_small_talk_recognises_greetings_and_thanks(message: str, kind: str, lang: str) -> None:
    assert small_talk(message) == (kind, lang)


@pytest.mark.parametrize(
    "message",
    [
        "hello, when did kazakhstan join the un",
        "thanks, and who is houngbo",
        "",
        "🙂",
        "how?",
        "как?",
    ],
)
def test_small_talk_leaves_questions_and_noise_alone(message: str) -> None:
    assert small_talk(message) is None


@pytest.mark.parametrize(
    ("message", "lang", "key"),
    [
        ("hello", "en", "small_talk_greeting"),
        ("привет", "ru", "small_talk_greeting"),
        ("рахмет", "kk", "small_talk_thanks"),
    ],
)
def test_small_talk_gets_a_friendly_reply_in_its_language(
    knowledge: Knowledge, message: str, lang: Lang, key: str
) -> None:
    match = knowledge.matcher.match(message)
    assert match.status == "decline" and match.lang == lang  # no fact is claimed
    assert render_match(match, knowledge.kb, "html") == text(key, lang)


def test_a_greeting_with_a_question_is_answered(knowledge: Knowledge) -> None:
    match = knowledge.matcher.match("hello, when did kazakhstan join the un?")
    assert match.status == "answer" and match.fact is not None
    assert "1992" in render_match(match, knowledge.kb, "text")
