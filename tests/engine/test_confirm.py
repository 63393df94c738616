"""Yes/no questions: "Yes." only before a fact that states every word and number asked."""

from __future__ import annotations

import pytest

from bot.engine.confirm import Confirmer
from bot.engine.generation import Knowledge
from bot.engine.render import render_match

OPENINGS = {"en": "Yes. ", "ru": "Да. ", "kk": "Иә. "}
CONFIRMED = [
    "Has Kazakhstan abolished the death penalty?",
    "According to Umarov, is there still work to be done?",
    "Hi! Quick one. Was the International Agency for Biological Safety a Kazakh initiative?",
    "Правда ли, что Казахстан вступил в ООН в 1992 году?",
    "Бұл Унгбоның Қазақстанға алғашқы ресми сапары ма?",
]


@pytest.mark.parametrize("question", CONFIRMED)
def test_a_yes_no_question_the_fact_states_is_answered_yes(
    knowledge: Knowledge, question: str
) -> None:
    match = knowledge.matcher.match(question)
    assert match.status == "answer" and match.confirmed
    reply = render_match(match, knowledge.kb, "html")
    assert reply.startswith(OPENINGS[match.lang])


@pytest.mark.parametrize(
    "question",
    [
        # the fact says "non-permanent": a negated word is never confirmed
        "Is Kazakhstan a permanent member of the UN Security Council?",
        # a word the fact does not state: abolished, but "for terrorism" is no word of it
        "Has Kazakhstan abolished the death penalty for terrorism?",
        # not a yes/no question at all
        "When did Kazakhstan abolish the death penalty?",
        # "joined" is not what the fact says ("became a member"): no yes on a paraphrase
        "Did Kazakhstan join the UN in 1992?",
    ],
)
def test_no_yes_where_the_fact_does_not_state_every_claim(
    knowledge: Knowledge, question: str
) -> None:
    match = knowledge.matcher.match(question)
    assert match.status == "answer" and not match.confirmed  # the fact answers, without a yes
    assert not render_match(match, knowledge.kb, "text").startswith("Yes")


def test_a_number_the_fact_does_not_give_is_no_yes(knowledge: Knowledge) -> None:
    """The fact confirms the year it states; read against another year, it confirms nothing."""
    question = "Did Kazakhstan ratify the Second Optional Protocol in {}?"
    stated = knowledge.matcher.match(question.format(2022))
    assert stated.confirmed and stated.fact is not None
    reader = knowledge.matcher.reader
    confirmer = Confirmer(knowledge.kb.words, reader.analyse, reader.words)
    assert confirmer.confirms(question.format(2022), stated.fact, "en")
    assert not confirmer.confirms(question.format(2021), stated.fact, "en")
