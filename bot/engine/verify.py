"""Verification between retrieval and answering: a fact is answered only if it answers the ask.

Retrieval finds facts that share a question's words; a near miss shares most of them and asks
something else ("what is the capital of Kazakhstan" against "human capital", "who is the prime
minister" against the *deputy* prime minister, "will Kazakhstan be elected again" against the
2017-2018 term). So before a fact is answered, what the question asks is compared with what the
fact states, using the word lists of `knowledge/words.yaml`:

- *names*: another country or organisation, a place or a group of people the question names
  must be named by the fact ("how many UN entities are in Astana" is not answered by the Almaty
  building, "how many women served in Lebanon" not by the total who served there);
- *relations* and *roles*: what is asked (died, left, founded, prime minister) must be stated by
  the fact in one of its terms, in any language;
- *qualifiers*: a fact whose answer names a role only qualified ("deputy prime minister")
  answers a question about that role only when the question qualifies it too, and a question
  qualifying a role ("deputy director-general") only a fact naming that role so;
- *word order*: "first" right before an office asks for its first holder, "became" beside one
  for taking it, and "what did X say" for a fact that reports X's words (`speech.py`);
- *tense*: a question about the future or a hypothetical is answered only by a fact about the
  future, one whether something happens again only by a fact about a repetition, and one about
  the present ("now", "still", "сейчас") only by a fact that states how things stand now, not
  by one about a past year;
- *years*: a year the question names ("in 1997") must be one the fact states, or the year of
  the article it quotes ("as of the May 2024 article");
- *direction*: a directed role (an ambassador) asked one way between Kazakhstan and another
  country is not answered by a fact about the other way (`direction.py`).

Everything about a fact is computed once, at index time, as a set of marks.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

from bot.engine.direction import DIRECTIONS, Directions, contradicts
from bot.engine.gives import years_in
from bot.engine.kinds import asked_for
from bot.engine.knowledge import Fact, KnowledgeBase, WordGroup, WordLists
from bot.engine.listing import without_command
from bot.engine.normalize import alternation, fold, phrase_pattern
from bot.engine.periods import bounded, bounds, within
from bot.engine.speech import ANYONE, Speakers
from bot.lang import LANGS, Lang

Analyse = Callable[[str, Lang], tuple[str, ...]]
# Tenses a fact answers when its example questions ask them, though its answer does not use the
# words: "is kazakhstan still in mali" is answered by "the mission ended in 2023". The author of
# the example vouches for it; the future is not among them, as a past fact that was asked about
# the future once still does not state what will happen.
DECLARED = frozenset(["present"])
# People are marked apart from other names: out-of-scope examples ignore them (a known
# out-of-scope question about one person's age guards the same question about another), as
# Kazakh and Russian endings often hide a name from the question's sure words.
PERSON = "person:"
# "How many ... now": a count as things stand, which a total since some year does not give ("538
# have served in Lebanon since 2018" is no answer to how many are there at the moment).
NOW_COUNT = "count:now"
_CUMULATIVE = re.compile(
    r"\bsince (?:19|20)\d\d|\bin total\b|\bover the (?:past|last)\b|\bso far\b|\bto date\b|"
    r"\baltogether\b|\bin the past\b",
    re.IGNORECASE,
)
# The relation a question asks by "before" or "after" a person ("who was it before Tokayev").
SUCCESSION = "replaced"
# A verb after the name makes "after X" a time, not a successor: "after Kazakhstan became
# independent", "до того как Токаев стал президентом" ("after" + a name + a past verb).
_VERB_AFTER = (
    r"(?:\w+ed|became|become|becomes|was|were|is|are|had|has|took|spoke|left|came|won|gave|"
    r"got|made|said|\w+(?:л|ла|ло|ли|лся|лась|лось|лись))\b"
)
# "The first foreign minister", "первый президент", "тұңғыш елші": the first holder of an office,
# which a fact states only in so many words. Its "first" and its office are no such statement
# when apart ("the ILO head's first official visit"), nor when a qualifier separates them ("first
# deputy foreign minister" is a title).
FIRST_HOLDER = "first-holder"
# "Became president", "стал главой", "басшысы болды": taking an office, the relation of that id
# in knowledge/words.yaml, which its terms ("appointed", "took office") also ask.
TOOK_OFFICE = "took-office"
# What something is called, the `name` relation; of a person or an office, it asks who holds
# it or what post someone holds, which any fact naming them gives.
NAME = "name"
# The folded Kazakh ablative and dative endings a name takes before "бұрын", "дейін", "кейін".
_KAZAKH_CASE = "(?:тан|тен|дан|ден|нан|нен|га|ге|ка|ке|на|не)"


class Verifier:
    """What each fact states, as marks; and whether a question asks only for what a fact states."""

    def __init__(
        self,
        kb: KnowledgeBase,
        texts: Sequence[Sequence[frozenset[str]]],
        analyse: Analyse,
    ) -> None:
        facts, words = kb.facts, kb.words
        self._terms: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        named = [WordGroup(mark, {lang: (t,) for lang in LANGS}) for mark, t in _names(words)]
        for group in [*words.relations, *words.roles, *named]:
            for lang in LANGS:
                for term in group.terms[lang]:
                    tokens = analyse(term, lang)
                    if tokens:
                        self._terms[tokens[0]].append((group.id, tokens))
        # Tokens of relation and role terms: what a question asks, not what it is about.
        self.asking = frozenset(
            token
            for token, groups in self._terms.items()
            if any(not is_name(group) for group, _ in groups)
        )
        qualifiers = [g for g in words.roles if g.qualifier]
        # roles that narrow another ("deputy"): the out-of-scope guard reads them too
        self.qualifiers = frozenset(g.id for g in qualifiers)
        before = "|".join(re.escape(fold(t)) for g in qualifiers for t in g.terms["en"])
        roles = [(g.id, phrase_pattern(g.terms["en"])) for g in words.roles if not g.qualifier]
        self._tenses = {
            mark: phrase_pattern(t for lang in LANGS for t in terms[lang])
            for mark, terms in (
                ("future", words.future),
                ("again", words.again),
                ("present", words.present),
            )
        }
        # Names, relations and roles count wherever the fact has them: in what it states
        # (answers, keywords, quotes) and in what its author wrote it answers (its examples).
        relations = frozenset(g.id for g in words.relations)
        self._marks = [
            self._stated(len(fact.quotes), fact_texts, relations)
            | self._tense(stated(fact))
            | self._tense(list(fact.every_question), DECLARED)
            | _years(stated(fact))
            | _years(kb.sources[q.source].published for q in fact.quotes)  # "the May 2024 article"
            | self._counted_now(fact)
            for fact, fact_texts in zip(facts, texts, strict=True)
        ]
        # Roles the fact's answer names qualified: only ever ("deputy prime minister"), and
        # at least once.
        qualified = [_qualified(fact.answer["en"], roles, before) for fact in facts]
        self._qualified = [only for only, _ in qualified]
        self._qualifiable = [once for _, once in qualified]
        self._roles = frozenset(g.id for g in words.roles if not g.qualifier)
        places = [place for lang in LANGS for place in words.places[lang]]
        self._succession = _succession(words, [*_country_names(kb), *spellings(kb), *places])
        # its words first: the pattern tries hundreds of names at every word of a question
        self._succeeding = phrase_pattern(t for lang in LANGS for t in words.succession[lang])
        self._first_holder = _first_holder(words)
        self._taking_office = _taking_office(words)
        self._speakers = Speakers(words, analyse)
        for fact, marks in zip(facts, self._marks, strict=True):
            if any(self._first_holder.search(f" {fold(t)} ") for t in stated(fact)):
                marks.add(FIRST_HOLDER)
            marks |= self._speakers.reported(fact)
        self._directions = Directions(words.roles)
        self._direction = [self._directions.of(stated(fact)) for fact in facts]
        self._answer_years = [[int(y) for y in years_in(fact)] for fact in facts]

    def _stated(
        self, quoted: int, texts: Sequence[frozenset[str]], relations: frozenset[str]
    ) -> set[str]:
        """The marks of a fact's texts, its `quoted` quotes first. A quote is a whole sentence
        of an article, which may state another fact's relation: "Kazakhstan ratified the Second
        Optional Protocol ..., and signed the Optional Protocol on the Rights of the Child" does
        not make the signing a ratification. So a relation only a quote states counts only for
        a fact whose own texts state none."""
        own = set().union(*(self.marks(tokens) for tokens in texts[quoted:]))
        quotes = set().union(*(self.marks(tokens) for tokens in texts[:quoted]))
        return own | (quotes - relations if own & relations else quotes)

    def marks(self, tokens: frozenset[str] | set[str]) -> set[str]:
        """The groups (relations, roles, names) whose terms all appear among `tokens`."""
        return {
            mark
            for token in self._terms.keys() & tokens  # in C: most tokens start no term
            for mark, term in self._terms[token]
            if all(t in tokens for t in term)
        }

    def asked(self, tokens: Iterable[str], text: str) -> frozenset[str]:
        """The marks a question asks for: its relations, roles, names, and whether it is future."""
        tokens = list(tokens)
        folded = fold(text)
        tokens = without_command(tokens, folded.split())  # "name the ...": a command
        tense = self._tense([text])
        if "present" in tense and "count" in asked_for(folded.split()):
            tense.add(NOW_COUNT)
        marks = self.marks(set(tokens))
        if NAME in marks and any(m in self._roles or m.startswith(PERSON) for m in marks):
            marks.discard(NAME)  # "the name of the coordinator", "Tokayev's title": who, what post
        return frozenset(
            marks
            | self._speakers.asked(tokens, text)
            | tense
            | ({SUCCESSION} if self._succeeds(f" {folded} ") else set())
            | ({FIRST_HOLDER} if self._first_holder.search(f" {folded} ") else set())
            | ({TOOK_OFFICE} if self._taking_office.search(f" {folded} ") else set())
            | self._directions.of([text])
            | _years_asked(folded, text)
        )

    def _succeeds(self, padded: str) -> bool:
        """Whether a question asks who came before or after someone (`_succession`)."""
        return bool(self._succeeding.search(padded) and self._succession.search(padded))

    def asks_speaker(self, tokens: Sequence[str], text: str) -> bool:
        """Whether a question asks who said something (`Speakers.asks_who`)."""
        return self._speakers.asks_who(tokens, text)

    def counts_now(self, fact: int) -> bool:
        """Whether the fact is no total over time (NOW_COUNT): what it counts, if anything, it
        counts as things stand."""
        return NOW_COUNT in self._marks[fact]

    def reports_speech(self, fact: int) -> bool:
        """Whether the fact reports someone's words."""
        return ANYONE in self._marks[fact]

    def rejects(self, asked: frozenset[str], fact: int) -> bool:
        """Whether the fact fails to state something the question asks (or asks more narrowly)."""
        if contradicts(asked, self._direction[fact]):
            return True
        if not {m for m in asked - DIRECTIONS if not bounded(m)} <= self._marks[fact]:
            return True
        if not within(asked, self._answer_years[fact]):
            return True  # "after 2013" of a post held 2011-2013
        if asked & self._qualified[fact] and not asked & self.qualifiers:
            return True  # the prime minister, of a fact naming only the deputy prime minister
        # the deputy director-general, of a fact naming a director-general and a deputy prime
        # minister: the qualifier is not the role's
        roles = asked & self._roles
        return bool(asked & self.qualifiers and roles and not roles & self._qualifiable[fact])

    def _counted_now(self, fact: Fact) -> set[str]:
        """NOW_COUNT unless the fact's answer counts a total over time ("since 2018", "over the
        past 30 years") and neither it nor an example of its author speaks of now ("at the
        moment, 8 women", "how many are there now")."""
        now = self._tenses["present"]
        asks = (
            now.search(f" {q} ") and "count" in asked_for(q.split())
            for q in map(fold, fact.every_question)
        )
        answer = fact.answer["en"]
        if cumulative(fact) and not now.search(f" {fold(answer)} ") and not any(asks):
            return set()
        return {NOW_COUNT}

    def _tense(self, texts: list[str], only: frozenset[str] | None = None) -> set[str]:
        """ "future", "again", "present" (or those of `only`) if any of the texts speaks of the
        future, of a repetition, of the present."""
        folded = [_GOING_TO_THE.sub(" ", f" {fold(text)} ") for text in texts]
        tenses = [(m, p) for m, p in self._tenses.items() if only is None or m in only]
        return {m for m, found in tenses if any(map(found.search, folded))}


