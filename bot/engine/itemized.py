"""What an answer states of the names a follow-up uses: a list's time in the item naming it,
and the acronyms it types.

Apart from the follow-up rules, as both read an answer's own text item by item, where the rest
read whole answers and the words a turn asks with.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.engine.figures import phrases_of
from bot.engine.gives import TIMES, TOUR, timed
from bot.engine.kinds import asked_for, asks_a_tour
from bot.engine.knowledge import Fact
from bot.engine.matcher import Matcher
from bot.engine.normalize import fold
from bot.engine.reader import turn_of
from bot.engine.verify import stated
from bot.engine.written import acronyms
from bot.lang import Lang

Names = Callable[[str, Lang], set[str]]  # the names and terms a text uses, but common ones


def dated(question: str, fact: Fact, lang: Lang, matcher: Matcher, names: Names) -> bool:
    """Whether a list answers a turn asking when or how long with that time given in the item
    naming what the turn names: "when was CICA founded?" after the initiatives is not the
    Nuclear Tests Day's "August 29"; "the Central African Republic (2022-present)" says no
    length of service, "Mali (2022-2023)" no tour's length."""
    words = fold(question).split()
    asked = asked_for(words) & TIMES
    if not asked or "list" not in matcher.given(fact):
        return True
    asked |= {TOUR} if "length" in asked and asks_a_tour(words) else set()
    named = names(turn_of(question), lang)
    said = [p for p in phrases_of(fact.answer[lang]) if named & names(p, lang)]
    return not said or any(asked <= timed(phrase) for phrase in said)


def spelled_out(question: str, fact: Fact, lang: Lang, matcher: Matcher) -> bool:
    """Whether `fact` states each acronym a turn names ("did the US ambassador speak?"), as
    typed or as a lexicon term it uses ("GA": the General Assembly)."""
    typed = acronyms(*stated(fact), *fact.every_question)
    return all(a in typed or matcher.uses(a, fact, lang) for a in acronyms(question))
