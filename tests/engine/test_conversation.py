"""Conversation context: follow-ups read with the chat's last answer, never across chats."""

from __future__ import annotations

from bot.engine.conversation import Conversations, subject_of
from bot.engine.generation import Knowledge


class Ticks:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_conversation_answers_a_referring_follow_up_from_the_previous_subject(
    knowledge: Knowledge,
) -> None:
    chats = Conversations()
    first = chats.match(knowledge.matcher, "a", "who heads the ILO?")
    follow = chats.match(knowledge.matcher, "a", "when was it founded?")
    assert first.fact is not None and first.fact.id == "houngbo"
    assert follow.fact is not None and follow.fact.id == "ilo-founded"
    assert follow.question == "when was it founded?"


def test_conversation_never_crosses_chats(knowledge: Knowledge) -> None:
    chats = Conversations()
    chats.match(knowledge.matcher, "a", "who heads the ILO?")
    other = chats.match(knowledge.matcher, "b", "when was it founded?")
    assert other.fact is None or other.fact.id != "ilo-founded"


def test_conversation_keeps_unanswerable_follow_ups_refused(knowledge: Knowledge) -> None:
    chats = Conversations()
    chats.match(knowledge.matcher, "a", "which UN missions have kazakh officers taken part in?")
    assert chats.match(knowledge.matcher, "a", "and Uzbekistan?").status != "answer"
    assert chats.match(knowledge.matcher, "a", "how many of them died?").status != "answer"


def test_conversation_does_not_hijack_a_full_question(knowledge: Knowledge) -> None:
    chats = Conversations()
    chats.match(knowledge.matcher, "a", "who heads the ILO?")
    full = chats.match(knowledge.matcher, "a", "when did kazakhstan join the un")
    assert full.fact is not None and full.fact.id == "un-membership"


def test_conversation_forgets_after_ten_minutes_and_beyond_capacity(
    knowledge: Knowledge,
) -> None:
    ticks = Ticks()
    chats = Conversations(clock=ticks, capacity=2)
    for key in ("a", "b", "c"):
        chats.match(knowledge.matcher, key, "who heads the ILO?")
    assert len(chats) == 2 and chats.recall("a") is None and chats.recall("c") is not None
    ticks.now += 601
    assert chats.recall("c") is None
    late = chats.match(knowledge.matcher, "b", "when was it founded?")
    assert late.fact is None or late.fact.id != "ilo-founded"


def test_conversation_refuses_a_follow_up_with_nothing_to_follow(knowledge: Knowledge) -> None:
    chats = Conversations()
    assert chats.match(knowledge.matcher, "a", "and what about Mali?").status == "decline"
    assert chats.match(knowledge.matcher, "a", "when was it founded?").status == "decline"


def test_a_follow_up_takes_what_the_previous_question_was_about_not_what_it_asked(
    knowledge: Knowledge,
) -> None:
    assert subject_of(knowledge.matcher, "кто возглавляет МОТ?") == "ilo"
    chats = Conversations()
    chats.match(knowledge.matcher, "a", "кто возглавляет МОТ?")
    follow = chats.match(knowledge.matcher, "a", "а когда её основали?")
    assert follow.fact is not None and follow.fact.id == "ilo-founded"


def test_a_follow_up_asking_what_the_fact_does_not_give_is_refused(knowledge: Knowledge) -> None:
    chats = Conversations()
    chats.match(knowledge.matcher, "a", "who is the turkish ambassador to kazakhstan?")
    assert (
        chats.match(knowledge.matcher, "a", "and kazakhstan's ambassador to turkiye?").fact is None
    )
    chats.match(knowledge.matcher, "b", "who heads the ILO?")
    assert chats.match(knowledge.matcher, "b", "where was he born?").fact is None


def test_a_follow_up_asking_a_kind_the_last_answer_gives_is_answered_by_it(
    knowledge: Knowledge,
) -> None:
    for first, then in [
        ("what UN post did Tokayev hold?", "in which years?"),
        ("какую должность в ООН занимал Токаев?", "в какие годы?"),
        ("Тоқаев БҰҰ-да қандай лауазым атқарған?", "қай жылдары?"),
    ]:
        chats = Conversations()
        answered = chats.match(knowledge.matcher, "a", first)
        assert answered.fact is not None and answered.fact.id == "tokayev-geneva", first
        follow = chats.match(knowledge.matcher, "a", then)
        assert follow.fact is not None and follow.fact.id == "tokayev-geneva", then
        assert chats.match(knowledge.matcher, "a", "who replaced him?").status != "answer"


def test_a_follow_up_is_read_with_the_place_the_last_question_named(knowledge: Knowledge) -> None:
    assert "mali" in subject_of(
        knowledge.matcher, "when did Kazakhstan take part in the Mali mission?"
    )
    chats = Conversations()
    chats.match(knowledge.matcher, "a", "when did Kazakhstan take part in the Mali mission?")
    assert chats.match(knowledge.matcher, "a", "why did it end?").status != "answer"
