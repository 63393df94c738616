"""Questions offering a choice of two years or names: the side a fact answers is the answer."""

from __future__ import annotations

import pytest

from bot.engine.choice import known_to, sides
from bot.engine.conversation import Conversations
from bot.engine.generation import Knowledge


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("was peacekeepers day established in 2002 or 2012?", "peacekeepers-day"),
        ("is the new UN building opened in 2019 in astana or almaty?", "almaty-un-building"),
        (
            "is pushing for middle powers in the UNSC tokayev's principled position or "
            "nazarbayev's?",
            "middle-powers-security-council",
        ),
    ],
)
def test_a_choice_is_answered_by_the_side_a_fact_states(
    knowledge: Knowledge, question: str, fact: str
) -> None:
    """Read whole, the side no fact names counted against every fact; the reply states the
    fact, with no "Yes" to a question that asked "which"."""
    match = Conversations().match(knowledge.matcher, None, question)
    assert match.status == "answer" and match.fact is not None and match.fact.id == fact
    assert not match.confirmed and match.question == question


def test_a_choice_of_two_unnamed_sides_offers_no_choice(knowledge: Knowledge) -> None:
    knows = known_to(knowledge.matcher)
    assert sides("is it big or small?", knows) is None
    assert sides("was it in 2002 or 2012?", knows) == ("was it in 2002?", "was it in 2012?")
    # neither side answered: the question is decided whole
    match = Conversations().match(knowledge.matcher, None, "did uzbekistan or kyrgyzstan win?")
    assert match.status != "answer"