# "Going to the Central African Republic" goes somewhere; "going to send" is the future.
_GOING_TO_THE = re.compile(r" going to (?=the )")


def _qualified(
    answer: str, roles: Sequence[tuple[str, re.Pattern[str]]], before: str
) -> tuple[set[str], set[str]]:
    """Roles named in `answer` qualified, right after a qualifier ("deputy director") or
    followed by "of" one ("head of the department"): every time, and at least once."""
    text = f" {fold(answer)} "
    before_ = re.compile(rf"(?:{before})$")
    after = re.compile(rf"of (?:the )?(?:{before})\b")
    only, once = set(), set()
    for role, pattern in roles:
        found = [
            bool(before_.search(text[: m.start()]) or after.match(text, m.end()))
            for m in pattern.finditer(text)
        ]
        if before and found and all(found):
            only.add(role)
        if before and any(found):
            once.add(role)
    return only, once


def _country_names(kb: KnowledgeBase) -> list[str]:
    """Kazakhstan's own names in the lexicon ("Kazakhstan", "Қазақстан"), not its adjectives:
    "after Kazakhstan" asks who came next, "after Kazakh troops left" does not."""
    return [
        term
        for group in kb.synonyms
        if group[0] == "kazakhstan"
        for term in group
        if fold(term).endswith(("stan", "стан"))
    ]


