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
read alone (`standing.py`, `followup.py`), so "and Uzbekistan?", "how many of them died?" or
"when was he appointed?" are refused. A full question is answered on its own. Keys never mix,
so context never crosses chats; a follow-up is answered in its own language.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import replace

from bot.engine.choice import known_to, sides
from bot.engine.compound import all_answered
from bot.engine.decision import Match
from bot.engine.followup import FollowUps, Shape
from bot.engine.gives import years_in
from bot.engine.kinds import asked_for
from bot.engine.matcher import Matcher
from bot.engine.normalize import fold
from bot.engine.standing import Turn, leads, of_last, stands
from bot.engine.subjects import (
    MAX_SUBJECT_CHARS,
    about_nothing,
    carried,
    joined,
    near,
    subject_of,
)
from bot.lang import Lang

FOLLOW_UP_SECONDS = 600.0  # a conversation pauses longer than this: the next turn starts afresh
MAX_CONVERSATIONS = 10_000  # least recently used ones are forgotten first
PARTS = "parts"  # the one key of the conversation a compound question's parts are asked in


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
        asked, question = question, matcher.reader.spelled(question)
        parts = self._reading(matcher).parts.of(question)
        whole = self._parts(matcher, key, question, parts, lang, today) if parts[1:] else None
        found = whole or self._turn(
            matcher, key, self._chosen(matcher, question, lang, today), lang
        )
        return replace(found, question=asked)

    def _chosen(
        self, matcher: Matcher, question: str, lang: Lang | None, today: dt.date | None
    ) -> Match:
        """The decision on `question`, or, if it offers a choice no fact answers whole, on the
        one side a fact answers (`choice.py`): stated, not confirmed with a "Yes"."""
        alone = matcher.match(question, lang, today)
        either = None if alone.status == "answer" else sides(question, known_to(matcher))
        if either is None:
            return alone
        answered = [m for s in either if (m := matcher.match(s, lang, today)).status == "answer"]
        if len(answered) != 1:
            return alone
        return replace(answered[0], question=question, confirmed=False)

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
            if found.fact is None or leads(reading, turn, found, alone, previous, asks):
                combined = Match(question, found.status, alone.lang, found.facts, found.score)
        # a kind of answer, or who said what the last answer reports ("who said that?")
        kind = bool(asked_for(fold(question).split())) or bool(
            before and matcher.asks_who_said(question, before, alone.lang)
        )
        again = Match(question, "answer", alone.lang, (before,) if before else (), previous.score)
        if (
            kind
            and not near(matcher, alone, previous.fact_id)
            and of_last(reading, turn, alone, previous)
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
            and stands(reading, turn, alone, previous, combined, asks)
        ):
            return self._remembered(key, alone, carried(matcher, said, subject), asked)
        if combined.status == "answer":
            return self._remembered(key, combined, context, asked)
        if (kind or reading.own_words(question)) and of_last(reading, turn, alone, previous):
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
