"""Whom "he", "she" or "ол кісі" stands for in a follow-up, and whom a turn names.

Apart from the rest of follow-up reading (followup.py), as only turns about a person need it:
"what was his position?" after the event Umarov spoke at is about Umarov, and "what about
Tokayev, what UN job did he have?" is about the one it names first.
"""

from __future__ import annotations

import re

from bot.engine.figures import padded
from bot.engine.knowledge import Fact
from bot.engine.matcher import Matcher
from bot.engine.normalize import fold, phrase_pattern
from bot.engine.speech import people_tokens
from bot.engine.verify import spellings
from bot.lang import LANGS, Lang


class Persons:
    """The people of the knowledge as a conversation refers to them; prepared once per
    knowledge."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        words = matcher.kb.words
        terms = sorted({t for lang in LANGS for t in words.persons[lang]}, key=len, reverse=True)
        either = "|".join(map(re.escape, terms)) or "(?!)"
        self._as_typed = re.compile(rf"\b(?:{either})\b", re.IGNORECASE)
        roles = [term for role in words.roles for lang in LANGS for term in role.terms[lang]]
        named = [t for lang in LANGS for t in (*words.persons[lang], *words.titles[lang])]
        self._speaks = speaks = phrase_pattern([*roles, *named])
        self.people = people_tokens(words, matcher.reader.analyse)
        # every word of every spelling of their names ("botagoz", "rakisheva", "ракишева")
        self.name_words = frozenset(
            word for name in spellings(matcher.kb) for word in fold(name).split()
        )
        self.personal = frozenset(
            fact.id
            for fact in matcher.kb.facts
            if any(speaks.search(f" {fold(answer)} ") for answer in fact.answer.values())
        )

    def named_first(self, question: str, lang: Lang) -> bool:
        """Whether a turn names one of the people before its "he" or "she", who is them."""
        said = self._as_typed.search(question)
        ahead = self.matcher.reader.analyse(question[: said.start()], lang) if said else ()
        return bool(self.people.intersection(ahead))

    def person(self, fact: Fact | None, lang: Lang, asked: str) -> str:
        """Whom "he" or "ол кісі" means after `fact` answered `asked`: the one person its answer
        names, if the question named no one ("what was his position?" after the event Umarov
        spoke at); "" if it names none or several, or the question named someone ("who is the
        Resident Coordinator?": "he" is who the conversation was already about)."""
        if fact is None or self._speaks.search(padded(asked)):
            return ""
        if self.people & set(self.matcher.reader.analyse(asked, lang)):
            return ""
        named = self.people.intersection(self.matcher.reader.analyse(fact.answer[lang], lang))
        return next(iter(named))[1:].replace("_", " ") if len(named) == 1 else ""

    def naming(self, question: str, subject: str) -> str:
        """`question` with its first "he" or "ол кісі" replaced by the one person `subject`
        names: "and what did he say?" after Kapucu asks what Kapucu said (a speaker is read
        before the verb, not in the subject added after the turn). As it is otherwise."""
        people = self.people.intersection(self.matcher.reader.analyse(subject, "en"))
        if len(people) != 1 or self.named_first(question, "en"):
            return question  # "what about Umarov, what did he say?": he is Umarov
        name = next(iter(people))[1:].replace("_", " ")
        return self._as_typed.sub(lambda _: name, question, count=1)
