"""Reading a question: typos corrected, but other forms of known words read as typed."""

from __future__ import annotations

import pytest

from bot.engine.generation import Knowledge
from bot.engine.reader import Reader


@pytest.fixture(scope="module")
def reader(knowledge: Knowledge) -> Reader:
    return knowledge.matcher.reader


@pytest.mark.parametrize(
    ("question", "lang", "token"),
    [
        ("Умаровтың сөзі", "kk", "=umarov"),  # a genitive the knowledge never spells out
        ("пікірталасына кім келді", "kk", "пикиртала"),  # possessive and dative
        ("мушелигинин", "kk", "муше"),  # typed without Kazakh letters
    ],
)
def test_reader_reads_another_form_of_a_known_word_as_typed(
    reader: Reader, question: str, lang: str, token: str
) -> None:
    assert reader.query(question, lang)[token] == 1.0  # type: ignore[arg-type]


def test_reader_still_corrects_a_real_typo(reader: Reader) -> None:
    query = reader.query("когда казахстан вступил в оон", "ru")
    typo = reader.query("когда казахтсан вступил в оон", "ru")  # two letters swapped
    assert set(typo) == set(query)
    assert min(typo.values()) < 1.0


@pytest.mark.parametrize(
    ("typed", "read"), [("tested", "tested"), ("jioned", "joined"), ("foundedd", "founded")]
)
def test_reader_corrects_an_inflected_word_only_into_the_same_inflection(
    reader: Reader, typed: str, read: str
) -> None:
    """ "Tested" is two edits from "test": a real past tense, not a slip; a swapped or doubled
    letter keeps the "-ed" and is corrected."""
    assert reader.correction(typed, "en")[0] == read


@pytest.mark.parametrize("word", ["even", "wait", "but"])
def test_reader_reads_a_generic_word_as_typed(reader: Reader, word: str) -> None:
    """A generic word is a real word, meant as typed: "was the UN even established?" asks
    nothing about an "event", nor an "evening" (a derivation of the stem)."""
    query = reader.query(f"what year was the UN {word} established", "en")
    assert query[word] == 1.0 and not {"event", "evening"} & set(query)


def test_a_remark_after_the_question_mark_is_the_scene_not_the_question(
    knowledge: Knowledge,
) -> None:
    """ "Who is Kairat Umarov?? saw his name in the news": what follows the question is who
    asks and why, as a sentence before it would be."""
    match = knowledge.matcher.match("who is kairat umarov?? saw his name in the news")
    assert match.status == "answer" and match.fact is not None and match.fact.id == "umarov"


def test_a_lexicon_term_of_any_length_is_one_token(reader: Reader) -> None:
    """CICA's full name has six words of substance: a longest-term cap of four never read it,
    so the initiatives' answer did not name CICA to the engine."""
    name = "the Conference on Interaction and Confidence Building Measures in Asia"
    assert reader.analyse(name, "en") == ("=cica",)


def test_a_name_is_read_whole_before_a_part_that_names_another_thing(reader: Reader) -> None:
    """ "Nursultan" alone is Astana's old name; "Nursultan Nazarbayev" is the First President,
    and the initiatives' answer naming him names no city."""
    assert reader.analyse("First President Nursultan Nazarbayev", "en") == (
        "=nazarbayev",
        "=nazarbayev",
    )
    assert reader.analyse("the DRC", "en") == reader.analyse("Congo", "en")


def test_a_question_naming_two_terms_says_enough_by_itself(reader: Reader) -> None:
    """ "When was the ILO founded?" names the ILO and founding: the remark after it is who asks
    and why, so its known words ("check") weigh as lightly as an opening's."""
    query = reader.query(
        "when was the ilo founded? my notes say 1919 but want to double check", "en"
    )
    assert query["=found"] == 1.0 and query["check"] < 1.0
    alone = reader.query("what is it? my notes say 1919 but want to double check", "en")
    assert alone["check"] == 1.0  # "what is it?" says nothing by itself: the remark may


def test_reader_reads_a_russian_a_written_for_o(reader: Reader) -> None:
    """ "Пасол" is "посол": an unstressed "о" sounds as "а", Russian's commonest slip; a short
    word is otherwise never corrected into another real word."""
    assert reader.correction("пасол", "ru")[0] == "посол"
    assert reader.correction("пасол", "kk")[0] == "пасол"


def test_reader_writes_shorthand_and_a_short_question_word_out(reader: Reader) -> None:
    """ "What yr" is "what year" to every reading, kinds first; "г." stays, as it is as often
    "город" before a city as "год"."""
    assert (
        reader.spelled("wat yr did kz join, how many ppl?")
        == "what year did kz join, how many people?"
    )
    assert reader.spelled("в г. Алматы") == "в г. Алматы"


def test_reader_writes_a_short_month_out(reader: Reader) -> None:
    """ "Aug 29" is August 29; Kazakh "сен" (you) is no September."""
    assert reader.spelled("what happened on aug 29?") == "what happened on august 29?"
    assert reader.spelled("сен білесің бе") == "сен білесің бе"


def test_a_question_after_a_comma_leaves_what_comes_before_as_the_scene(
    knowledge: Knowledge,
) -> None:
    """ "I read that babies dying at birth dropped a lot in kz, by how much according to the
    UN?": the clause before the question word says why one asks, as a sentence would."""
    question = (
        "i read that babies dying at birth dropped a lot in kz, by how much according to the UN?"
    )
    match = knowledge.matcher.match(question)
    assert match.status == "answer" and match.fact is not None
    assert match.fact.id == "life-expectancy-newborn-deaths"
