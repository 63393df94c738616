"""Conversation context: a follow-up is read with the subject of the chat's previous answer.

"Which missions?" then "and since when in Lebanon?"; "who heads the ILO?" then "when was it
founded?". Per conversation key (a chat, a user inside a group, a replied-to bot message) the
last answered fact and the question it answered are kept for a short time, in bounded memory
(or the one fact a "did you mean" offered, which only "and in Nepal?" may follow).
They are used only for a turn that refers back (it, there, and, а, ол ... from
`knowledge/words.yaml`) or is too short to stand alone. Such a turn is asked again with what
the previous question was about ("when was it founded?") or, if it asks nothing itself ("and in
Congo?"), with the previous question, and the engine decides as always, verification included.
Context adds words, never lowers the bar: an answer found through it must also fit the turn
read alone (`followup.py`), so "and Uzbekistan?", "how many of them died?" or "when was he
appointed?" are refused. A full question is answered on its own. Keys never mix, so context
never crosses chats; a follow-up is answered in its own language.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from itertools import chain

from bot.engine.compound import all_answered
from bot.engine.decision import Match
from bot.engine.followup import FollowUps, Shape
from bot.engine.gives import years_in
from bot.engine.kinds import asked_for
from bot.engine.knowledge import Fact
from bot.engine.matcher import Matcher
from bot.engine.normalize import fold
from bot.engine.subjects import (
    MAX_SUBJECT_CHARS,
    about_nothing,
    carried,
    joined,
    named_in,
    near,
    same_topic,
    subject_of,
)
from bot.lang import Lang

FOLLOW_UP_SECONDS = 600.0  # a conversation pauses longer than this: the next turn starts afresh
MAX_CONVERSATIONS = 10_000  # least recently used ones are forgotten first
PARTS = "parts"  # the one key of the conversation a compound question's parts are asked in


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


class Conversations:
    """Per-key memory of the last answered fact, and the reading of follow-ups with it."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        ttl: float = FOLLOW_UP_SECONDS,
        capacity: int = MAX_CONVERSATIONS,
    ) -> None:
        self._clock = clock
        self._ttl = ttl
        self._capacity = capacity
        self._turns: OrderedDict[Hashable, Turn] = OrderedDict()
        self._follow_ups: FollowUps | None = None

    def match(
        self,
        matcher: Matcher,
        key: Hashable | None,
        question: str,
        lang: Lang | None = None,
        today: dt.date | None = None,
    ) -> Match:
        """The engine's decision on `question`, as a follow-up of `key`'s conversation if it is
        one; an answer becomes the conversation's new subject. A question asking two things is
        asked part by part (`compound.py`)."""
        parts = self._reading(matcher).parts.of(question)
        whole = self._parts(matcher, key, question, parts, lang, today) if parts[1:] else None
        return whole or self._turn(matcher, key, matcher.match(question, lang, today), lang)

    def _parts(
        self,
        matcher: Matcher,
        key: Hashable | None,
        question: str,
        parts: list[str],
        lang: Lang | None,
        today: dt.date | None,
    ) -> Match | None:
        """Every part answered, each following the one before, in a conversation of their own
        that starts from `key`'s and leaves nothing here; the last part's becomes `key`'s."""
        scratch = Conversations(self._clock, self._ttl, capacity=1)
        scratch._follow_ups = self._reading(matcher)
        previous = self.recall(key) if key is not None else None
        if previous is not None:
            scratch._keep(PARTS, previous)
        found = all_answered(
            question,
            parts,
            lambda part: scratch._turn(matcher, PARTS, matcher.match(part, lang, today), lang),
        )
        if found is not None and key is not None and (last := scratch.recall(PARTS)):
            self._keep(key, last)
        return found

    def _turn(
        self, matcher: Matcher, key: Hashable | None, alone: Match, lang: Lang | None
    ) -> Match:
        """`match` of a question asking one thing, given the engine's decision on it alone."""
        question = alone.question
        if key is None or alone.when is not None:
            return alone
        reading = self._reading(matcher)
        previous = self.recall(key)
        turn = reading.shape(question)
        if previous is not None and previous.offered and not turn.repeats:
            del self._turns[key]  # an offer is followed by the very next turn or never
            previous = None
        if previous is None:
            # "when was it founded?", "and in Mali?", "in which years?", "what posts do they
            # hold?", "how many UN entities does it host?" with nothing said before: no
            # guessing what they are about
            if about_nothing(reading, turn, question, alone.lang):
                return Match(question, "decline", alone.lang, (), 0.0)
            return self._remembered(key, alone, question)
        if not turn.follows:
            return self._remembered(key, alone, question)
        # "what was his position?" after the event Umarov spoke at: "he" is the one person
        # the last answer names, though the question before did not name him
        before = matcher.kb.fact(previous.fact_id)
        person = (
            reading.persons.person(before, alone.lang, previous.subject) if turn.personal else ""
        )
        return self._follow_up(reading, key, previous, turn, alone, lang, person)

    def _follow_up(
        self,
        reading: FollowUps,
        key: Hashable,
        previous: Turn,
        turn: Shape,
        alone: Match,
        lang: Lang | None,
        person: str = "",
    ) -> Match:
        """A turn that leans on the conversation: read alone, with the conversation's subject
        (and `person`, whom it refers to), or as asked of the last answer, whichever answers it
        and fits what the turn says."""
        matcher, question = reading.matcher, alone.question
        before = matcher.kb.fact(previous.fact_id)
        # "what else was signed that year?" is about the year the last answer states
        year = reading.year(question, before)
        subject = f"{year or subject_of(matcher, previous.subject)} {person}".rstrip()
        # "and in Congo?" asks again what the last question asked; "when was it founded?" asks
        # its own question of what the last one was about, "he" being the person it names.
        said = reading.persons.naming(question, subject) if turn.personal else question
        context = joined(said, previous.asked if turn.repeats else subject)
        # what the turn asks, which any answer must fit: "and in Mali?" asks how long, in Mali
        asks = (
            reading.asked_again(question, previous.asked, alone.lang) if turn.repeats else question
        )
        combined = Match(question, "decline", alone.lang, (), 0.0)
        if reading.may_follow(turn, before):
            found = matcher.match(context, lang or alone.lang)
            if found.fact is None or _leads(reading, turn, found, alone, previous, asks):
                combined = Match(question, found.status, alone.lang, found.facts, found.score)
        # a kind of answer, or who said what the last answer reports ("who said that?")
        kind = bool(asked_for(fold(question).split())) or bool(
            before and matcher.asks_who_said(question, before, alone.lang)
        )
        again = Match(question, "answer", alone.lang, (before,) if before else (), previous.score)
        if (
            kind
            and not near(matcher, alone, previous.fact_id)
            and _of_last(reading, turn, alone, previous)
        ):
            # "and since when?", "а когда?": a short turn asking what the answer just given
            # says is asked of it first, though its own words find another fact
            return self._remembered(key, again, previous.subject, previous.asked)
        asked = previous.asked if turn.repeats else None
        # "who was Secretary-General then?" after 1992: an answer read alone must state it
        dated = not year or (alone.fact is not None and year in years_in(alone.fact))
        if (
            dated
            and reading.may_answer(turn, alone.fact, before)
            # "he" stands for the person named before: an answer must name them
            and (said == question or reading.speaks_of(alone.fact, subject))
            and _stands(reading, turn, alone, previous, combined, asks)
        ):
            return self._remembered(key, alone, carried(matcher, said, subject), asked)
        if combined.status == "answer":
            return self._remembered(key, combined, context, asked)
        if (kind or reading.own_words(question)) and _of_last(reading, turn, alone, previous):
            # "in which years?", "under which article?": asked of the answer just given; "what
            # about Mali?" makes Mali what the conversation is about ("how many served there?")
            named = reading.names_someone(question, alone.lang)
            about = joined(question, previous.subject) if named else previous.subject
            return self._remembered(key, again, about, previous.asked)
        if turn.referring:
            return combined
        if alone.fact:  # answered on its own, but not what this turn asks here: only offered
            return Match(question, "clarify", alone.lang, alone.facts, alone.score)
        return alone

    def recall(self, key: Hashable) -> Turn | None:
        """The conversation's last answer, if it is recent enough to follow up on."""
        turn = self._turns.get(key)
        if turn is None:
            return None
        if self._clock() - turn.at > self._ttl:
            del self._turns[key]
            return None
        return turn

    def remember(
        self, key: Hashable, match: Match, subject: str | None = None, asked: str | None = None
    ) -> None:
        """Make an answered `match` what `key`'s conversation is about: `subject` or else the
        question it answered (also for a bot message a user replies to)."""
        fact = match.fact
        if fact is None or match.when is not None:
            return
        subject = (subject or match.question)[:MAX_SUBJECT_CHARS]
        asked = (asked or subject)[:MAX_SUBJECT_CHARS]
        turn = Turn(fact.id, subject, self._clock(), match.score, asked, said=match.question)
        self._keep(key, turn)

    def _keep(self, key: Hashable, turn: Turn) -> None:
        """Make `turn` `key`'s last, forgetting the least recently used beyond capacity."""
        self._turns[key] = turn
        self._turns.move_to_end(key)
        while len(self._turns) > self._capacity:
            self._turns.popitem(last=False)

    def __len__(self) -> int:
        return len(self._turns)

    def _reading(self, matcher: Matcher) -> FollowUps:
        """The follow-up reading of `matcher`'s knowledge, prepared again after a reload."""
        if self._follow_ups is None or self._follow_ups.matcher is not matcher:
            self._follow_ups = FollowUps(matcher)
        return self._follow_ups

    def _remembered(
        self, key: Hashable | None, match: Match, subject: str, asked: str | None = None
    ) -> Match:
        if key is not None:
            self.remember(key, match, subject, asked)
            if match.status == "clarify" and len(match.facts) == 1:
                # "в какие годы ... в Ираке?" only offered the Iraq mission: "а в Непале?"
                # still asks which years, in Nepal
                self._keep(
                    key, Turn(match.facts[0].id, subject, self._clock(), 0.0, subject, True)
                )
        return match


def _leads(
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


def _stands(
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


def _of_last(reading: FollowUps, turn: Shape, alone: Match, previous: Turn) -> bool:
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
