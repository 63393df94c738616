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

import heapq
import math
import re
import sys
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.engine.dates import DATE_QUESTION_WORDS, MONTHS, DateQuery, parse_date
from bot.engine.knowledge import Fact, KnowledgeBase
from bot.engine.language import detect_language
from bot.engine.normalize import (
    GENERIC_WORDS,
    STOPWORDS,
    fold,
    is_latin,
    stem,
)
from bot.engine.smalltalk import small_talk
from bot.engine.verify import Verifier
from bot.lang import LANGS, Lang

Status = Literal["answer", "clarify", "decline"]

MAX_SEARCH_CHARS = 256  # longer input is pasted text, not a question: only its start is searched
MAX_PHRASE = 4  # longest lexicon term, in words
MAX_RANKED = 10  # facts kept from scoring: enough for "did you mean" and threshold sweeps
MAX_CANDIDATES = 12  # facts whose example questions are compared in detail
MAX_CORRECTIONS = 10_000  # remembered typo corrections
MAX_LISTED = 6  # facts listed for a date question; more would not fit one Telegram message

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
# A question about as close to a known out-of-scope question (knowledge/out-of-scope.yaml) as to
# the nearest of a fact's example questions (within OUT_OF_SCOPE_MARGIN) is about what the
# articles do not say: that fact's score is multiplied by OUT_OF_SCOPE_FACTOR, so it is refused.
OUT_OF_SCOPE_FACTOR = 0.4
OUT_OF_SCOPE_MARGIN = 0.9

# "WHO" in capitals, or "the who" (no English sentence puts "the" before the pronoun "who").
_ACRONYM_WHO = re.compile(r"\bWHO\b|\b(?i:the who)\b")
_WORLD_BANK = re.compile(r"\bworld bank\b", re.IGNORECASE)


# What a question asks for, by folded question words (single words or two-word phrases).
_ASKS: dict[str, frozenset[str]] = {
    "time": frozenset(
        ["when", "когда", "кашан", "what_year", "which_year", "каком_году", "кай_жылы"]
    ),
    "count": frozenset(["how_many", "how_much", "сколько", "канша", "неше"]),
}
_YEAR = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b")
_MONTH = re.compile(rf"\b(?:{'|'.join(MONTHS['en'])})\b")
# A day of a month ("2 March", "March 2"): a date, not a count.
_MONTH_DAY = re.compile(rf"\b\d{{1,2}}\s+{_MONTH.pattern}|{_MONTH.pattern}\s+\d{{1,2}}\b")
# A cardinal figure: digits that are not an ordinal ("168th" answers "which", not "how many"),
# or a number written as a word.
_COUNT = re.compile(
    r"\b\d[\d,]*\b(?!(?:st|nd|rd|th)\b)|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|"
    r"dozens?|hundreds?|thousands?|millions?|twice|\w+-fold)\b",
    re.IGNORECASE,
)


def _asked_for(words: Sequence[str]) -> frozenset[str]:
    """What kinds of answer a question wants ("time", "count"), from its question words."""
    grams = set(words) | {f"{a}_{b}" for a, b in pairwise(words)}
    return frozenset(kind for kind, markers in _ASKS.items() if grams & markers)


def _gives(fact: Fact) -> frozenset[str]:
    """What kinds of answer a fact can give: a time if it is dated, a count if it has a figure."""
    answer = fact.answer["en"]
    kinds = set()
    if fact.date or _YEAR.search(answer) or _MONTH.search(answer):
        kinds.add("time")
    if _COUNT.search(_MONTH_DAY.sub(" ", _YEAR.sub(" ", answer))):
        kinds.add("count")
    return frozenset(kinds)


@dataclass(frozen=True)
class Thresholds:
    """Where confidence turns into an answer, a "did you mean", or a refusal (0..1 scores)."""

    answer: float = 0.40
    clarify: float = 0.30
    margin: float = 0.0  # an answer this close to another fact's score becomes a "did you mean"


