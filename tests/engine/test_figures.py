"""A figure counts what stands near it in its own phrase, read on the knowledge's answers."""

from __future__ import annotations

import pytest

from bot.engine.figures import enumerated, figured, pattern
from bot.engine.generation import Knowledge
from bot.lang import Lang


@pytest.mark.parametrize(
    ("fact", "lang", "wanted", "counted"),
    [
        # "..., more than five-fold": a short phrase qualifies the figure of the one before
        ("life-expectancy-newborn-deaths", "en", ["newborn"], True),
        ("life-expectancy-newborn-deaths", "en", ["life", "expectancy"], False),
        ("life-expectancy-newborn-deaths", "ru", ["смертность"], True),
        ("life-expectancy-newborn-deaths", "ru", ["продолжительность"], False),
        # "ұзақтығы артып, нәрестелер өлімі 5 есе": the comma ends life expectancy's phrase
        ("life-expectancy-newborn-deaths", "kk", ["нарестелер"], True),
        ("life-expectancy-newborn-deaths", "kk", ["узактыгы"], False),
        # "здание ..., в котором размещаются 16 структур": a relative clause goes on
        ("almaty-un-building", "ru", ["здании"], True),
    ],
)
def test_a_figure_counts_what_stands_in_its_phrase(
    knowledge: Knowledge, fact: str, lang: Lang, wanted: list[str], counted: bool
) -> None:
    assert figured(wanted, knowledge.kb.fact(fact).answer[lang]) is counted


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        # migrants are named only in the sentence after the 400 projects
        ("how many refugees did the UN projects support over 30 years?", False),
        ("how many migrants and refugees have UN projects supported in Kazakhstan?", False),
        ("how many projects has the UN implemented in Kazakhstan?", True),
        # a number written as a word counts: "three areas", "үш бағыт"
        ("how many areas does the UN cooperation framework for 2021-2025 cover?", True),
        ("2021-2025 жылдарға арналған негіздемелік бағдарлама неше бағытты қамтиды?", True),
        # a measure asked "30 years ago" is asked its level then, which "has grown" is not
        ("what was life expectancy in kazakhstan 30 years ago?", False),
        ("какой была продолжительность жизни в Казахстане 30 лет назад?", False),
        ("30 жыл бұрын Қазақстанда өмір сүру ұзақтығы қандай болды?", False),
        ("how has life expectancy in Kazakhstan changed over the past 30 years?", True),
        # "participants" is not the question's "people": no sentence tells, and it stands
        ("how many people took part in the UN80 panel discussion?", True),
    ],
)
def test_a_count_is_answered_where_the_answer_counts_that_thing(
    knowledge: Knowledge, question: str, answered: bool
) -> None:
    assert (knowledge.matcher.match(question).status == "answer") is answered


@pytest.mark.parametrize(
    ("fact", "lang", "asked", "listed"),
    [
        # "the middle powers and all developing countries": two kinds, no country named
        ("middle-powers-security-council", "en", ["countries"], False),
        # "to various UN missions, which will strengthen … and increase …": "and" joins verbs
        ("peacekeepers-430", "en", ["missions"], False),
        # "the principles of tripartism and social dialogue": after the word, in its phrase
        ("ilo-tripartism", "en", ["principles"], True),
        ("framework-2021-2025", "en", ["areas"], True),  # "three areas: …"
        ("summit-of-the-future-2024", "kk", ["кужаттарына"], True),  # names joined by "және"
        # a name with an "and" of its own lists nothing ("… World and Traditional Religions")
        ("world-religions-congress", "en", ["initiatives"], False),
        ("cica", "en", ["initiatives"], False),
    ],
)
def test_an_answer_enumerates_what_is_asked_only_by_a_list(
    knowledge: Knowledge, fact: str, lang: Lang, asked: list[str], listed: bool
) -> None:
    enumerating = pattern(knowledge.kb.words.enumerations)
    assert enumerated(asked, knowledge.kb.fact(fact).answer[lang], enumerating) is listed
