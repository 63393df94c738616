"""Conversation context: whom and what a follow-up refers to, and when it refers to nothing."""

from __future__ import annotations

from bot.engine.conversation import Conversations
from bot.engine.followup import FollowUps
from bot.engine.generation import Knowledge
from bot.engine.matcher import Match


def dialogue(knowledge: Knowledge, *turns: str) -> list[Match]:
    """The engine's decisions on the turns of one conversation, in order."""
    chats = Conversations()
    return [chats.match(knowledge.matcher, "a", turn) for turn in turns]


def answered(match: Match) -> str | None:
    return match.fact.id if match.fact and match.status == "answer" else None


def test_he_is_the_one_person_the_last_answer_names(knowledge: Knowledge) -> None:
    """The question asked about the event, its answer names Umarov: "his position" is his."""
    reading = FollowUps(knowledge.matcher)
    assert reading.person(knowledge.kb.fact("un-30-years-event"), "en") == "umarov"
    assert reading.person(knowledge.kb.fact("un80-panel-speakers"), "en") == ""
    event, position = dialogue(
        knowledge,
        "When was the event marking three decades of UN presence in Kazakhstan?",
        "what was his position?",
    )
    assert answered(event) == "un-30-years-event"
    assert answered(position) == "umarov" and "First Deputy" in position.facts[0].answer["en"]


def test_he_after_an_answer_naming_several_people_is_no_one(knowledge: Knowledge) -> None:
    speakers, position = dialogue(
        knowledge, "who were the speakers at the UN80 discussion?", "what was his position?"
    )
    assert answered(speakers) == "un80-panel-speakers"
    assert position.status != "answer"
