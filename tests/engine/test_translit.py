"""Kazakh and Russian typed in Latin letters are read as the Cyrillic they stand for."""

from __future__ import annotations

import pytest

from bot.engine.generation import Knowledge
from bot.engine.translit import to_cyrillic


@pytest.mark.parametrize(
    ("latin", "lang", "cyrillic"),
    [
        ("kazakstan buu ga kashan kirdi", "kk", "казакстан буу га кашан кирди"),
        ("qandai jyly", "kk", "кандай жылы"),  # "ai" ends in "й", "j" is "ж" in Kazakh
        ("qaşan bolğan", "kk", "кашан болган"),  # the Kazakh Latin alphabet
        ("kakoj nomer u kazakhstana", "ru", "какой номер у казахстана"),  # "j" is "й" in Russian
        ("skolko mirotvortsev", "ru", "сколко миротворцев"),
    ],
)
def test_latin_words_are_spelled_in_cyrillic(latin: str, lang: str, cyrillic: str) -> None:
    assert to_cyrillic(latin, lang) == cyrillic  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "fact_id"),
    [
        ("kazakstan BUU-ga kai jyly mushe boldy?", "un-membership"),
        ("Qazaqstan BŪŪ-ğa qaşan kirdi?", "un-membership"),
        (
            "olim jazasyn jogu turaly hattamany kazakstan kashan ratifikaciyalady",
            "death-penalty-abolished",
        ),
    ],
)
def test_kazakh_typed_in_latin_letters_is_answered_in_kazakh(
    knowledge: Knowledge, question: str, fact_id: str
) -> None:
    match = knowledge.matcher.match(question)
    assert match.fact is not None and match.fact.id == fact_id
    assert match.lang == "kk"


def test_english_is_read_as_english(knowledge: Knowledge) -> None:
    match = knowledge.matcher.match("when did kazakhstan join the un")
    assert match.lang == "en" and match.fact is not None
    assert knowledge.matcher.match("what is the weather in paris tomorrow").fact is None
