"""What a follow-up is read with: what the conversation was about, joined to the turn;
whether an answer is still about it; and whether a turn says by itself what it is about.

"When was it founded?" after "who heads the ILO?" is asked as "when was it founded? ilo": the
names and terms the last question used, without what it asked of them ("heads").
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.engine.decision import Match
from bot.engine.followup import FollowUps, Shape
from bot.engine.language import detect_language
from bot.engine.matcher import Matcher
from bot.engine.normalize import fold
from bot.engine.reader import joined_to
from bot.lang import Lang

MAX_SUBJECT_CHARS = 160  # a follow-up read with its context, and what is remembered of it


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
    words = matcher.kb.words
    named += named_in((*words.places[lang], *words.groups[lang]), question)
    return " ".join(dict.fromkeys(named)) or question


def joined(question: str, context: str) -> str:
    """A follow-up read with its context, within MAX_SUBJECT_CHARS: in a chain of follow-ups
    ("and in Congo?", "and in Mali?") the context's end holds the question that asked, so its
    start gives way."""
    room = MAX_SUBJECT_CHARS - len(question) - 1
    if len(context) > room:
        context = context[len(context) - room :].partition(" ")[2] if room > 0 else ""
    return joined_to(question, context)


def carried(matcher: Matcher, question: str, subject: str) -> str:
    """What a follow-up answered on its own is about: what it names, or if it names nothing
    ("who organized it?"), what the conversation was about before."""
    return question if subject_of(matcher, question) != question else joined(question, subject)


def near(matcher: Matcher, match: Match, last: str) -> bool:
    """Whether an answer is the conversation's last one (the fact `last`) or a fact the
    knowledge relates to it."""
    before, fact = matcher.kb.fact(last), match.fact
    if before is None or fact is None:
        return False
    return fact.id == before.id or fact.id in before.related or before.id in fact.related


def same_topic(matcher: Matcher, match: Match, last: str) -> bool:
    """Whether an answer is about the topic of the conversation's last answer (the fact `last`)."""
    before = matcher.kb.fact(last)
    return match.fact is not None and before is not None and match.fact.topic == before.topic


def named_in(terms: Iterable[str], question: str) -> list[str]:
    """The terms (places, groups of people) a question names, as whole words."""
    text = f" {fold(question)} "
    return [term for term in terms if f" {fold(term)} " in text]


def about_nothing(reading: FollowUps, turn: Shape, question: str, lang: Lang) -> bool:
    """Whether a turn says nothing of what it is about without a conversation: it continues
    and is short, it refers back and is short and names no one ("what is her job?", not
    "Rakisheva - what is her job?"), it refers back and names nothing, or nothing its
    pronoun could stand for ("how many UN entities does it host?"), or it only asks."""
    if turn.continuing and turn.elliptical:
        return True
    if turn.referring and turn.elliptical and not reading.names_someone(question, lang):
        return True
    if turn.referring and subject_of(reading.matcher, question) == question:
        return True
    if turn.referring and reading.unnamed(question, lang):
        return True
    if turn.elliptical and (
        reading.relation_only(question, lang) or reading.counts_nothing(question, lang)
    ):
        return True
    return turn.elliptical and not reading.own_words(question)
