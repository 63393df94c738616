"""The words the domain uses, by language: what a typo may be corrected into, and what is
read as typed.

Apart from the reader, as gathering them reads every knowledge text and the seed articles
once at each start, while the reader's rules apply them to every question.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.engine.knowledge import KnowledgeBase
from bot.engine.language import detect_language
from bot.engine.normalize import is_latin
from bot.lang import LANGS, Lang


def domain_words(kb: KnowledgeBase, words: Callable[[str], list[str]]) -> dict[Lang, set[str]]:
    """Every folded word (as `words` reads a text) the domain uses, by language: facts,
    lexicon, seeds, topics."""
    texts: dict[Lang, list[str]] = {lang: [] for lang in LANGS}
    for fact in kb.facts:
        for lang in LANGS:
            texts[lang] += [*fact.questions[lang], fact.answer[lang]]
        for keyword in fact.keywords:
            texts[text_lang(keyword)].append(keyword)
    for group in kb.synonyms:
        for term in group:
            texts[text_lang(term)].append(term)
    for lang in LANGS:
        texts[lang] += [topic.title[lang] for topic in kb.topics.values()]
    texts["en"] += [source.title for source in kb.sources.values()]
    texts["en"] += [_seed_text(source.seed) for source in kb.sources.values()]
    return {lang: {w for text in texts[lang] for w in words(text)} for lang in LANGS}


def text_lang(text: str) -> Lang:
    """The language a keyword is in, for stemming it: its script, Kazakh letters meaning Kazakh."""
    return detect_language(text) or ("en" if any(is_latin(c) for c in text) else "ru")


def _seed_text(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""