def spellings(kb: KnowledgeBase) -> list[str]:
    """Every way the lexicon spells one of the people ("Хунгбо" as well as "Унгбо")."""
    people = {fold(name) for lang in LANGS for name in kb.words.people[lang]}
    return [term for group in kb.synonyms if fold(group[0]) in people for term in group]


# The first name a person's surname may follow ("before Murat Nurtleu"): a word, but not a verb
# in -ing nor an article or a possessive ("before leading Kazakhstan", "before the ILO").
_FIRST_NAME = r"(?:(?!\w+ing |the |a |an |his |her |its |their )\w+ )?"


def _succession(words: WordLists, also: Iterable[str] = ()) -> re.Pattern[str]:
    """ "Before" or "after" a person ("before her" too), a foreign name or one of `also`
    (Kazakhstan's names, the people's other spellings, the places: "before Geneva" asks of his
    post before that one): in English and Russian the word comes first ("до Токаева"); in Kazakh
    it follows the name in the ablative or dative case ("Тоқаевтан бұрын", "Тоқаевқа дейін"), as
    a bare "Тоқаев бұрын" is "Tokayev, earlier". A word may stand between: the first name
    ("before Murat Nurtleu")."""
    listed = (words.people, words.foreign_names, words.succeeded_people)
    named = alternation([*(n for names in listed for lang in LANGS for n in names[lang]), *also])
    first = alternation(t for lang in LANGS if lang != "kk" for t in words.succession[lang])
    after = alternation(words.succession["kk"])
    if not named or not first or not after:
        return re.compile(r"(?!)")
    before = rf" (?:{first}) {_FIRST_NAME}(?:{named})\w* (?!{_VERB_AFTER})"
    return re.compile(rf"{before}| (?:{named}){_KAZAKH_CASE} (?:{after}) ")


