"""Kinds of answer: what a question asks for (a time, a count, a list); gives.py reads what a
fact gives.

A question that asks "when" or "how many" of a fact whose answer holds no date or no figure is
about something else that shares its words; the matcher lowers such a fact's score. A question
asking "which missions" prefers the fact that lists them to an overview that mentions them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import pairwise

from bot.engine.listing import commands


def _grams(text: str) -> frozenset[str]:
    """Folded question words and two-word phrases (joined by "_"), written apart by spaces."""
    return frozenset(text.split())


# What a question asks for, by folded question words (single words or two-word phrases).
_ASKS: dict[str, frozenset[str]] = {
    "time": _grams(
        """when since_when когда кашан what_year which_year каком_году кай_жылы what_years
        which_years какие_годы каких_годах кай_жылдары кашаннан кай_жылдан кай_кезде what_yr
        which_yr what_yrs which_yrs"""
    ),
    "count": _grams(
        """how_many how_much number_of сколько количество канша неше нешеу нешеуи нешеуин
        каншасы каншасын саны санын"""
    ),
    "place": _grams("where где кайда which_city каком_городе кай_калада кай_жерде кай_елде"),
    "day": _grams(
        """what_date which_date exact_date exact_day precise_date precise_day which_day what_day
        какого_числа какое_число точная_дата точную_дату накты_куни
        какой_день кай_куни нешесинде нешеси which_month what_month каком_месяце какой_месяц
        кай_айында кай_айда"""
    ),
    "year": _grams(
        """what_year which_year каком_году какого_года какой_год кай_жылы кай_жылдан
        нешинши_жылы what_yr which_yr"""
    ),
    "reason": _grams("why почему зачем для_чего отчего неликтен неге"),
    "duration": _grams(
        """how_long как_долго сколько_длится сколько_длилась сколько_длился канша_уакыт
        канша_уакытка канша_уакытта какой_срок каков_срок мерзими_канша мерзими_кандай"""
    ),
}
# "When" and "когда" also join clauses: after another question word they ask no time.
_CONJUNCTION_WHEN = frozenset(["when", "когда"])
_CONJUNCTION_WHERE = frozenset(["where", "где"])  # "what was the event where Umarov spoke?"
_AND = frozenset(["and", "и", "а", "or", "или"])  # "who spoke, and where?" asks both
# Russian asks at the end as well: a question word ending the question after "где" or "когда"
# in mid-sentence ("мероприятие, где выступал Умаров, было посвящено чему?") asks, and they
# only join ("подскажите, где … и кто её возглавляет?" asks where, and who).
_ASKING_LATE = _grams("что чему чем кто кого кому какой какая какое какие каким какую сколько")
_ASKING_FIRST = _grams(
    """what which who whom whose where how why что какой какая какое какие каким какую кто кого
    кому где как почему сколько"""
)
# "Which" before a place noun, a word or two apart: "which Kazakh city", "қай қазақстандық қалада";
# "which country" names a country as often as it asks where ("which country was the 168th"), and
# "what place" is often a rank ("what place in order"); the locative "в какой стране" asks where.
_WHICH = _grams("which what какой каком какая каких кай")
_PLACE_NOUNS = _grams(
    """city town город городе города стране странах кала каласы каласында калада елде елинде
    елдерде елдеринде"""
)
# Of those, the nouns of a city: "which city" is answered by a place the answer names, not by
# an author's "where" ("where are peacekeepers trained?": at a centre, in no city it names).
_CITY_NOUNS = _grams("city town город городе города кала каласы каласында калада")
# The words without which a question asks no time, day, year or place (each phrase's last word,
# the nouns after "which"): most questions have none, and need not be read further.
SETTING_WORDS = (
    frozenset(g.rsplit("_", 1)[-1] for k in ("time", "day", "year", "place") for g in _ASKS[k])
    | _PLACE_NOUNS
    | _CITY_NOUNS
)
_COUNTRY_NOUNS = _grams("country countries")  # "what country is she from?" asks an origin
# "Other countries", a word apart at most ("which other Central Asian country", "какие ещё
# страны", "басқа қай елдер"): countries besides those named, so an answer must name a place
# (the missions beyond Lebanon), not restate Kazakhstan's own seat on the Council.
_OTHER = _grams("other another другие другая другой других ещё еще иные баска озге")
_COUNTRIES = _grams(
    """country countries state states nations страна страны стран странах государства
    государств ел елдер елдерде елдери мемлекет мемлекеттер"""
)
# Kazakh "неге" is "why", and "to what" before a verb of attention or alignment ("неге
# басымдық береді", "to what does it give priority"; "неге сәйкестендірілген", "aligned with
# what"): then it asks no reason.
_TO_WHAT = _grams(
    """басымдык конил назар ман арналган жумсалады сайкес сайкестендирилген багытталган"""
)
# Kinds a fact either gives or does not, so that a fact lacking one is never the answer: the
# nearest fact about the event is otherwise confidently beside the point. A reason: the articles
# state what happened, rarely why. A day: a fact dated only by its year does not say "on what
# date"; a year: one dated only by a day of a month ("on 10 March") does not say "in what year";
# several years: one stating a single year ("since 1992") does not say "in which years". A part:
# given only by a fact whose author wrote such a question, as a total ("11 visits") does not say
# how many of them were anything. A place, a count (a period such as "up to one year" is none),
# a city (named in the answer, never only declared by its author) and a length of time
# likewise. Only a list is preferred, not required: an overview may answer "which missions"
# when no fact lists them.
# An origin ("where is he from?", "откуда", "қайдан") is no place where something is: given
# only by an answer saying someone is from somewhere ("officers from Kazakhstan").
DECISIVE = frozenset(
    ["reason", "day", "year", "years", "part", "place", "city", "count", "duration", "origin"]
) | {"length"}
DECLARED_KINDS = frozenset(
    ["place", "reason", "duration", "day", "year", "part", "origin", "length"]
)
_ORIGIN_WORDS = _grams("откуда кайдан кай_елден")
# after "what" in "what is it for": a form of "be", or the subject "what's" leaves when folded
_BE = frozenset(["is", "are", "was", "were", "it", "they", "this", "that"])
# "How long do / does / did …": a length from start to end, not how long something has gone on.
_HABITUAL = frozenset(["do", "does", "did"])
_PRESENT_HABITUAL = frozenset(["do", "does"])


# A period of time ("30 years", "30 лет", "30 жылда", "up to one year"): how long, not how many
# of something; neither what a question restates of an answer nor an answer's count.
PERIOD_WORDS = (
    r"(?:years?|months?|weeks?|days?|decades?|лет|год\w*|месяц\w*|недел\w*|жыл(?!ды[кг])\w*|"
    r"ай(?:лар\w*|дан|да|ға|га|ы|ын)?(?!\w))"  # not "жылдық" (anniversary), not "әйел" (woman)
)
# "How many years", "сколько лет", "неше жыл": how long, asked as a count.
_COUNTED_PERIOD = re.compile(PERIOD_WORDS)

# A list is asked by "which"/"what" before a plural ("which missions"), by "какие", by "қандай"
# before a Kazakh plural ("қандай миссиялар"), or by "list", "перечисли", "тізім".
# A part of a whole named in the question: "how many of the visits", "сколько из 11 визитов".
# "How many of them" is left out: "them" is what the conversation was about, often the part.
_PART = frozenset(["many_of", "much_of", "сколько_из"])
_OF_CONTEXT = frozenset(["them", "these", "those", "них", "этих", "тех"])
# Kazakh asks a part by the possessive of "how many" after the whole ("11 сапардың нешеуі"),
# and leaves "олардың нешеуі" ("how many of them") to the conversation as above.
_KAZAKH_PART = frozenset(["нешеуи", "нешеуин", "каншасы", "каншасын"])
# Every word that may start asking a kind an example question can declare: a question without
# one declares none, and building the index need not read it further.
DECLARING = frozenset(
    word
    for grams in (*(_ASKS[kind] for kind in DECLARED_KINDS if kind in _ASKS), _PART, _KAZAKH_PART)
    for gram in grams
    for word in gram.split("_")
)
_KAZAKH_OF_CONTEXT = frozenset(["олардын", "солардын", "булардын"])
_LIST_WORDS = _grams(
    """list enumerate перечисли перечислите список тизим тизип атап_бер атап_берши атап_бериниз
    атап_беринизши аттары_кандай атаулары_кандай"""
)
_LIST_ALONE = frozenset(["какие", "каких", "какими", "какая_то"])
_LIST_BEFORE_PLURAL = frozenset(["which", "what", "кандай", "кай"])
_TIME_PLURALS = frozenset(
    ["years", "yrs", "годы", "годах", "жылдары", "dates", "days"]
)  # "which years"
_WHICH_PLURAL = _LIST_BEFORE_PLURAL | _LIST_ALONE  # "which years", "в какие годы"
_KIND_MARKERS = frozenset().union(*_ASKS.values())
_PLURAL = re.compile(r"^(?:[a-z]{3,}[^s]s|ones)$|(?:лар|лер|дар|дер|тар|тер)")  # "which ones"


def asked_for(words: Sequence[str]) -> frozenset[str]:
    """What kinds of answer a question wants ("time", "count", "list", "reason"...), from its
    words."""
    return _asked_for(tuple(words))


@lru_cache(maxsize=16384)
def _asked_for(key: tuple[str, ...]) -> frozenset[str]:
    """`asked_for`, cached: building the index reads every example question's kinds more than
    once (the kinds a fact gives, its places, its counts), and so does answering a question.
    (A list again inside, as the rules compare slices with lists.)"""
    words = list(key)
    grams = set(words) | {f"{a}_{b}" for a, b in pairwise(words)}
    kinds = {kind for kind, markers in _ASKS.items() if grams & markers}
    if "time" in kinds and _joins(words, grams, _CONJUNCTION_WHEN, "time"):
        kinds.discard("time")  # "what was Nurtleu's title when he met the ILO head?"
    if "place" in kinds and _joins(words, grams, _CONJUNCTION_WHERE, "place"):
        kinds.discard("place")  # "what was the March 10 event where Umarov spoke dedicated to?"
    # the nouns a word or two after "which": "which Kazakh city", "в каком казахстанском городе"
    after_which = {n for i, w in enumerate(words) if w in _WHICH for n in words[i + 1 : i + 3]}
    if _PLACE_NOUNS & after_which:
        kinds.add("place")
    if _CITY_NOUNS & after_which:
        kinds.add("city")
    if not _OTHER.isdisjoint(grams) and any(
        w in _OTHER and not _COUNTRIES.isdisjoint(words[i + 1 : i + 4])
        for i, w in enumerate(words)
    ):
        kinds.add("place")
    if "count" in kinds and ("duration" in kinds or _asks_a_period(words)):
        kinds = (kinds - {"count"}) | {"duration"}  # "сколько длится", "how many years"
    # (each rule looks for its words first: most questions have none, and every example
    # question of the knowledge is read here when the index is built)
    if "long" in grams and _after_how_long(words):
        kinds.add("length")  # "how long do they serve there?"
    from_where = "where" in grams or (
        not _COUNTRY_NOUNS.isdisjoint(grams)
        and any(a in _WHICH and b in _COUNTRY_NOUNS for a, b in pairwise(words))
    )
    from_which = (
        from_where
        and any(  # "he is from which country?"
            a == "from" and b in _WHICH and c == "country"
            for a, b, c in zip(words, words[1:], words[2:], strict=False)
        )
    )
    if grams & _ORIGIN_WORDS or (from_where and words[-1:] == ["from"]) or from_which:
        kinds = (kinds - {"place"}) | {"origin"}  # "where is he from?", "откуда он?"
    if "неге" in grams and grams & _TO_WHAT:
        kinds.discard("reason")
    if _asks_purpose(words):
        kinds.add("reason")
    plain = [word for word in words if not word.isdigit()]  # "which 16 agencies"
    before_plural = not _LIST_BEFORE_PLURAL.isdisjoint(grams) and any(
        any(
            _PLURAL.search(next_word) and next_word not in _TIME_PLURALS
            # "which are the fundamental ILO conventions": the plural after "are the ..."
            for next_word in plain[i + 1 : i + (6 if plain[i + 1 : i + 2] == ["are"] else 3)]
        )
        for i, word in enumerate(plain)
        if word in _LIST_BEFORE_PLURAL
    )
    alone = not _LIST_ALONE.isdisjoint(grams) and any(
        word in _LIST_ALONE and next_word not in _TIME_PLURALS
        for word, next_word in pairwise([*words, ""])
    )  # "какие миссии" lists, "в какие годы" asks a time
    if before_plural or alone or grams & _LIST_WORDS or commands(words):
        kinds.add("list")
    if not _TIME_PLURALS.isdisjoint(grams) and years_asked(words):
        kinds.add("years")
    if (
        not _PART.isdisjoint(grams)
        and any(
            f"{a}_{b}" in _PART and c not in _OF_CONTEXT
            for a, b, c in zip(words, words[1:], [*words[2:], ""], strict=False)
        )
    ) or (
        not _KAZAKH_PART.isdisjoint(grams)
        and any(
            b in _KAZAKH_PART and a not in _KAZAKH_OF_CONTEXT for a, b in pairwise(["", *words])
        )
    ):
        kinds.add("part")
    if "count" in kinds and words[:2] in (["of", "the"], ["out", "of"], ["of", "all"]):
        kinds.add("part")  # "of the roughly one thousand peacekeepers, how many were officers?"
    return frozenset(kinds)


def _joins(words: Sequence[str], grams: set[str], conjunctions: frozenset[str], kind: str) -> bool:
    """Whether "when" or "where" (`conjunctions`) only join a clause: another question word
    comes first (or, in Russian, after it in mid-sentence), "and" is not right before, and no
    other word asks that `kind` ("what was his title when he met…", "кто выступал, когда…",
    "what was the event where Umarov spoke…"; "who spoke, and when?" asks when)."""
    at = next((i for i, word in enumerate(words) if word in conjunctions), None)
    if at is None or (grams - conjunctions) & _ASKS[kind]:
        return False
    if at and words[at - 1] in _AND:
        return False
    if at and words[-1] in _ASKING_LATE:
        return True  # "мероприятие, где выступал Умаров, было посвящено чему?"
    return any(word in _ASKING_FIRST - conjunctions for word in words[:at])


_EXPANDS = frozenset(["short", "stand", "stands"])  # "… short for?": an abbreviation's words


def _asks_purpose(words: Sequence[str]) -> bool:
    """Whether a question asks what something is for ("what is it for?", "whats the coalition
    for"): a purpose, which a reason answers; not what was done for something ("what did the
    ILO thank Kazakhstan for?", "what were the officers awarded medals for?"), nor what an
    abbreviation is short for or stands for ("whats UNSDCF short for?", "whats CICA stand
    for")."""
    opening = words[:1] == ["whats"] or (
        words[:1] == ["what"] and bool(_BE.intersection(words[1:2]))
    )
    done = any(word.endswith("ed") for word in words[2:-1])
    return opening and not done and words[-1:] == ["for"] and not _EXPANDS.issuperset(words[-2:-1])


def _asks_a_period(words: Sequence[str]) -> bool:
    """Whether "how many" counts a period ("how many years", "сколько лет", "неше жыл")."""
    counts = _ASKS["count"]
    padded = [*words, "", ""]
    return any(
        (word in counts and _COUNTED_PERIOD.fullmatch(padded[i + 1]))
        or (f"{word}_{padded[i + 1]}" in counts and _COUNTED_PERIOD.fullmatch(padded[i + 2]))
        for i, word in enumerate(words)
    )


def said_before_when(words: Sequence[str]) -> list[str]:
    """The words before a question asks a time ("it ratified the protocol in 2022, but when
    …"): what it states first, as a premise; all of them if it asks none."""
    times = _ASKS["time"]
    for i, word in enumerate(words):
        if word in times or f"{word}_{words[i + 1] if i + 1 < len(words) else ''}" in times:
            return list(words[:i])
    return list(words)


def asks_a_tour(words: Sequence[str]) -> bool:
    """Whether "how long" asks in the present how long something takes each time ("how long
    do they serve?", a tour of duty), not how long it went on ("how long did they serve?")."""
    return not _after_how_long(words).isdisjoint(_PRESENT_HABITUAL)


def _after_how_long(words: Sequence[str]) -> set[str]:
    """The "do", "does", "did" right after a "how long" ("how long do they serve?")."""
    return {
        c
        for a, b, c in zip(words, words[1:], words[2:], strict=False)
        if (a, b) == ("how", "long") and c in _HABITUAL
    }


def years_asked(words: Sequence[str]) -> bool:
    """Whether a question asks in which years ("which years", "в какие годы", "қай жылдары"):
    more than one, so a fact stating one year ("since 1992") does not say them."""
    return any(
        first in _WHICH_PLURAL and second in _TIME_PLURALS for first, second in pairwise(words)
    )


def counted(words: Sequence[str]) -> str | None:
    """The word right after the words asking how many ("how many migrants", "сколько
    направлений", "неше бағыт"): mostly what is counted; None if nothing follows them."""
    markers = _ASKS["count"]
    for i, word in enumerate(words[:-1]):
        pair = f"{word}_{words[i + 1]}" in markers  # "how many": the word after both
        if pair or word in markers:
            after = words[i + 2 if pair else i + 1 :][:1]
            return after[0] if after else None
    return None


def kind_words(words: Sequence[str]) -> frozenset[str]:
    """The words that ask a kind of answer ("how long", "what year", "сколько", "қашан"), and
    the "do" of "how long do they serve?" (how long a tour lasts, not how long since)."""
    found = {w for w in words if w in _KIND_MARKERS}
    for first, second in pairwise(words):
        if f"{first}_{second}" in _KIND_MARKERS:
            found |= {first, second}
    return frozenset(found | _after_how_long(words))
