"""Conversation context: a follow-up is read with the subject of the chat's previous answer.

"Which missions?" then "and since when in Lebanon?"; "who heads the ILO?" then "when was it
founded?". Per conversation key (a chat, a user inside a group, a replied-to bot message) the
last answered fact and the question it answered are kept for a short time, in bounded memory.
They are used only for a turn that refers back (it, there, and, а, ол ... from
`knowledge/words.yaml`) or is too short to stand alone. Such a turn is asked again with the
previous question appended, and the engine decides as always, verification included: context
adds words, never lowers the bar, so "and Uzbekistan?" or "how many of them died?" are still
refused. A full question is answered on its own. Keys never mix, so context never crosses chats.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass

from bot.engine.knowledge import WordLists
from bot.engine.language import detect_language
from bot.engine.matcher import Match, Matcher
from bot.engine.normalize import GENERIC_WORDS, STOPWORDS, fold
from bot.lang import LANGS, Lang

FOLLOW_UP_SECONDS = 600.0  # a conversation pauses longer than this: the next turn starts afresh
MAX_CONVERSATIONS = 10_000  # least recently used ones are forgotten first
MAX_SUBJECT_CHARS = 160  # the remembered question; a chain of follow-ups keeps only its start
ELLIPTICAL_WORDS = 2  # a turn with at most this many words of substance cannot stand alone


@dataclass(frozen=True)
class Turn:
    """The last answer of a conversation: which fact, for which question, when."""

    fact_id: str
    subject: str
    at: float
    score: float


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

    def match(
        self,
        matcher: Matcher,
        key: Hashable | None,
        question: str,
        lang: Lang | None = None,
        today: dt.date | None = None,
    ) -> Match:
        """The engine's decision on `question`, as a follow-up of `key`'s conversation if it is
        one; an answer becomes the conversation's new subject."""
        alone = matcher.match(question, lang, today)
        if key is None or alone.when is not None:
            return alone
        previous = self.recall(key)
        continuing, referring, elliptical = _follow_up(matcher.kb.words, question)
        if previous is None:
            # "when was it founded?", "and in Mali?" with nothing said before: no guessing
            if (referring or continuing) and elliptical:
                return Match(question, "decline", alone.lang, (), 0.0)
            return self._remembered(key, alone, question)
        if not (continuing or referring or elliptical):
            return self._remembered(key, alone, question)
        subject = f"{question} {subject_of(matcher, previous.subject)}"[:MAX_SUBJECT_CHARS]
        combined = matcher.match(subject, lang or alone.lang)
        combined = Match(question, combined.status, combined.lang, combined.facts, combined.score)
        # "it", "there" name nothing by themselves: the conversation says what they mean. A turn
        # that names its own subject ("and in Mali?") keeps its own reading if that is surer.
        # A referring turn answered on its own with a fact of the same topic already follows
        # the conversation ("how are peacekeepers paid?" then "how long do they serve?"), unless
        # it is too short to say what it is about: then only the last answer or a fact related
        # to it does ("who built it?" after the Almaty building is not a 30th-anniversary speech).
        follows = (_near if elliptical else _same_topic)(matcher, alone, previous)
        before = matcher.kb.fact(previous.fact_id)
        if (
            elliptical
            and not follows
            and before
            and matcher.gives_asked(question, before, lang or alone.lang)
        ):
            # "and since when?", "а когда?": asked of the answer just given, which says it
            again = Match(question, "answer", alone.lang, (before,), previous.score)
            return self._remembered(key, again, previous.subject)
        if (
            alone.status == "answer"
            and (not referring or follows)
            and (alone.score >= combined.score or combined.status != "answer")
        ):
            return self._remembered(key, alone, question)
        if combined.status == "answer":
            return self._remembered(key, combined, subject)
        return combined if referring else alone

    def recall(self, key: Hashable) -> Turn | None:
        """The conversation's last answer, if it is recent enough to follow up on."""
        turn = self._turns.get(key)
        if turn is None:
            return None
        if self._clock() - turn.at > self._ttl:
            del self._turns[key]
            return None
        return turn

    def remember(self, key: Hashable, match: Match, subject: str | None = None) -> None:
        """Make an answered `match` the subject of `key` (e.g. a bot message replied to)."""
        fact = match.fact
        if fact is None or match.when is not None:
            return
        self._turns[key] = Turn(fact.id, subject or match.question, self._clock(), match.score)
        self._turns.move_to_end(key)
        while len(self._turns) > self._capacity:
            self._turns.popitem(last=False)

    def __len__(self) -> int:
        return len(self._turns)

    def _remembered(self, key: Hashable | None, match: Match, subject: str) -> Match:
        if key is not None:
            self.remember(key, match, subject)
        return match


def subject_of(matcher: Matcher, question: str) -> str:
    """What a question is about, for a follow-up to be read with: the names and terms of the
    lexicon it uses ("ILO", "Kazakh peacekeepers") and the places it names ("Mali"), without
    what it asks of them ("heads", "paid"); the question itself when it names none."""
    lang = matcher.reader.reading(question, detect_language(question)) or "en"
    named = [
        token[1:].replace("_", " ")
        for token in matcher.reader.analyse(question, lang)
        if token.startswith("=") and token not in matcher.asking
    ]
    text = f" {fold(question)} "
    named += [p for p in matcher.kb.words.places[lang] if f" {fold(p)} " in text]
    return " ".join(dict.fromkeys(named)) or question


def _near(matcher: Matcher, match: Match, previous: Turn) -> bool:
    """Whether an answer is the conversation's last one or a fact the knowledge relates to it."""
    before, fact = matcher.kb.fact(previous.fact_id), match.fact
    if before is None or fact is None:
        return False
    return fact.id == before.id or fact.id in before.related or before.id in fact.related


def _same_topic(matcher: Matcher, match: Match, previous: Turn) -> bool:
    """Whether an answer is about the topic of the conversation's last answer."""
    before = matcher.kb.fact(previous.fact_id)
    return match.fact is not None and before is not None and match.fact.topic == before.topic


def _follow_up(words: WordLists, question: str) -> tuple[bool, bool, bool]:
    """Whether a turn continues ("and ..."), refers back ("it"), and is too short to stand."""
    folded = fold(question).split()
    text = f" {' '.join(folded)} "

    def says(terms: Mapping[Lang, tuple[str, ...]]) -> bool:
        return any(f" {fold(term)} " in text for lang in LANGS for term in terms[lang])

    substance = [w for w in folded if w not in STOPWORDS and not _generic(w)]
    return says(words.follow_up), says(words.pronouns), len(substance) <= ELLIPTICAL_WORDS


def _generic(word: str) -> bool:
    return any(word in GENERIC_WORDS[lang] for lang in LANGS)