def _first_holder(words: WordLists) -> re.Pattern[str]:
    """ "First" before an office, a word apart at most, that word no qualifier (FIRST_HOLDER)."""
    first = _either(g for g in words.relations if g.id == "first")
    offices = _either(g for g in words.roles if not g.qualifier)
    qualifiers = _either(g for g in words.roles if g.qualifier)
    if not first or not offices:
        return re.compile(r"(?!)")
    between = rf"(?:(?!(?:{qualifiers}) )\w+ )?" if qualifiers else r"(?:\w+ )?"
    return re.compile(rf" (?:{first}) {between}(?:{offices})\w* ")


def _taking_office(words: WordLists) -> re.Pattern[str]:
    """ "Became" before an office, two words apart at most ("when did Tokayev become the
    president", "when did Umarov become first deputy foreign minister", "Токаев стал
    президентом"), or right after it ("президентом стал", "Тоқаев
    Президент болды"; "үйлестірушісі кім болды" is "who was the coordinator"); or since when
    he, she or one of the people has held it ("how long has he held it?") (TOOK_OFFICE)."""
    offices = _either(g for g in words.roles if not g.qualifier)
    becoming = alternation(t for terms in words.becoming.values() for t in terms)
    people = alternation(t for terms in words.people.values() for t in terms) or "(?!)"
    if not offices or not becoming:
        return re.compile(r"(?!)")
    return re.compile(
        rf" (?:{becoming}) (?:\w+ ){{0,2}}(?:{offices})\w* | (?:{offices})\w* (?:{becoming}) |"
        # since when a person has held something is when they took it up ("since when has
        # President Kassym-Jomart Tokayev been…", "Рахметуллин қашаннан бері…"; not "since when
        # has Kazakhstan been a member")
        rf" (?:since when|how long) (?:has|have) (?:he|she|(?:\w+ ){{0,4}}?(?:{people})) "
        rf"(?:been|held|served|worked) | (?:{people})\w* (?:\w+ ){{0,3}}?{fold('қашаннан бері')} "
    )


