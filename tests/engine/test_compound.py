"""Questions asking two things: split where a part asks anew, answered only when every part is."""

from __future__ import annotations

import pytest

from bot.engine.compound import Parts
from bot.engine.conversation import Conversations
from bot.engine.generation import Knowledge
from bot.engine.render import quote_block, render_match


@pytest.fixture(scope="module")
def parts(knowledge: Knowledge) -> Parts:
    return Parts(knowledge.kb.words)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "ILO: when did it become a UN agency, and where is its headquarters?",
            ["ILO: when did it become a UN agency,", "and where is its headquarters?"],
        ),
        (
            "When was it elected, and was it the first in Central Asia?",  # a yes/no opening
            ["When was it elected,", "and was it the first in Central Asia?"],
        ),
        (
            "Did officers serve in Iraq and Nepal, and in which years?",
            ["Did officers serve in Iraq and Nepal,", "and in which years?"],
        ),
        (
            "when was the ILO founded and where is it",
            ["when was the ILO founded", "and where is it"],
        ),
        (
            "Is it true Kazakhstan proposed the day? On which date is it marked?",
            ["Is it true Kazakhstan proposed the day?", "On which date is it marked?"],
        ),
        (
            "Когда Казахстан вступил в ООН, и каким по счёту членом он стал?",
            ["Когда Казахстан вступил в ООН,", "и каким по счёту членом он стал?"],
        ),
        (
            "ХЕҰ қашан құрылды, ал штаб-пәтері қайда?",
            ["ХЕҰ қашан құрылды,", "ал штаб-пәтері қайда?"],
        ),
        # after a semicolon; a Russian question asked by its particle
        ("When was it founded; and where is it?", ["When was it founded;", "and where is it?"]),
        (
            "Когда Казахстан вступил в ООН, и был ли он 168-м?",
            ["Когда Казахстан вступил в ООН,", "и был ли он 168-м?"],
        ),
        # one question: "and" joins names, or the second part asks nothing of its own
        ("Did Kazakh officers serve in Iraq and Nepal?", None),
        ("Kazakhstan and the UN: when did it join?", None),
        ("When and by ratifying which protocol was the death penalty abolished?", None),
        ("Who heads the ILO, and the UN?", None),
        ("when was it founded? thanks", None),
    ],
)
def test_a_part_starts_where_the_text_asks_anew(
    parts: Parts, question: str, expected: list[str] | None
) -> None:
    assert parts.of(question) == (expected or [question])


def test_a_question_asking_two_things_gets_both_answers(knowledge: Knowledge) -> None:
    question = "ILO: when did it become a UN specialized agency, and where is its headquarters?"
    match = Conversations().match(knowledge.matcher, None, question)
    assert match.status == "answer" and match.question == question
    assert [fact.id for fact in match.facts] == ["ilo-un-agency-1946", "ilo-headquarters"]
    reply = render_match(match, knowledge.kb, "text")
    assert "1946" in reply and "Geneva" in reply
    grounding = quote_block(match)  # both answers can be checked against the article
    assert all(quote.text in grounding for fact in match.facts for quote in fact.quotes)


def test_a_part_left_unanswered_leaves_the_question_unanswered(knowledge: Knowledge) -> None:
    """The membership date alone would be half an answer, passed off as the whole one."""
    chats = Conversations()
    question = "When did Kazakhstan join the UN, and who was Secretary-General then?"
    assert chats.match(knowledge.matcher, "a", question).status != "answer"
    assert chats.match(knowledge.matcher, "a", "When did Kazakhstan join the UN?").fact


def test_the_last_part_becomes_the_subject_and_parts_leave_no_memory(
    knowledge: Knowledge,
) -> None:
    chats = Conversations()
    chats.match(knowledge.matcher, "a", "who heads the ILO?")
    question = "when was the ILO founded, and where is its headquarters?"
    assert chats.match(knowledge.matcher, "a", question).status == "answer"
    assert len(chats) == 1  # only chat "a": the parts' own memory is gone
    last = chats.recall("a")
    assert last is not None and last.fact_id == "ilo-headquarters"


def test_a_failed_split_keeps_the_conversation_as_it_was(knowledge: Knowledge) -> None:
    chats = Conversations()
    chats.match(knowledge.matcher, "a", "who heads the ILO?")
    before = chats.recall("a")
    chats.match(knowledge.matcher, "a", "when was it founded, and how much does it cost?")
    after = chats.recall("a")
    assert before is not None and after is not None and after.fact_id == before.fact_id


def test_yes_before_a_compound_answer_confirms_its_first_part(knowledge: Knowledge) -> None:
    question = "Has Kazakhstan abolished the death penalty? And where is the ILO headquarters?"
    match = Conversations().match(knowledge.matcher, None, question)
    reply = render_match(match, knowledge.kb, "text")
    assert match.confirmed and reply.startswith("Yes.") and "Geneva" in reply


def test_a_message_of_many_questions_is_read_whole(parts: Parts) -> None:
    """A long message of many short questions would cost one search each: at most MAX_PARTS."""
    asked = "When was the ILO founded? Where is it? Who heads it? Is it old? When did we join?"
    assert parts.of(asked) == [asked]
    three = "When was the ILO founded? Where is it? Who heads it?"
    assert len(parts.of(three)) == 3
