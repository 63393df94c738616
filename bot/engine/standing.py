"""Whether an answer found for a follow-up stands: the turn read alone, read with the
conversation's subject, or asked of the last answer (conversation.py decides among them).

Apart from the conversation's memory, as these are the rules that weigh one reading against
another: "how are peacekeepers paid?" then "how long do they serve in Lebanon?" keeps its own
answer; "who built it?" after the Almaty building does not get a speech that "built up"
cooperation.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain

from bot.engine.decision import Match
from bot.engine.followup import FollowUps, Shape
from bot.engine.knowledge import Fact
from bot.engine.subjects import named_in, near, same_topic, subject_of
from bot.lang import Lang


@dataclass(frozen=True)
class Turn:
    """The last answer of a conversation: which fact, for which question, when."""

    fact_id: str
    subject: str
    at: float
    score: float
    # The question that said what was asked: after "how long ... in Lebanon?", "and in Congo?"
    # and "and in Mali?" both ask how long; neither replaces it.
    asked: str = ""
    # Only offered ("did you mean ...?"), not answered: a turn asking the same of something
    # else ("а в Непале?") may follow it, nothing else.
    offered: bool = False
    # The turn itself: "на сколько лет?" after "а про продолжительность жизни?" measures it.
    said: str = ""


def leads(
    reading: FollowUps, turn: Shape, found: Match, alone: Match, previous: Turn, asks: str
) -> bool:
    """Whether the answer `found` through the conversation answers the turn: it fits what the
    turn `asks`; a turn about a person gets a fact about one ("how old is he?" after the ILO's
    head is not the ILO's age, which the turn alone would not have found; "what did he call
    it?" may find a pact alone); and a turn asking for someone else gets another fact."""
    fact, before = found.fact, reading.matcher.kb.fact(previous.fact_id)
    return (
        fact is not None
        and (not turn.elliptical or _follows(reading, found, previous))
        and _of_the_same(reading, asks, fact, previous, alone.lang)
        and reading.fits(asks, fact, alone.lang)
        and _measured(reading, asks, fact, previous, alone.lang)
        and (reading.may_follow(turn, fact) or fact == alone.fact)
        and reading.may_answer(turn, fact, before)
        and not reading.elsewhere(
            turn, alone.question, fact, previous.fact_id, previous.subject, alone.lang
        )
    )


def _of_the_same(reading: FollowUps, asks: str, fact: Fact, previous: Turn, lang: Lang) -> bool:
    """Whether a turn that only asks ("why?", "by whom?") is answered by `fact` of what the
    last question asked about: the last answer, or a fact using the words of that question
    ("by whom?" after the ILO's founding: the League of Nations founded it; "why?" after
    resuming the Decent Work programme is not the Coalition the ILO thanked Kazakhstan for)."""
    if reading.own_words(asks) or fact.id == previous.fact_id:
        return True
    return reading.matcher.gives_asked("", fact, lang, reading.own_words(previous.asked))


def stands(
    reading: FollowUps,
    turn: Shape,
    alone: Match,
    previous: Turn,
    combined: Match,
    asks: str,
) -> bool:
    """Whether a follow-up's own answer stands. "It", "there" name nothing by themselves
    ("there" after "where?" is a place it answered). A referring turn answered on its own by a
    fact of the same topic, or one speaking of what the conversation is about (the centre's
    director who spoke at the UN80 discussion), follows the conversation ("how are peacekeepers
    paid?" then "how long do they serve in Lebanon?"), unless it is too short to say what it is
    about (naming no one, no place, nor two words of the answer): then only the last answer or
    a related fact does ("who built it?" after the Almaty building is no speech). A short turn is
    answered on its own only by a fact fitting every word of it: "which missions exactly?" after
    a deployment of 430 is not the list of past missions. A turn keeps its own reading if that
    is surer, unless it continues without a question word ("and in Mali?"): then only the
    conversation says what it asks, `asks`; if it only swaps a name in, its own answer must give
    that kind and use those words ("and in the Central African Republic?" after how long a tour
    lasts is not the list of missions). A turn that only asks ("in which years?") names nothing
    either: like "it", it asks of the last answer."""
    matcher = reading.matcher
    short = turn.elliptical and not reading.names_someone(alone.question, alone.lang)
    short = short and not reading.worded(alone.question, alone.fact, alone.lang)
    follows = (near if short else same_topic)(matcher, alone, previous.fact_id) or (
        not turn.elliptical
        and reading.speaks_of(alone.fact, subject_of(matcher, previous.subject))
    )
    # a short turn naming nothing ("how many times altogether?") is about the conversation too
    unnamed = turn.elliptical and subject_of(matcher, alone.question) == alone.question
    # "what about Tokayev, what UN job did he have?": "he" is the one the turn names
    referring = turn.referring and not reading.persons.named_first(alone.question, alone.lang)
    if (referring or unnamed or not reading.own_words(asks)) and not follows:
        return False
    if not follows:
        # a turn using only names the conversation has just used is about what it said
        last = matcher.kb.fact(previous.fact_id)
        said = f"{previous.asked} {last.answer[alone.lang] if last else ''}"
        if reading.echoes(alone.question, said, alone.lang):
            return False
    # "they" after "how many women serve in UN missions?" are those women: an answer about
    # all peacekeepers' missions does not say where they serve
    groups = " ".join(named_in(chain(*matcher.kb.words.groups.values()), previous.subject))
    fact, leaning = alone.fact, turn.referring or turn.elliptical
    if leaning and groups and fact and not matcher.gives_asked(groups, fact, alone.lang):
        return False
    if reading.elsewhere(
        turn, alone.question, fact, previous.fact_id, previous.subject, alone.lang
    ) or (turn.member and fact and fact.id != previous.fact_id):
        return False  # "is gender equality one of them?" asks of the list just given
    if turn.elliptical and not (alone.fact and reading.fits(asks, alone.fact, alone.lang)):
        return False
    if alone.fact and not _measured(reading, asks, alone.fact, previous, alone.lang):
        return False  # "and how much did life expectancy grow?", "which missions?"
    # "and in all missions?" after how many served in Lebanon: not the list of missions
    swapped = turn.repeats and reading.swaps(alone.question, alone.lang)
    if (
        turn.repeats
        and (fact or swapped)
        and not (fact and reading.gives_again(asks, fact, alone.lang, worded=swapped))
    ):
        return False
    return combined.status != "answer" or (not turn.repeats and alone.score >= combined.score)


def _follows(reading: FollowUps, found: Match, previous: Turn) -> bool:
    """Whether a short turn's answer found through the conversation is still about it: the
    last answer, one the knowledge relates to it, or one speaking of what the conversation is
    about. "Which years were those speeches?" after the President's nine general debates
    borrowed their words, not their subject, to find another speech; "ол бұрын қандай
    қызметте болған?" after Rakhmetullin is not Tokayev's Geneva post."""
    matcher = reading.matcher
    return near(matcher, found, previous.fact_id) or reading.speaks_of(
        found.fact, subject_of(matcher, previous.subject)
    )


def _measured(reading: FollowUps, asks: str, fact: Fact, previous: Turn, lang: Lang) -> bool:
    """Whether `fact` gives the figure a follow-up asks for, of what it or the turn before
    names; one naming nothing ("на сколько лет?") asks only the last answer's figures."""
    if reading.figures.nothing_named(asks) and fact.id != previous.fact_id:
        return False
    return reading.measures(asks, fact, lang, previous.said)


def of_last(reading: FollowUps, turn: Shape, alone: Match, previous: Turn) -> bool:
    """Whether a short turn (read `alone`), or one asking of a part of the last answer ("оның
    ішінде нешеуінде сөз сөйледі?": of those visits), is asked of the answer just given,
    which says what it asks."""
    before = reading.matcher.kb.fact(previous.fact_id)
    return (
        (turn.elliptical or turn.part)
        and before is not None
        and reading.may_follow(turn, before)
        and not turn.other
        and reading.fits(alone.question, before, alone.lang)
        and _measured(reading, alone.question, before, previous, alone.lang)
    )
