"""The answer engine: find the fact a question asks about, or admit that the knowledge has none.

Every fact's example questions, keywords and answers in all three languages are analysed once into
an index of stemmed tokens (lexicon synonyms merged into one token). A question is analysed the
same way and scored against the whole index at once:

- *coverage*: the share of the question's weighted words that the fact knows. Words the domain
  has never seen (another country, another organisation, GDP) carry the highest weight, so a
  question about them cannot be mostly covered by any fact: this is what refuses near misses.
- *similarity*: the best weighted overlap (Dice) with one of the fact's example questions or
  keywords.
- *fuzzy*: rapidfuzz's string similarity to the fact's example questions (one batch call over all
  of them), for word order and typos the token stage misses.
- *evidence*: what the shared words say beyond "Kazakhstan and the UN"; "kz un" names no fact.

Weights are inverse document frequencies over facts, so "kazakhstan" counts little and "guterres"
much; conversational words ("tell me", "actually") count little whether known or not. Typos are
mapped to known words first (rapidfuzz, edit distance with transpositions). The score decides
between answering, asking "did you mean", and declining; `Thresholds` hold the limits.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections import defaultdict
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from bot.engine.bulk import collector_paused
from bot.engine.confidence import FEATURES
from bot.engine.confirm import Confirmer
from bot.engine.days import DateQuestions
from bot.engine.decision import SEARCH_FLOOR, Assessment, Match, Thresholds, decide
from bot.engine.figures import Measures, padded
from bot.engine.gives import figures, gives, place_pattern, restated, years_in, years_of
from bot.engine.kinds import DECISIVE, asked_for, kind_words, said_before_when
from bot.engine.knowledge import Fact, KnowledgeBase
from bot.engine.language import detect_language
from bot.engine.listing import asks_command, without_command
from bot.engine.normalize import ANY_GENERIC, STOPWORDS, fold, generic_stems
from bot.engine.outofscope import OutOfScope
from bot.engine.overlap import Entries, best_dice, inverse_document_frequencies
from bot.engine.places import Places
from bot.engine.postings import Postings
from bot.engine.reader import MAX_SEARCH_CHARS, OPENING_SURENESS, Reader, sorted_words
from bot.engine.smalltalk import small_talk
from bot.engine.verify import Verifier, is_name
from bot.engine.vocabulary import text_lang
from bot.lang import LANGS, Lang

MAX_RANKED = 10  # facts kept from scoring: enough for "did you mean" and threshold sweeps
MAX_CANDIDATES = 12  # facts whose example questions are compared in detail

# Scoring. A fact's score is coverage * (BASE + DICE * similarity + FUZZY * fuzzy), see above.
BASE, DICE, FUZZY = 0.2, 0.5, 0.3
FUZZY_CUTOFF = 50  # rapidfuzz scores below this say nothing
# Evidence is what the shared words say beyond "Kazakhstan and the UN" (IDF above 1): a question
# with less than this, like "kz un", names no fact in particular, unless it is close to one of
# the fact's example questions ("how many years has kazakhstan been in the un").
MIN_EVIDENCE = 1.5
GENERIC_WEIGHT = 0.5  # a conversational word the knowledge does not use ("actually")
BACKGROUND_FACTOR = 0.5  # a word of the seed articles that no fact uses, relative to unknown
FOREIGN_FACTOR = 2.0  # another country or organisation, relative to an unknown word
# A question that asks "when" or "how many" of a fact whose answer holds no date or no count is
# about something else that shares its words ("when did Kazakhstan join the ILO" is not the fact
# about joining the ILO's Coalition): its score is multiplied by this.
MISMATCH_FACTOR = 0.5
LIST_FACTOR = 0.85  # "which missions" of a fact that lists none: a softer mismatch
# A question about as close to a known out-of-scope question (knowledge/out-of-scope.yaml) asking
# its kind of answer, or none, as to the nearest of a fact's example questions (within
# OUT_OF_SCOPE_MARGIN) is about what the articles do not say: that fact's score is multiplied by
# OUT_OF_SCOPE_FACTOR, so it is refused (outofscope.py).
OUT_OF_SCOPE_FACTOR = 0.4
OUT_OF_SCOPE_MARGIN = 0.9
# A question of which this share of the weight is words no fact uses ("what are the rules of
# chess", "recommend a movie for tonight") is about something else, however well its remaining
# word fits a fact: it is never answered. In the development sets every question above 0.45 was
# out of scope but for a few with a chatty word the lists lacked, since added as fillers.
MAX_UNKNOWN = 0.45


_UNKNOWN = FEATURES.index("unknown")


@dataclass(slots=True)
class _Scored:
    """A question's weighted tokens and every candidate fact's score, with the parts of it."""

    weights: dict[str, float]
    total: float
    scores: dict[int, float]
    # per fact: coverage, similarity, fuzzy, specific, mismatch
    parts: dict[int, tuple[float, float, float, float, float]]
    out_of_scope: float = 0.0
    asked: int = 0  # relations and roles asked
    corrected: float = 0.0  # share of the weight read through a typo correction


class Matcher:
    """Scores questions against a prepared index of one KnowledgeBase; read-only once built."""

    @collector_paused()
    def __init__(self, kb: KnowledgeBase, thresholds: Thresholds | None = None) -> None:
        self.kb = kb
        self.thresholds = thresholds or Thresholds.of(kb)
        self.reader = reader = Reader(kb)
        now = [reader.analyse(p, lang) for lang in LANGS for p in kb.words.present[lang]]
        now = [a for a in now if len(a) == 1]  # "right now": when, not what ("осы кезде": not)
        self._generic = generic_stems() | {a[0] for a in now}
        analysed, texts = zip(*(self._fact_entries(fact) for fact in kb.facts), strict=True)
        self._fact_tokens = [frozenset().union(*(t for t, _ in entries)) for entries in analysed]
        self._idf = inverse_document_frequencies(self._fact_tokens)
        self._postings = Postings(self._fact_tokens)
        self._unknown_weight = 1.0 + math.log(len(kb.facts) + 1)  # rarer than any known word
        # Other countries and organisations weigh most, unless the facts themselves use the name
        # (a speaker from Turkey): then it is part of the domain.
        self._foreign = reader.foreign - set(self._idf)
        places, cities = place_pattern(kb.words.places), place_pattern(kb.words.cities)
        self._gives = [gives(fact, places, cities) for fact in kb.facts]
        self._years = [years_in(fact) for fact in kb.facts]
        self._figures = [figures(fact.answer["en"]) for fact in kb.facts]
        self._index_of = index_of = {fact.id: i for i, fact in enumerate(kb.facts)}
        self._related: list[set[int]] = [set() for _ in kb.facts]
        for i, fact in enumerate(kb.facts):
            for other in (index_of[r] for r in fact.related if r in index_of):
                self._related[i].add(other)
                self._related[other].add(i)
        self._asked: list[Entries] = []  # per fact: its example questions and keywords
        self._fuzzy_texts: list[tuple[str, ...]] = []  # per fact: example questions, words sorted
        for entries in analysed:
            asked = [(tokens, text) for tokens, text in entries if text]
            self._asked.append(Entries.of([t for t, _ in asked], self._weight))
            self._fuzzy_texts.append(tuple(text for _, text in asked))
        self._dates = DateQuestions(kb)
        self._verifier = Verifier(kb, texts, reader.analyse)
        self._confirmer = Confirmer(kb.words, reader.analyse, reader.words)
        self._measures = Measures(kb.words, kb.facts, _substance, reader.analyse)
        # where an answer says something is; follow-ups read places with it too
        self.places = Places(kb.words, kb.facts, reader.query, reader.analyse)
        self._out_of_scope = OutOfScope(kb, reader.analyse, self._verifier, self._weight)

    # --- Public interface ---------------------------------------------------------------------

    def match(
        self, question: str, preferred_lang: Lang | None = None, today: dt.date | None = None
    ) -> Match:
        """Answer, ask which fact was meant, or decline; in the language of the question.
        With `today`, "what happened today / yesterday / tomorrow" is a date question."""
        return self.decide(self.assess(question, preferred_lang, today))

    def assess(
        self, question: str, preferred_lang: Lang | None = None, today: dt.date | None = None
    ) -> Assessment:
        """Everything about a question that does not depend on thresholds (scores, language)."""
        text = question[:MAX_SEARCH_CHARS]
        chat = small_talk(text)
        if chat is not None:  # "hello", "рахмет": no fact is asked for, none is claimed
            return Assessment(question, chat[1], ())
        text, lang = self._read(text, preferred_lang)
        when = self._dates.asked(text, today)
        if when is not None:
            return Assessment(question, lang, (), when, tuple(self._dates.facts_of(when)))
        scored = self._score(text, lang)
        best = sorted(scored.scores.items(), key=lambda item: -item[1])[:MAX_RANKED]
        ranked = tuple((self.kb.facts[i], s) for i, s in best)
        if not best or best[0][1] <= 0.0:
            return Assessment(question, lang, ranked)
        features = self._features(scored, best)
        model = self.kb.confidence
        sure = model.probability(features) if model else best[0][1]
        if features[_UNKNOWN] >= MAX_UNKNOWN:
            sure = 0.0
        return Assessment(question, lang, ranked, features=features, confidence=sure)

    def decide(self, assessment: Assessment, thresholds: Thresholds | None = None) -> Match:
        """Turn scores into an answer, a "did you mean" list or a refusal."""
        match = decide(assessment, thresholds or self.thresholds)
        fact = match.fact
        if fact is not None and self._confirmer.confirms(match.question, fact, match.lang):
            return replace(match, confirmed=True)
        return match

    def gives_asked(self, question: str, fact: Fact, lang: Lang, words: str = "") -> bool:
        """Whether `fact` gives every kind of answer `question` asks (a time, a count, a day...),
        states all it asks and uses each of `words`: "in which years?" of the fact on Tokayev's
        Geneva post. ("What positions?" asks a list only by its grammar: two are its answer.)"""
        index = self._index_of.get(fact.id)
        folded = fold(question).split()
        wanted = asked_for(folded)
        if index is None or wanted - self._gives[index] - {"list"}:
            return False
        # as asked alone: "how many of those 400 projects…?" restates the count given, and
        # "where was the 2024 summit held?" is no place a clause about the summit names
        years = (years_of(" ".join(said_before_when(folded))), self._years[index])
        if restated(wanted, self._gives[index], figures(question), self._figures[index], years):
            return False
        if not self.places.located(question, fact, lang, _substance(question)):
            return False
        if not self.uses(words, fact, lang):
            return False
        asked = self._asks(question, self.reader.query(question, lang), lang)
        return not self._verifier.rejects(asked, index)

    def given(self, fact: Fact) -> frozenset[str]:
        """The kinds of answer `fact` gives (`gives.py`), as the index read them."""
        index = self._index_of.get(fact.id)
        return self._gives[index] if index is not None else frozenset()

    def uses(self, words: str, fact: Fact, lang: Lang) -> bool:
        """Whether `fact` uses each of `words`, as the index reads them (a lexicon term as its
        group: "GA" is used by a fact saying "General Assembly")."""
        index = self._index_of.get(fact.id)
        tokens = self._fact_tokens[index] if index is not None else frozenset()
        return all(t in tokens for t in self.reader.query(words, lang))

    def counts_now(self, fact: Fact) -> bool:
        """Whether `fact` is no total over time ("8 women serve at the moment", not "about a
        thousand over the years")."""
        index = self._index_of.get(fact.id)
        return index is not None and self._verifier.counts_now(index)

    def asks_who_said(self, question: str, fact: Fact, lang: Lang) -> bool:
        """Whether `question` asks who said what `fact` reports someone saying ("who said
        that?" after the five-fold fall of newborn deaths)."""
        index = self._index_of.get(fact.id)
        tokens = self.reader.analyse(question, lang)
        return (
            index is not None
            and self._verifier.asks_speaker(tokens, question)
            and self._verifier.reports_speech(index)
        )

    def search(self, query: str, lang: Lang, limit: int = 10) -> list[Fact]:
        """Facts relevant to `query`, best first, for inline mode; [] when nothing is relevant."""
        text, read = self._read(query[:MAX_SEARCH_CHARS], lang)
        scored = self._score(text, read)
        best = sorted(scored.scores.items(), key=lambda item: -item[1])
        return [self.kb.facts[i] for i, score in best[:limit] if score >= SEARCH_FLOOR]

    @property
    def asking(self) -> frozenset[str]:
        """Tokens of relation and role terms: what a question asks, not what it is about."""
        return self._verifier.asking

    def explain(self, question: str, lang: Lang) -> dict[str, float]:
        """The weighted tokens the engine sees in a question, to show why it was misunderstood."""
        return {
            t: round(c * self._weight(t), 2) for t, c in self.reader.query(question, lang).items()
        }

    # --- Analysis -----------------------------------------------------------------------------

    def _fact_entries(
        self, fact: Fact
    ) -> tuple[list[tuple[tuple[str, ...], str]], list[frozenset[str]]]:
        """(tokens, sorted words) of each question and keyword of a fact, answers without words;
        and the tokens of each of its texts, its quotes first, for verification (one set per
        text, so that a two-word term is not made of words from two texts).

        Tokens are distinct and interned: one string per token across the whole index."""
        texts = [(q, lang, True) for lang in LANGS for q in fact.questions[lang]]
        texts += [(fact.answer[lang], lang, False) for lang in LANGS]
        texts += [(k, text_lang(k), True) for k in fact.keywords]
        entries = []
        every = [frozenset(self.reader.analyse(quote.text, "en")) for quote in fact.quotes]
        for text, lang, asked in texts:
            tokens = tuple(dict.fromkeys(map(sys.intern, self.reader.analyse(text, lang))))
            # "name all the missions" commands: what its author wrote it answers is no name
            every.append(frozenset(without_command(tokens, fold(text).split())))
            if tokens:
                entries.append((tokens, sorted_words(text) if asked else ""))
        return entries, every

    def _read(self, text: str, preferred: Lang | None) -> tuple[str, Lang]:
        """The text to score (Latin-typed Kazakh or Russian spelled in Cyrillic), its language."""
        spelled = self.reader.transliterated(text)
        if spelled is not None:
            return spelled
        return text, self.reader.reading(text, detect_language(text)) or preferred or "en"

    def _asks(self, text: str, query: dict[str, float], lang: Lang) -> frozenset[str]:
        """What a question asks (relations, roles, names, tense, years), for verification."""
        return self._verifier.asked(*self.reader.asked_part(text, query, lang))

    def _weight(self, token: str) -> float:
        """How much a token says about what is asked: rare in the knowledge means much."""
        if token in self._foreign:
            return FOREIGN_FACTOR * self._unknown_weight
        if token in self._generic:
            return min(self._idf.get(token, GENERIC_WEIGHT), GENERIC_WEIGHT)
        if token in self._idf:
            return self._idf[token]
        if token in self.reader.stems:
            return BACKGROUND_FACTOR * self._unknown_weight
        return self._unknown_weight

    # --- Scoring ------------------------------------------------------------------------------

    def _score(self, text: str, lang: Lang) -> _Scored:
        """Every fact's score for a question, by the blend described at the top of this module.

        Coverage and evidence come from the postings of the question's tokens; the costlier
        similarity is computed only for the facts those leave as candidates."""
        query = self.reader.query(text, lang)
        words = fold(text).split()
        wanted = asked_for(words)
        # a list asked in so many words ("can you name the missions?"): a non-list fails
        decisive = DECISIVE | ({"list"} if asks_command(words) else set())
        shown, named = figures(text), years_of(" ".join(said_before_when(words)))
        weights = {token: self._weight(token) * sure for token, sure in query.items()}
        total = sum(weights.values())
        scored = _Scored(weights, total, {}, {})
        if not total:
            return scored
        # (a word of an opening or preamble is light, not corrected)
        corrected = [t for t, sure in query.items() if OPENING_SURENESS < sure < 1.0]
        scored.corrected = sum(weights[t] for t in corrected) / total
        covered = self._postings.candidates(weights, MAX_CANDIDATES)
        candidates = list(covered)
        query_text = sorted_words(text)
        texts = [(fact, t) for fact in candidates for t in self._fuzzy_texts[fact]]
        fuzzy: dict[int, float] = defaultdict(float)
        for _, score, index in process.extract(
            query_text, [t for _, t in texts], scorer=fuzz.ratio, limit=None,
            score_cutoff=FUZZY_CUTOFF,
        ):  # fmt: skip
            fact = texts[index][0]
            fuzzy[fact] = max(fuzzy[fact], score / 100)
        scores = scored.scores
        asked = self._asks(text, query, lang)
        # (the model weighs the nearest out-of-scope question of any kind; only one of the kind
        # asked, or of none, cuts a score: "where was the March 10 event held?" is no "which day")
        scored.out_of_scope, out_of_scope = self._out_of_scope.closeness(
            weights, total, asked, wanted
        )
        # Names (countries, places) are what a question is about, not what it asks.
        scored.asked = sum(not is_name(mark) for mark in asked)
        substance = _substance(text)  # of the question: the same for every candidate
        for fact in candidates:
            similar = best_dice(weights, total, self._asked[fact])
            tokens = self._fact_tokens[fact]
            evidence = sum(max(w - 1.0, 0.0) for t, w in weights.items() if t in tokens)
            specific = max(min(1.0, evidence / MIN_EVIDENCE), similar)
            blend = BASE + DICE * similar + FUZZY * fuzzy[fact]
            given = self._gives[fact]
            missing = wanted - given
            fits = MISMATCH_FACTOR if missing - {"list"} else LIST_FACTOR if missing else 1.0
            if (
                missing & decisive
                or restated(wanted, given, shown, self._figures[fact], (named, self._years[fact]))
                or not self._measures.counts(text, self.kb.facts[fact], lang)
                or not self.places.located(text, self.kb.facts[fact], lang, substance)
                or not self.places.names_all(text, query, self.kb.facts[fact], lang)
            ):
                fits = 0.0
            scored.parts[fact] = (covered[fact] / total, similar, fuzzy[fact], specific, 1 - fits)
            if out_of_scope > similar * OUT_OF_SCOPE_MARGIN:
                fits *= OUT_OF_SCOPE_FACTOR
            if self._verifier.rejects(asked, fact):
                fits = 0.0
            scores[fact] = covered[fact] / total * specific * blend * fits
        return scored

    def _features(self, scored: _Scored, best: list[tuple[int, float]]) -> tuple[float, ...]:
        """What the confidence model sees of the best fact (confidence.FEATURES, in order)."""
        fact, top = best[0]
        coverage, similar, fuzzy, specific, mismatch = scored.parts[fact]
        weights, tokens = scored.weights, self._fact_tokens[fact]
        lacking = max((w for t, w in weights.items() if t not in tokens), default=0.0)
        unknown = sum(w for t, w in weights.items() if t not in self._idf) / scored.total
        return (
            top,
            coverage,
            similar,
            fuzzy,
            specific,
            mismatch,
            scored.out_of_scope,
            scored.out_of_scope - similar,
            top - (best[1][1] if len(best) > 1 else 0.0),
            top - max((s for f, s in best[1:] if f not in self._related[fact]), default=0.0),
            unknown,
            lacking / self._unknown_weight,
            float(scored.asked),
            math.log(len(weights)),
            scored.corrected,
        )


def _substance(question: str) -> list[str]:
    """A question's words that say what it is about: not function words, words of any subject
    or words asking a kind of answer ("how much has life expectancy grown": life, expectancy,
    grown). "By how much" is answered only by a figure next to one of them (`Measures`)."""
    folded = padded(question).split()
    asking = kind_words(folded)
    return [w for w in folded if w not in STOPWORDS and w not in ANY_GENERIC and w not in asking]