@dataclass(frozen=True)
class Match:
    """The engine's decision about one question, with what to show."""

    question: str
    status: Status
    lang: Lang
    facts: tuple[Fact, ...]
    score: float
    when: DateQuery | None = None  # set for a date question ("what happened on 2 March")

    @property
    def fact(self) -> Fact | None:
        return self.facts[0] if self.status == "answer" and self.facts else None


@dataclass(frozen=True)
class Assessment:
    """A question scored against the knowledge, before thresholds turn it into a Match."""

    question: str
    lang: Lang
    ranked: tuple[tuple[Fact, float], ...]  # best facts first, with their scores
    when: DateQuery | None = None  # a date question: `listed` holds that day's or year's facts
    listed: tuple[Fact, ...] = ()


@dataclass(frozen=True, slots=True)
class _Entry:
    """One example question or keyword of a fact, as weighted tokens (a tuple: a third of a
    frozenset's memory, and only ever iterated)."""

    tokens: tuple[str, ...]
    weight: float


class Matcher:
    """Scores questions against a prepared index of one KnowledgeBase; read-only once built."""

    def __init__(self, kb: KnowledgeBase, thresholds: Thresholds | None = None) -> None:
        self.kb = kb
        self.thresholds = thresholds or Thresholds()
        self._phrases = _lexicon_phrases(kb)
        self._generic = frozenset(stem(w, lang) for lang in LANGS for w in GENERIC_WORDS[lang])
        analysed = [self._fact_entries(fact) for fact in kb.facts]
        self._fact_tokens = [frozenset().union(*(t for t, _ in entries)) for entries in analysed]
        self._idf = _inverse_document_frequencies(self._fact_tokens)
        self._unknown_weight = 1.0 + math.log(len(kb.facts) + 1)  # rarer than any known word
        # Other countries and organisations weigh most, unless the facts themselves use the name
        # (a speaker from Turkey): then it is part of the domain.
        names = kb.words.foreign_names
        single = {fold(n) for lang in LANGS for n in names[lang] if len(fold(n).split()) == 1}
        self._foreign = {stem(w, lang) for w in single for lang in LANGS} - set(self._idf)
        fillers = sorted({fold(f) for lang in LANGS for f in kb.words.fillers[lang]}, key=len)
        self._fillers = re.compile(
            r"\b(?:" + "|".join(map(re.escape, reversed(fillers))) + r")\b" if fillers else "(?!)"
        )
        words = self._known_words(kb)
        self._words_known = frozenset().union(*words.values())
        # Typo candidates by first letter and length: people rarely mistype the first letter,
        # and a word within n edits is within n letters of the typo's length.
        self._words_by_shape: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in sorted(self._words_known):
            self._words_by_shape[word[0], len(word)].append(word)
        self._corrections: dict[str, tuple[str, float]] = {}
        self._stems = frozenset(stem(w, lang) for lang in LANGS for w in words[lang])
        # Words only one of Russian and Kazakh uses: a Cyrillic question typed without Kazakh
        # letters is Kazakh when it has more of Kazakh's ("кашан", "мушеси") than Russian's.
        self._only = {"ru": words["ru"] - words["kk"], "kk": words["kk"] - words["ru"]}
        self._gives = [_gives(fact) for fact in kb.facts]
        self._asked: list[tuple[_Entry, ...]] = []  # per fact: its example questions, keywords
        self._fact_postings: dict[str, list[int]] = defaultdict(list)
        self._fuzzy_texts: list[tuple[str, ...]] = []  # per fact: example questions, words sorted
        for index, entries in enumerate(analysed):
            asked = [(tokens, text) for tokens, text in entries if text]
            for token in self._fact_tokens[index]:
                self._fact_postings[token].append(index)
            self._asked.append(tuple(_Entry(t, sum(map(self._weight, t))) for t, _ in asked))
            self._fuzzy_texts.append(tuple(text for _, text in asked))
        self._mentioned_years = _event_years(kb.facts)
        self._verifier = Verifier(kb.facts, self._fact_tokens, kb.words, self._analyse)
        self._out_of_scope = [
            _Entry(tokens, sum(map(self._weight, tokens)))
            for lang, question in kb.out_of_scope
            if (tokens := tuple(dict.fromkeys(self._analyse(question, lang))))
        ]

    # --- Public interface ---------------------------------------------------------------------

    def match(self, question: str, preferred_lang: Lang | None = None) -> Match:
        """Answer, ask which fact was meant, or decline; in the language of the question."""
        return self.decide(self.assess(question, preferred_lang))

    def assess(self, question: str, preferred_lang: Lang | None = None) -> Assessment:
        """Everything about a question that does not depend on thresholds (scores, language)."""
        text = question[:MAX_SEARCH_CHARS]
        chat = small_talk(text)
        if chat is not None:  # "hello", "рахмет": no fact is asked for, none is claimed
            return Assessment(question, chat[1], ())
        lang = self._reading(text, detect_language(text)) or preferred_lang or "en"
        when = self._date_asked(text)
        if when is not None:
            return Assessment(question, lang, (), when, tuple(self._facts_of(when)))
        scores = self._score(text, lang)
        best = sorted(scores.items(), key=lambda item: -item[1])[:MAX_RANKED]
        return Assessment(question, lang, tuple((self.kb.facts[i], s) for i, s in best))

    def decide(self, assessment: Assessment, thresholds: Thresholds | None = None) -> Match:
        """Turn scores into an answer, a "did you mean" list or a refusal."""
        limits = thresholds or self.thresholds
        question, lang, ranked = assessment.question, assessment.lang, assessment.ranked
        if assessment.when is not None:
            listed = assessment.listed[:MAX_LISTED]
            status: Status = "answer" if listed else "decline"
            return Match(question, status, lang, listed, 1.0 if listed else 0.0, assessment.when)
        best = ranked[0][1] if ranked else 0.0
        if best < limits.clarify:
            return Match(question, "decline", lang, (), best)
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        if best >= limits.answer and best - runner_up >= limits.margin:
            return Match(question, "answer", lang, (ranked[0][0],), best)
        close = tuple(f for f, score in ranked[:3] if score >= max(limits.clarify, best - 0.1))
        return Match(question, "clarify", lang, close, best)

    def search(self, query: str, lang: Lang, limit: int = 10) -> list[Fact]:
        """Facts relevant to `query`, best first, for inline mode; [] when nothing is relevant."""
        text = query[:MAX_SEARCH_CHARS]
        scores = self._score(text, self._reading(text, detect_language(text)) or lang)
        best = sorted(scores.items(), key=lambda item: -item[1])
        floor = self.thresholds.clarify
        return [self.kb.facts[i] for i, score in best[:limit] if score >= floor]

    def explain(self, question: str, lang: Lang) -> dict[str, float]:
        """The weighted tokens the engine sees in a question, to show why it was misunderstood."""
        return {t: round(c * self._weight(t), 2) for t, c in self._query(question, lang).items()}

    # --- Analysis -----------------------------------------------------------------------------

    def _words(self, text: str, asked: bool = False) -> list[str]:
        """Folded words without function words; of a question (`asked`), without its fillers."""
        folded = fold(_WORLD_BANK.sub(" worldbank ", _ACRONYM_WHO.sub(" whoorg ", text)))
        if asked:
            folded = self._fillers.sub(" ", folded)
        return [w for w in folded.split() if w not in STOPWORDS]

    def _analyse(self, text: str, lang: Lang) -> tuple[str, ...]:
        """The stemmed, synonym-merged tokens of a knowledge text."""
        stems = [stem(w, lang) for w in self._words(text)]
        return tuple(token for token, _ in _merge(self._phrases, stems, [1.0] * len(stems)))

    def _query(self, text: str, lang: Lang) -> dict[str, float]:
        """A question's tokens, typos mapped to known words, with how sure each mapping is."""
        stems, sureness = [], []
        for word in self._words(text, asked=True):
            if stem(word, lang) in self._foreign:  # never "corrected" into a domain word
                known, sure = word, 1.0
            else:
                known, sure = self._correction(word)
            stems.append(stem(known, lang))
            sureness.append(sure)
        query: dict[str, float] = {}
        for token, sure in _merge(self._phrases, stems, sureness):
            query[token] = max(query.get(token, 0.0), sure)
        return query

    def _correction(self, word: str) -> tuple[str, float]:
        """The known word a mistyped one stands for, or the word itself when none is close.

        Edits are counted with transpositions ("jion" is one edit from "join"); a longer word
        may have more of them. A word under six letters may only have two letters swapped: one
        other edit turns it into another real word ("live" and "life").
        """
        if word in self._words_known or len(word) < 4 or word.isdigit():
            return word, 1.0
        if word not in self._corrections:
            if len(self._corrections) >= MAX_CORRECTIONS:
                self._corrections.clear()  # bounded: typos repeat, but a flood must not grow it
            edits = 1 if len(word) < 6 else 2 if len(word) < 10 else 3
            near = sorted(
                known
                for size in range(len(word) - edits, len(word) + edits + 1)
                for known in self._words_by_shape.get((word[0], size), ())
            )  # sorted as one list, so ties between equally close words fall as they always did
            found = process.extractOne(word, near, scorer=OSA.distance, score_cutoff=edits)
            if found and (len(word) >= 6 or sorted(found[0]) == sorted(word)):
                self._corrections[word] = (found[0], 1.0 - found[1] / len(word))
            else:
                self._corrections[word] = (word, 1.0)
        return self._corrections[word]

    def _fact_entries(self, fact: Fact) -> list[tuple[tuple[str, ...], str]]:
        """(tokens, sorted words) of each question and keyword of a fact; answers without words.

        Tokens are distinct and interned: one string per token across the whole index."""
        texts = [(q, lang, True) for lang in LANGS for q in fact.questions[lang]]
        texts += [(fact.answer[lang], lang, False) for lang in LANGS]
        texts += [(k, _text_lang(k), True) for k in fact.keywords]
        entries = []
        for text, lang, asked in texts:
            tokens = tuple(sys.intern(t) for t in dict.fromkeys(self._analyse(text, lang)))
            if tokens:
                entries.append((tokens, _sorted_words(text) if asked else ""))
        return entries

    def _known_words(self, kb: KnowledgeBase) -> dict[Lang, set[str]]:
        """Every folded word the domain uses, by language: facts, lexicon, seeds, topics."""
        texts: dict[Lang, list[str]] = {lang: [] for lang in LANGS}
        for fact in kb.facts:
            for lang in LANGS:
                texts[lang] += [*fact.questions[lang], fact.answer[lang]]
            for keyword in fact.keywords:
                texts[_text_lang(keyword)].append(keyword)
        for group in kb.synonyms:
            for term in group:
                texts[_text_lang(term)].append(term)
        for lang in LANGS:
            texts[lang] += [topic.title[lang] for topic in kb.topics.values()]
        texts["en"] += [source.title for source in kb.sources.values()]
        texts["en"] += [_seed_text(source.seed) for source in kb.sources.values()]
        return {lang: {w for text in texts[lang] for w in self._words(text)} for lang in LANGS}

    def _weight(self, token: str) -> float:
        """How much a token says about what is asked: rare in the knowledge means much."""
        if token in self._foreign:
            return FOREIGN_FACTOR * self._unknown_weight
        if token in self._generic:
            return min(self._idf.get(token, GENERIC_WEIGHT), GENERIC_WEIGHT)
        if token in self._idf:
            return self._idf[token]
        if token in self._stems:
            return BACKGROUND_FACTOR * self._unknown_weight
        return self._unknown_weight

    # --- Scoring ------------------------------------------------------------------------------

    def _reading(self, text: str, detected: Lang | None) -> Lang | None:
        """Kazakh for Cyrillic typed without Kazakh letters that uses Kazakh's words."""
        if detected != "ru":
            return detected
        words = fold(text).split()
        kazakh = sum(w in self._only["kk"] for w in words)
        return "kk" if kazakh > sum(w in self._only["ru"] for w in words) else "ru"

    def _score(self, text: str, lang: Lang) -> dict[int, float]:
        """Every fact's score for a question, by the blend described at the top of this module.

        Coverage and evidence come from the postings of the question's tokens; the costlier
        similarity is computed only for the facts those leave as candidates.
        """
        query = self._query(text, lang)
        wanted = _asked_for(fold(text).split())
        weights = {token: self._weight(token) * sure for token, sure in query.items()}
        total = sum(weights.values())
        if not total:
            return {}
        covered = self._candidates(weights)
        candidates = list(covered)
        query_text = _sorted_words(text)
        texts = [(fact, t) for fact in candidates for t in self._fuzzy_texts[fact]]
        fuzzy: dict[int, float] = defaultdict(float)
        for _, score, index in process.extract(
            query_text, [t for _, t in texts], scorer=fuzz.ratio, limit=None,
            score_cutoff=FUZZY_CUTOFF,
        ):  # fmt: skip
            fact = texts[index][0]
            fuzzy[fact] = max(fuzzy[fact], score / 100)
        scores = {}
        out_of_scope = _best_dice(weights, total, self._out_of_scope)
        # What is asked is read from words as typed: a typo corrected into "founded" asks nothing.
        asked = self._verifier.asked((t for t, sure in query.items() if sure >= 1.0), text)
        for fact in candidates:
            similar = _best_dice(weights, total, self._asked[fact])
            evidence = sum(
                max(w - 1.0, 0.0) for t, w in weights.items() if t in self._fact_tokens[fact]
            )
            specific = max(min(1.0, evidence / MIN_EVIDENCE), similar)
            blend = BASE + DICE * similar + FUZZY * fuzzy[fact]
            fits = 1.0 if wanted <= self._gives[fact] else MISMATCH_FACTOR
            if out_of_scope > similar * OUT_OF_SCOPE_MARGIN:
                fits *= OUT_OF_SCOPE_FACTOR
            if self._verifier.rejects(asked, fact):
                fits = 0.0
            scores[fact] = covered[fact] / total * specific * blend * fits
        return scores

    def _candidates(self, weights: dict[str, float]) -> dict[int, float]:
        """The MAX_CANDIDATES facts covering most of the question's weight, best first, with it.

        Postings are read heaviest token first (MaxScore): once the weakest of the best facts
        seen covers more than all unread tokens together, no unseen fact can join them, so the
        long postings of common words ("kazakhstan", "un") are only checked against the facts
        already found. The chosen facts are ordered by coverage summed in query order, ties by
        the first question word they share, then by fact order, so rankings do not depend on
        the reading order. (Facts tied at the last place may be chosen differently from a
        full scan; they score the same and below the best anyway.)
        """
        order = sorted(weights, key=weights.__getitem__, reverse=True)
        unread = sum(weights.values())
        covered: dict[int, float] = defaultdict(float)
        for position, token in enumerate(order):
            if len(covered) >= MAX_CANDIDATES:
                floor = heapq.nlargest(MAX_CANDIDATES, covered.values())[-1]
                if floor > unread:
                    for rest in order[position:]:
                        for fact in covered:
                            if rest in self._fact_tokens[fact]:
                                covered[fact] += weights[rest]
                    break
            weight = weights[token]
            unread -= weight
            for fact in self._fact_postings.get(token, ()):
                covered[fact] += weight
        best = heapq.nlargest(MAX_CANDIDATES, covered, key=covered.__getitem__)
        position_of = {token: i for i, token in enumerate(weights)}
        exact = {f: sum(w for t, w in weights.items() if t in self._fact_tokens[f]) for f in best}

        def rank(fact: int) -> tuple[float, int, int]:
            tokens = self._fact_tokens[fact]
            return (-exact[fact], min(position_of[t] for t in weights if t in tokens), fact)

        return {fact: exact[fact] for fact in sorted(best, key=rank)}

    # --- Date questions -----------------------------------------------------------------------

    def _date_asked(self, text: str) -> DateQuery | None:
        """The day or year of a question that asks only "what happened then"."""
        words = fold(text).split()
        parsed = parse_date(words)
        if parsed is None:
            return None
        when, used = parsed
        rest = [w for i, w in enumerate(words) if i not in used]
        if any(w not in DATE_QUESTION_WORDS and w not in STOPWORDS for w in rest):
            return None
        return when

    def _facts_of(self, when: DateQuery) -> list[Fact]:
        if when.month is not None and when.day is not None:
            on_day = self.kb.facts_on(when.month, when.day)
            same_year = [f for f in on_day if f.date and f.date.year == when.year]
            return same_year or on_day
        if when.year is None:
            return []
        dated = self.kb.facts_in_year(when.year)
        ids = {f.id for f in dated}
        mentioned = [f for f in self._mentioned_years.get(when.year, ()) if f.id not in ids]
        return dated + mentioned


