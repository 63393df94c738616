"""`kzun-bot eval --adversarial`: generated near misses, and how many the engine refuses.

From every example question of every fact, questions the knowledge cannot answer are made by
one change each, in the question's own language:

- *entity*: Kazakhstan swapped for another country or organisation ("when did Uzbekistan join");
- *organisation*: the UN swapped for another organisation ("when did Kazakhstan join NATO");
- *tense*: asked about the future ("when will ... again", "... снова в будущем");
- *relation*: a relation swapped for one no fact states (founded -> died);
- *role*: an office swapped for one no fact names (president -> king).

Names the knowledge itself uses are never swapped in, so every generated question is truly
unanswerable. This is a development set; the blind sets stay the judge.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bot.commands.evaluation import Tally
from bot.engine.knowledge import Fact, KnowledgeBase, WordGroup
from bot.engine.matcher import Matcher
from bot.engine.normalize import fold
from bot.lang import LANGS, Lang

KINDS = ("entity", "organisation", "tense", "relation", "role")
FUTURE: dict[Lang, str] = {"ru": "{} снова в будущем", "kk": "{} болашақта қайтадан"}
_PAST_EN = re.compile(r"\b(did|was|were)\b")
NEAR_MISS_TARGET = 0.97  # share of each kind of generated near miss to refuse
_STEM_MIN = 4  # a word starting with a name of at least this length is that name inflected
Swaps = list[tuple[str, list[str]]]  # folded terms a question may name, each with its stand-ins


@dataclass(frozen=True)
class NearMiss:
    kind: str
    lang: Lang
    question: str
    fact_id: str
    source: str  # the example question it was made from


def generate(kb: KnowledgeBase) -> Iterator[NearMiss]:
    """Every near miss of every example question, in knowledge order."""
    used = {w for fact in kb.facts for text in _texts(fact) for w in fold(text).split()}
    names = {
        lang: [fold(n) for n in kb.words.foreign_names[lang] if not set(fold(n).split()) & used]
        for lang in LANGS
    }
    # Swapped in are only relations and roles no fact states: "who is the president" would
    # still be answerable with another fact than the one the question came from.
    stated = " ".join(fold(text) for fact in kb.facts for text in _texts(fact))
    every_role = [g for g in kb.words.roles if not g.qualifier]
    relations = _swaps(
        kb.words.relations, [g for g in kb.words.relations if not _states(stated, g)]
    )
    roles = _swaps(every_role, [g for g in every_role if not _states(stated, g)])
    home = _group(kb, "kazakhstan")
    un = _group(kb, "un")
    counter = 0
    for fact in kb.facts:
        timeless = not _future(kb, fact)  # then its questions asked of the future are misses
        for lang in LANGS:
            for question in fact.questions[lang]:
                counter += 1
                other = names[lang][counter % len(names[lang])] if names[lang] else None
                if other:
                    swapped = _swap(question, home, other, lang)
                    if swapped:
                        yield NearMiss("entity", lang, swapped, fact.id, question)
                    swapped = _swap(question, un, other, lang)
                    if swapped:
                        yield NearMiss("organisation", lang, swapped, fact.id, question)
                future = _future_of(question, lang)
                if future and timeless:
                    yield NearMiss("tense", lang, future, fact.id, question)
                for kind, swaps in (("relation", relations), ("role", roles)):
                    swapped = _swap_group(question, swaps[lang], counter)
                    if swapped:
                        yield NearMiss(kind, lang, swapped, fact.id, question)


def near_misses(matcher: Matcher, kb: KnowledgeBase) -> dict[str, dict[Lang, Tally]]:
    """Per kind and language: generated near misses refused (not answered)."""
    refused: dict[str, dict[Lang, Tally]] = {kind: defaultdict(Tally) for kind in KINDS}
    for miss in generate(kb):
        tally = refused[miss.kind][miss.lang]
        tally.total += 1
        tally.right += matcher.match(miss.question).status != "answer"
    return refused


def print_near_misses(refused: dict[str, dict[Lang, Tally]]) -> int:
    """Print refusal per kind; 1 when a kind is refused less often than the target."""
    met = True
    for kind in KINDS:
        per_lang = refused[kind]
        overall = Tally.of(per_lang.values())
        met &= overall.rate >= NEAR_MISS_TARGET
        langs = ", ".join(f"{lang} {per_lang[lang]}" for lang in LANGS)
        print(f"{kind}: refused {overall}; {langs}")
    verdict = "met" if met else "NOT met"
    print(f"\nTarget (>= {NEAR_MISS_TARGET:.0%} refused per kind): {verdict}")
    return 0 if met else 1


def _future_of(question: str, lang: Lang) -> str | None:
    """The question asked of the future: "when did ..." -> "when will ... again"; in Russian
    and Kazakh with "again in the future" added."""
    if lang != "en":  # inside the question: after its mark, it would be a remark of its own
        return FUTURE[lang].format(question.rstrip(" ?")) + "?"
    if not _PAST_EN.search(question):
        return None
    future = _PAST_EN.sub(lambda m: "will" if m.group(1) == "did" else "will be", question, 1)
    return future.rstrip(" ?") + " again" + ("?" if question.rstrip().endswith("?") else "")


def _texts(fact: Fact) -> list[str]:
    return [*fact.answer.values(), *fact.every_question]


def _group(kb: KnowledgeBase, first: str) -> tuple[str, ...]:
    """The folded single-word terms of the lexicon group whose first term is `first`."""
    for group in kb.synonyms:
        if fold(group[0]) == first:
            return tuple(fold(t) for t in group if len(fold(t).split()) == 1)
    return ()


def _swap(question: str, terms: Sequence[str], other: str, lang: Lang) -> str | None:
    """`question` with a word that is (or inflects) one of `terms` replaced by `other`.

    Kazakh endings attach to any name ("өзбекстанның"), so they are kept; an English or Russian
    derived word ("kazakhstani", "казахстанских") is replaced whole by the name."""
    words = fold(question).split()
    for i, word in enumerate(words):
        for term in terms:
            if word == term or (len(term) >= _STEM_MIN and word.startswith(term)):
                ending = word[len(term) :] if lang == "kk" else ""
                return " ".join([*words[:i], other + ending, *words[i + 1 :]])
    return None


def _swaps(every: Sequence[WordGroup], unstated: Sequence[WordGroup]) -> dict[Lang, Swaps]:
    """Per language, each folded term of the `every` groups (longest first) with the folded
    first terms of the `unstated` groups it may be swapped for; folded once, not per question
    (folding them for each of the thousands of questions took most of the generation time)."""
    swaps: dict[Lang, Swaps] = {}
    for lang in LANGS:
        firsts = [fold(g.terms[lang][0]) for g in unstated]
        named = sorted(
            (fold(term) for g in every for term in g.terms[lang]), key=len, reverse=True
        )
        swaps[lang] = [(term, [first for first in firsts if first != term]) for term in named]
    return swaps


def _swap_group(question: str, swaps: Swaps, counter: int) -> str | None:
    """`question` with the first term of `swaps` it names swapped for one of that term's
    others (terms no fact states), or None when it names none of them."""
    text = f" {fold(question)} "
    for term, others in swaps:
        if f" {term} " in text and others:
            swap = others[counter % len(others)]
            return text.replace(f" {term} ", f" {swap} ", 1).strip()
    return None


def _states(text: str, group: WordGroup) -> bool:
    """Whether folded `text` has a term of the group as whole words."""
    return any(f" {fold(t)} " in f" {text} " for lang in LANGS for t in group.terms[lang])


def _future(kb: KnowledgeBase, fact: Fact) -> bool:
    """Whether the fact speaks of the future or a repetition itself (then it may answer)."""
    text = f" {' '.join(fold(t) for t in _texts(fact))} "
    terms = [*kb.words.future.values(), *kb.words.again.values()]
    return any(f" {fold(t)} " in text for listed in terms for t in listed)
