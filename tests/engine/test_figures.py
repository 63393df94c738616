"""A figure counts what stands near it in its own phrase, read on the knowledge's answers."""

from __future__ import annotations

import pytest

from bot.engine.figures import figured
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