def _either(groups: Iterable[WordGroup]) -> str:
    """Every term of the groups, in every language, as one alternation."""
    return alternation(t for group in groups for terms in group.terms.values() for t in terms)


def _names(words: WordLists) -> list[tuple[str, str]]:
    """Every foreign name, place, group of people and person, with a mark of its own ("name:3",
    "person:7")."""
    listed = (*words.foreign_names.values(), *words.places.values(), *words.groups.values())
    names = [(f"name:{i}", name) for i, name in enumerate(n for names in listed for n in names)]
    people = (name for names in words.people.values() for name in names)
    return names + [(f"{PERSON}{i}", name) for i, name in enumerate(people)]


def is_name(mark: str) -> bool:
    """Whether a mark is a name (what a question is about) rather than what it asks."""
    return mark.startswith(("name:", PERSON))


def _years_asked(folded: str, text: str) -> set[str]:
    """The years a question names, and those it asks after or before (`periods`) instead."""
    around = bounds(folded)
    return _years([text]) - {f"year:{m.split(':')[1]}" for m in around} | around


def _years(texts: Iterable[str]) -> set[str]:
    """The years (1900-2099) the texts name, as marks."""
    return {f"year:{y}" for text in texts for y in _YEAR.findall(text)}


_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


def stated(fact: Fact) -> list[str]:
    """What a fact states: its answers, keywords and quotes."""
    return [*fact.answer.values(), *fact.keywords, *(quote.text for quote in fact.quotes)]


def cumulative(fact: Fact) -> bool:
    """Whether the fact's answer counts a total over time ("in total, over the years")."""
    return bool(_CUMULATIVE.search(fact.answer["en"]))