def _best_dice(weights: dict[str, float], total: float, entries: Sequence[_Entry]) -> float:
    """The weighted overlap (Dice) of a question with the closest of `entries`."""
    return max(
        (2 * sum(weights.get(t, 0.0) for t in e.tokens) / (total + e.weight) for e in entries),
        default=0.0,
    )


def _text_lang(text: str) -> Lang:
    """The language a keyword is in, for stemming it: its script, Kazakh letters meaning Kazakh."""
    return detect_language(text) or ("en" if any(is_latin(c) for c in text) else "ru")


_EVENT_YEAR = re.compile(r"(?<!since )\b(\d{4})\b", re.IGNORECASE)


def _event_years(facts: Sequence[Fact]) -> dict[int, list[Fact]]:
    """Year -> facts whose English answer dates something to it ("in 2019", "2011 to 2013"),
    in knowledge order. "Since 1992" describes a period that started then, not an event."""
    years: dict[int, list[Fact]] = defaultdict(list)
    for fact in facts:
        for year in dict.fromkeys(int(y) for y in _EVENT_YEAR.findall(fact.answer["en"])):
            years[year].append(fact)
    return dict(years)


def _seed_text(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _sorted_words(text: str) -> str:
    """A question as rapidfuzz compares it: folded words without function words, sorted, so
    plain `ratio` on prepared strings equals `token_sort_ratio` at a third of the cost."""
    return " ".join(sorted(w for w in fold(text[:MAX_SEARCH_CHARS]).split() if w not in STOPWORDS))


def _inverse_document_frequencies(fact_tokens: Sequence[frozenset[str]]) -> dict[str, float]:
    """1 + ln(facts / facts using the token): "kazakhstan" weighs about 1, a name about 5."""
    counts: dict[str, int] = defaultdict(int)
    for tokens in fact_tokens:
        for token in tokens:
            counts[token] += 1
    total = max(len(fact_tokens), 1)
    return {token: 1.0 + math.log(total / count) for token, count in counts.items()}


def _lexicon_phrases(kb: KnowledgeBase) -> dict[tuple[str, ...], str]:
    """Every lexicon term, stemmed as each language would, mapped to its group's first term."""
    phrases: dict[tuple[str, ...], str] = {}
    for group in kb.synonyms:
        canonical = "=" + "_".join(fold(group[0]).split())
        for term in group:
            for lang in LANGS:
                stems = tuple(stem(w, lang) for w in fold(term).split() if w not in STOPWORDS)
                if stems:
                    phrases.setdefault(stems, canonical)
    return phrases


def _merge(
    phrases: dict[tuple[str, ...], str], stems: Sequence[str], sureness: Sequence[float]
) -> Iterator[tuple[str, float]]:
    """Stems with lexicon phrases replaced by their group's token, longest phrase first."""
    i = 0
    while i < len(stems):
        for size in range(min(MAX_PHRASE, len(stems) - i), 0, -1):
            canonical = phrases.get(tuple(stems[i : i + size]))
            if canonical is not None:
                yield canonical, min(sureness[i : i + size])
                i += size
                break
        else:
            yield stems[i], sureness[i]
            i += 1
