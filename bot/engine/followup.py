"""How a turn leans on the conversation, and whether an answer found through it fits the turn.

A follow-up is read with what the conversation was about ("when was it founded?" after "who
heads the ILO?"). That adds words to it, and added words must never answer what the turn itself
asks: "when was he appointed?" after a visit, "who was the 169th?" after "the 168th member",
"what are their names?" after a count share the conversation's words, not the fact's. So an
answer found through the conversation must also fit the turn read alone:

- every word of substance the turn uses ("appointed", "else", "names") is one the fact uses,
  in its examples, answers or keywords, and every number ("the 169th") and every name written
  in capitals ("the US ambassador") it names is one the fact states;
- the kind of answer the turn asks (when, how many, how long, where) is one the fact gives, and
  what it asks (relations, roles, names, tense) is what the fact states (`verify.py`);
- a figure it asks for ("how many of them", "by how much") stands next to what it counts, and
  "which ones" gets an answer naming several (`figures.py`);
- a turn about a person ("he", "she", "ол кісі") follows only an answer that speaks of one: "how
  old is he?" after the ILO's founding asks about its head, not about the ILO;
- a turn asking for something else ("who else", "кто ещё", "тағы кім") is never answered by
  the last answer.

Words that only tie a turn to the conversation ("and", "it", "там", "ол"), that ask ("when",
"сколько", "қашан") or that any conversation has ("ok", "thanks", "roughly", "рахмет") are not
of substance: they are the lists of `knowledge/words.yaml`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from bot.engine.compound import Parts
from bot.engine.figures import NUMBER, Measures, padded, pattern, without, words_of
from bot.engine.gives import years_in
from bot.engine.itemized import dated, spelled_out
from bot.engine.kinds import asked_for, kind_words, years_asked
from bot.engine.knowledge import Fact
from bot.engine.matcher import Matcher
from bot.engine.normalize import ANY_GENERIC, STOPWORDS, alternation, fold, phrase_pattern
from bot.engine.persons import Persons
from bot.engine.reader import joined_to
from bot.engine.verify import cumulative, stated
from bot.engine.written import capitalized
from bot.lang import LANGS, Lang

# A subject pronoun this close after the question word is the turn's subject ("when did it
# become", "а когда она стала").
SUBJECT_AFTER = 2
ELLIPTICAL_WORDS = 2  # a turn with at most this many words of substance cannot stand alone
COMMON = 0.2  # a name more than this share of the answers use says little of which is meant


@dataclass(frozen=True)
class Shape:
    """How a turn is tied to the conversation, from its words alone."""

    continuing: bool  # "and ...", "what about ...", "а ...", "ал ... ше"
    referring: bool  # "it", "there", "его", "там", "ол"
    elliptical: bool  # too short to stand alone: "in which years?", "а сколько?"
    asking: bool  # has a question word of its own
    personal: bool  # refers to a person: "he", "she", "ол кісі"
    other: bool  # asks for something besides the last answer: "who else", "кто ещё"
    part: bool = False  # asks of a part of what the last answer spoke of: "of them", "оның ішінде"
    member: bool = False  # asks whether something is among what it named: "one of them"

    @property
    def follows(self) -> bool:
        """Whether the turn may be read with the conversation at all."""
        return self.continuing or self.referring or self.elliptical

    @property
    def repeats(self) -> bool:
        """Whether the turn asks again what was asked before, of something else: it continues
        without a question word ("and in Congo?", "а в Мали?", "ал Непалда ше?")."""
        return self.continuing and not self.asking


class FollowUps:
    """Follow-up turns read against one matcher's knowledge; prepared once per knowledge."""

    def __init__(self, matcher: Matcher) -> None:
        self.matcher = matcher
        self.parts = Parts(matcher.kb.words)  # where a question asking two things splits
        words = matcher.kb.words
        self._follow_up = pattern(words.follow_up)
        self._referring = pattern(words.pronouns, words.members)
        self._member = pattern(words.members)
        self._there = pattern(words.there)
        self._asking = pattern(words.question_words, words.question_forms)
        self._person = pattern(words.persons)
        self._tied = pattern(words.persons, words.that_year, words.members)
        several = (t for group in matcher.kb.synonyms for t in group if len(fold(t).split()) > 1)
        self._terms = phrase_pattern(several)  # the lexicon's terms of several words
        self.figures = Measures(words, matcher.kb.facts, self._wanted, matcher.reader.analyse)
        self._other = pattern(words.others)
        self._tying = words_of(
            words.follow_up,
            words.pronouns,
            words.question_words,
            words.question_forms,
            words.chatter,
            whole=False,
        )
        # one-word terms: where in a turn a pronoun, a question word, "and" stands
        self._pronouns, self._continues, self._lasting = map(
            words_of, (words.pronouns, words.follow_up, words.lasting)
        )
        self._subjects, self._possessives, self._determiners = map(
            words_of, (words.subjects, words.possessives, words.determiners)
        )
        self._questions = words_of(words.question_words, words.question_forms)
        self._chatter = words_of(words.chatter, whole=False)
        self._that_year = pattern(words.that_year)
        self._present = pattern(words.present)
        # "who said that global problems need global solutions?": "that" opens what was said,
        # a clause of several words ("who praised that speech?" points back at one)
        verbs = alternation(words.speech["en"]) or "(?!)"
        self._said_that = re.compile(rf" (?:{verbs}) that (?=(?:\w+ ){{4}})")
        self.places = matcher.places
        self.persons = persons = Persons(matcher)  # whom "he" stands for
        self._people = persons.people
        named_by = Counter(
            name
            for fact in matcher.kb.facts
            for name in {t for lang in LANGS for t in self._names(fact.answer[lang], lang)}
        )
        self._common = frozenset(
            name for name, facts in named_by.items() if facts > COMMON * len(matcher.kb.facts)
        )

    def shape(self, question: str) -> Shape:
        """How `question` is tied to the conversation. A question word inside a follow-up
        phrase ("what about Mali?") asks nothing of its own."""
        text = padded(question)
        rest = without(self._follow_up, text)
        substance = [w for w in text.split() if w not in STOPWORDS and w not in ANY_GENERIC]
        return Shape(
            continuing=rest != text and self._continues_at_edge(text),
            # "these days", "на сегодняшний день" say when, and refer to nothing
            referring=bool(
                self._referring.search(without(self._said_that, without(self._present, text)))
            ),
            elliptical=len(substance) <= ELLIPTICAL_WORDS,
            asking=bool(self._asking.search(rest)),
            personal=bool(self._person.search(text)),
            other=bool(self._other.search(text)),
            part=self.figures.of_part(text),
            member=bool(self._member.search(text)),
        )

    def unnamed(self, question: str, lang: Lang) -> bool:
        """Whether a turn says nothing of what its pronoun stands for, so that it can only be
        about what was said before it: it opens with the pronoun and asks something of it
        ("онда БҰҰ-ның неше құрылымы орналасқан?", "it was founded when?"; "это был первый
        визит Унгбо?" only asks whether), the pronoun is its subject right after the question
        word and nothing is named before it ("а когда она стала учреждением ООН?"), or it
        counts and names nothing besides what it counts ("how many UN entities does it
        host?": the entities are counted, "it" is what hosts them; "how many UN agencies are
        there in Kazakhstan?" names where)."""
        # "это правда, что…" ("is it true that…") is a filler: its "это" stands for nothing
        words = padded(self.matcher.reader.fillers.sub(" ", fold(question))).split()
        # "their normal salary" refers back inside the turn
        at = next(
            (i for i, w in enumerate(words) if w in self._pronouns - self._possessives), None
        )
        if at is None:
            return False
        asking = [i for i, word in enumerate(words) if word in self._questions]
        if all(word in self._continues for word in words[:at]):
            # "сол алматыдағы ғимаратта…": a determiner's noun may name what is meant
            named = words[at] in self._determiners and self._names(" ".join(words[at:]), lang)
            return bool(asking) and not named
        before = [i for i in asking if i < at]
        if not before:
            return False
        subject = words[at] in self._subjects and at - before[-1] <= SUBJECT_AFTER
        if subject and not self._names(" ".join(words[:at]), lang):
            # its subject, named nowhere before it: "when did it become a UN agency?", "а когда
            # она стала…" ("what post did Umarov hold when he spoke" names him first)
            return True
        if "count" not in asked_for(words):
            return False
        return not self._names(" ".join(words[: before[-1]] + words[at + 1 :]), lang)

    def elsewhere(
        self, turn: Shape, question: str, fact: Fact | None, last: str, asked: str, lang: Lang
    ) -> bool:
        """Whether a short turn saying "there" and naming no place of its own is answered by a
        fact naming none of the places the conversation is about named (`asked`: the last
        question, and a place a turn swapped in: "how many soldiers went there?" after "and
        Nepal?" is not the total of peacekeepers) or, after a question asking where, none the
        last answer (the fact `last`) gave ("а для молодежи там что-то есть?" after documents of
        a summit means in them; read in English answers, where places stand uninflected)."""
        text = padded(question)
        before = self.matcher.kb.fact(last)
        if not turn.elliptical or fact is None or before is None or fact.id == before.id:
            return False
        if not self._there.search(text) or self.places.pattern.search(text):
            return False
        named = self.places.named_by(asked, fact, lang)
        if named is not None:
            return not named
        if "place" not in asked_for(fold(asked).split()):
            return False
        places = {m.group() for m in self.places.pattern.finditer(padded(before.answer["en"]))}
        answer = padded(fact.answer["en"])
        return bool(places) and not any(place in answer for place in places)

    def relation_only(self, question: str, lang: Lang) -> bool:
        """Whether a turn's words of substance only say a relation, of nothing it relates: "by
        ratifying what?", "founded when?", "who heads?"."""
        tokens = self.matcher.reader.analyse(self.own_words(question), lang)
        return bool(tokens) and all(token in self.matcher.asking for token in tokens)

    def counts_nothing(self, question: str, lang: Lang) -> bool:
        """Whether a turn counts without naming what it counts, or of which: "how many are
        fundamental?", "сколько из них фундаментальных?"."""
        if "count" not in asked_for(fold(question).split()) or self._names(question, lang):
            return False
        return not self.names_someone(question, lang)

    def _names(self, text: str, lang: Lang) -> set[str]:
        """The names and terms of the lexicon `text` uses (not what it asks: relations,
        roles) and the places it names."""
        names = {
            token
            for token in self.matcher.reader.analyse(text, lang)
            if token.startswith("=") and token not in self.matcher.asking
        }
        return names | {m.group().strip() for m in self.places.pattern.finditer(padded(text))}

    def _uncommon(self, text: str, lang: Lang) -> set[str]:
        """The names and terms `text` uses that few answers do."""
        return self._names(text, lang) - self._common

    def _continues_at_edge(self, text: str) -> bool:
        """Whether a follow-up phrase opens (after chat: "рахмет, ал ...") or closes a padded
        turn: "and" between two names ("what did Nurtleu and Houngbo talk about?") joins them."""
        words = text.split()
        while words and words[0] in self._chatter:
            words.pop(0)
        text = padded(" ".join(words))
        return any(m.start() == 0 or m.end() == len(text) for m in self._follow_up.finditer(text))

    def own_words(self, question: str) -> str:
        """A turn's words of substance: not those tying it to the conversation, asking ("how
        long", "what year"), or chat. A person is referred to by a whole phrase: "ол әйел"
        ("that woman") ties, "әйел" alone ("women") asks."""
        typed = padded(question)
        text = without(self._tied, typed)  # "he", "that year"
        if self._that_year.search(typed):
            # "what else did it sign that year?": the year says what it is about, and "else"
            # only rules out the last answer, which `other` does
            text = without(self._other, text)
        # a term of the lexicon is kept whole: "took part" is "participate", not "part" (nor
        # is "took" a word of substance)
        terms = [found.strip() for found in self._terms.findall(text)]
        folded = text.split()
        tying = self._tying | kind_words(folded)
        if "duration" in asked_for(folded):  # "how long does a tour of duty last?"
            tying |= self._lasting
        words = without(self._terms, text).split()
        # (a question word typed short, "wich", "hw", ties as the word it stands for)
        asking = {
            w for w in words if len(w) < 6 and self.matcher.reader.correction(w, "en")[0] in tying
        }
        kept = (w for w in words if w not in tying and w not in STOPWORDS and w not in asking)
        return " ".join([*terms, *kept])

    def asked_again(self, question: str, asked: str, lang: Lang) -> str:
        """What a turn that continues without a question word asks: "and in Mali?" after "how
        long is a tour of duty in Lebanon?" asks how long a tour of duty is, in Mali; so an
        answer must fit that question's words too, but for the names it swaps: the places of
        words.yaml in any form ("ливанда"), any word of a person's name ("who is botagoz
        rakisheva?" then "and dauren aben?") and any word written with a capital inside the
        question ("Кот-д'Ивуаре")."""
        named = capitalized(asked) | self.persons.name_words
        unplaced = without(self.places.pattern, padded(asked))
        kept = [
            word
            for word in self.own_words(unplaced).split()
            if word not in named and not self.places.named_in([word], lang)
        ]
        folded = fold(asked).split()
        kinds = kind_words(folded)
        return joined_to(question, " ".join([*(w for w in folded if w in kinds), *kept]))

    def fits(self, question: str, fact: Fact, lang: Lang) -> bool:
        """Whether an answer found through the conversation answers `question` read alone: the
        kinds of answer and relations it asks are the fact's, and so is every word, number and
        name in capitals it uses ("did the US ambassador speak?"); "in which years?" asks more
        than the one year of "since 1992"; "where" needs a place given for what it asks."""
        numbers = set(NUMBER.findall(question))
        return (
            self.matcher.gives_asked(question, fact, lang, self.own_words(question))
            and numbers <= {n for text in stated(fact) for n in NUMBER.findall(text)}
            and self.measures(question, fact, lang)
            and self.places.located(question, fact, lang, self._wanted(question))
            and dated(question, fact, lang, self.matcher, self._uncommon)
            and spelled_out(question, fact, lang, self.matcher)
            and (len(years_in(fact)) > 1 or not years_asked(fold(question).split()))
        )

    def swaps(self, question: str, lang: Lang) -> bool:
        """Whether a turn's own words are only names it swaps in: places in any form, the
        people's names and words written with a capital ("and in the Central African
        Republic?", "ал Конгода ше?", "and dauren aben?"), not words of what it asks ("а что
        в пакте говорится про финансирование?")."""
        named = capitalized(question) | self.persons.name_words
        rest = self.own_words(without(self.places.pattern, padded(question))).split()
        return all(word in named or self.places.named_in([word], lang) for word in rest)

    def gives_again(self, asks: str, fact: Fact, lang: Lang, worded: bool = True) -> bool:
        """Whether `fact` gives the kind of answer `asks` (a turn asked again, `asked_again`)
        wants, in the item naming what it names, and (if `worded`) uses its words: how long a
        tour lasts in the Central African Republic is not the list of missions that names it."""
        folded = fold(asks).split()
        kinds = kind_words(folded)
        asked = " ".join(w for w in folded if w in kinds)
        words = self.own_words(asks) if worded else ""
        return self.matcher.gives_asked(asked, fact, lang, words) and dated(
            asks, fact, lang, self.matcher, self._uncommon
        )

    def measures(self, question: str, fact: Fact, lang: Lang, about: str = "") -> bool:
        """Whether `fact` gives the figure or the several names a turn asks for (`figures.py`)."""
        return self.figures.measures(question, fact, lang, about)

    def worded(self, question: str, fact: Fact | None, lang: Lang) -> bool:
        """Whether `fact`'s answer uses two or more of a short turn's own words: then the turn
        says what it is about ("what programme did they want to resume?": the Decent Work
        programme whose resumption the answer states), as "who built it?" does not."""
        if fact is None:
            return False
        answer = set(self.matcher.reader.analyse(fact.answer[lang], lang))
        own = self.matcher.reader.analyse(self.own_words(question), lang)
        return len(answer.intersection(own) - self._common) >= 2

    def names_someone(self, question: str, lang: Lang) -> bool:
        """Whether a turn names one of the people or a place ("Rakisheva - what is her job?",
        "what is it like there in Mali?"): then a short turn with a pronoun may open a chat."""
        if self._people & set(self.matcher.reader.analyse(question, lang)):
            return True
        return self.places.named_in(fold(question).split(), lang)

    def _wanted(self, question: str) -> list[str]:
        """A turn's words of substance that say what it is about, not of any subject."""
        return [w for w in self.own_words(question).split() if w not in ANY_GENERIC]

    def year(self, question: str, fact: Fact | None) -> str:
        """The year a turn asking of "that year" ("what else was signed that year?") means:
        the one year `fact`'s answer states; "" if it asks of none or the answer states none
        or several."""
        if fact is None or not self._that_year.search(padded(question)):
            return ""
        years = years_in(fact)
        return next(iter(years)) if len(years) == 1 else ""

    def echoes(self, question: str, said: str, lang: Lang) -> bool:
        """Whether every name and term a turn uses that few answers use is one the conversation
        has just `said`, and it names no one and no place: "what year was the first visit?"
        after the President's visits to New York is about those visits, not whichever first
        visit a fact reports (Houngbo's)."""
        own = self._uncommon(question, lang)
        if not own or self.names_someone(question, lang):
            return False
        return own <= self._names(said, lang)

    def speaks_of(self, fact: Fact | None, subject: str) -> bool:
        """Whether `fact`'s answer names something `subject` (what a conversation is about,
        `subject_of`) names, and few answers do: "the UN80 discussion", not "international";
        of a conversation about a person, that person: after Friberg-Storey's position, the
        women peacekeepers' positions are not hers."""
        if fact is None:
            return False
        names = {t for lang in LANGS for t in self._names(fact.answer[lang], lang)}
        wanted = {t for t in self.matcher.reader.analyse(subject, "en") if t.startswith("=")}
        shared, people = (names & wanted) - self._common, wanted & self._people
        return bool(shared & people if people else shared)

    def may_follow(self, turn: Shape, fact: Fact | None) -> bool:
        """Whether `turn` may be about `fact`: one about a person only if the fact has one."""
        return fact is not None and (not turn.personal or fact.id in self.persons.personal)

    def may_answer(self, turn: Shape, fact: Fact | None, before: Fact | None) -> bool:
        """Whether `fact` may answer `turn`, after `before`: not if it asks for another, nor
        a part of a total over time by what is counted now ("how many of them were women?"
        after about a thousand over the years is not the 8 women serving at the moment)."""
        if fact is None or (turn.other and fact == before):
            return False
        if turn.part and before is not None and fact != before and cumulative(before):
            return not self.matcher.counts_now(fact)
        return True
