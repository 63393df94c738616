"""Verification: near misses that share a fact's words but ask something else are refused."""

from __future__ import annotations

import pytest

from bot.engine.generation import Knowledge


@pytest.mark.parametrize(
    "question",
    [
        "what is the capital of Kazakhstan",
        "who is the Prime Minister of Kazakhstan",
        "will Kazakhstan be elected to the Security Council again",
        "how many Kazakh peacekeepers died",
        "when did Uzbekistan join the UN",
        "когда Казахстан вступил в НАТО",
    ],
)
def test_matcher_refuses_a_near_miss(knowledge: Knowledge, question: str) -> None:
    assert knowledge.matcher.match(question).status != "answer"


def test_matcher_still_answers_the_deputy_prime_minister_when_asked(
    knowledge: Knowledge,
) -> None:
    match = knowledge.matcher.match("who is the deputy prime minister of kazakhstan")
    assert match.status == "answer"


def test_matcher_reads_a_question_behind_a_conversational_opening(knowledge: Knowledge) -> None:
    match = knowledge.matcher.match("I'm curious: when did Kazakhstan join the UN?")
    assert match.fact is not None and match.fact.id == "un-membership"


@pytest.mark.parametrize(
    "question",
    ["which UN missions has Kazakhstan taken part in", "в каких миссиях ООН участвует Казахстан"],
)
def test_matcher_answers_a_which_question_with_the_fact_that_lists(
    knowledge: Knowledge, question: str
) -> None:
    match = knowledge.matcher.match(question)
    assert match.fact is not None and match.fact.id == "peacekeeping-missions"
