"""Inline keyboards and the short, versioned callback data behind their buttons.

Callback data is `<kind>1:<lang>:<argument>`, at most 64 bytes as Telegram requires:
  f1:en:<fact-id>   send that fact as a new message (related facts under an answer)
  e1:en:<fact-id>   edit this message into that fact ("did you mean", browsing a topic)
  t1:en:<topic-id>  edit this message into the facts of a topic; an empty topic lists all topics
  q1:en:<n>         ask example question n (the /start buttons)
  l1:en:            set the reply language (/lang buttons)
The digit is the format version: a button from an older format fails to parse and is answered
"expired" instead of doing something wrong. The language is in the data because a "did you mean"
in Russian must open the Russian answer, whatever the user's /lang setting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, cast

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.engine.knowledge import Fact, KnowledgeBase
from bot.lang import LANGS, Lang
from bot.texts import text

Kind = Literal["f", "e", "t", "q", "l"]
MAX_CALLBACK_BYTES = 64
_DATA = re.compile(r"^(?P<kind>[fetql])1:(?P<lang>en|ru|kk):(?P<arg>[a-z0-9-]{0,56})$")
LANGUAGE_NAMES: dict[Lang, str] = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
RELATED_BUTTONS = 3  # more related facts than this would bury the answer under buttons


@dataclass(frozen=True)
class Action:
    """What a pressed button asks for, decoded from its callback data."""

    kind: Kind
    lang: Lang
    arg: str


def encode(kind: Kind, lang: Lang, arg: str = "") -> str:
    """Callback data for a button; ValueError if it would not fit Telegram's 64 bytes."""
    data = f"{kind}1:{lang}:{arg}"
    if len(data.encode()) > MAX_CALLBACK_BYTES or not _DATA.match(data):
        raise ValueError(f"callback data {data!r} is not valid")
    return data


def decode(data: str | None) -> Action | None:
    """The action of a button, or None for data this version does not understand."""
    found = _DATA.match(data or "")
    if found is None:
        return None
    return Action(cast(Kind, found["kind"]), cast(Lang, found["lang"]), found["arg"])


def fact_button(kind: Kind, fact: Fact, lang: Lang) -> InlineKeyboardButton:
    """A button labelled with the fact's title in `lang`."""
    return InlineKeyboardButton(fact.title[lang], callback_data=encode(kind, lang, fact.id))


def _column(buttons: list[InlineKeyboardButton]) -> InlineKeyboardMarkup | None:
    return InlineKeyboardMarkup([[button] for button in buttons]) if buttons else None


def related_keyboard(fact: Fact, kb: KnowledgeBase, lang: Lang) -> InlineKeyboardMarkup | None:
    """Buttons opening a few facts related to an answer, each as a new message."""
    related = [kb.fact(fact_id) for fact_id in fact.related]
    return _column(
        [fact_button("f", other, lang) for other in related if other is not None][:RELATED_BUTTONS]
    )


def choices_keyboard(facts: tuple[Fact, ...], lang: Lang) -> InlineKeyboardMarkup | None:
    """ "Did you mean" buttons: pressing one turns the question into that answer."""
    return _column([fact_button("e", fact, lang) for fact in facts])


def topics_keyboard(kb: KnowledgeBase, lang: Lang) -> InlineKeyboardMarkup:
    """One button per topic that has facts."""
    buttons = [
        InlineKeyboardButton(topic.title[lang], callback_data=encode("t", lang, topic.id))
        for topic in kb.topics.values()
        if kb.facts_in_topic(topic.id)
    ]
    return InlineKeyboardMarkup([[button] for button in buttons])


def topic_keyboard(kb: KnowledgeBase, topic_id: str, lang: Lang) -> InlineKeyboardMarkup:
    """The facts of one topic, and a way back to all topics."""
    rows = [[fact_button("e", fact, lang)] for fact in kb.facts_in_topic(topic_id)]
    rows.append([InlineKeyboardButton(text("all_topics", lang), callback_data=encode("t", lang))])
    return InlineKeyboardMarkup(rows)


def fact_view_keyboard(fact: Fact, kb: KnowledgeBase, lang: Lang) -> InlineKeyboardMarkup:
    """Under a fact opened in place: its related facts, then back to its topic."""
    related = related_keyboard(fact, kb, lang)
    rows = [list(row) for row in related.inline_keyboard] if related else []
    topic = kb.topics.get(fact.topic)
    if topic is not None:
        back = InlineKeyboardButton(
            f"« {topic.title[lang]}", callback_data=encode("t", lang, topic.id)
        )
        rows.append([back])
    return InlineKeyboardMarkup(rows)


def examples_keyboard(lang: Lang) -> InlineKeyboardMarkup:
    """The example questions of /start; pressing one asks it."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(question, callback_data=encode("q", lang, str(number)))]
            for number, question in enumerate(example_questions(lang))
        ]
    )


def example_questions(lang: Lang) -> list[str]:
    return text("examples", lang).split("\n")


def language_keyboard() -> InlineKeyboardMarkup:
    """One button per language, each named in its own language."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(LANGUAGE_NAMES[lang], callback_data=encode("l", lang))]
            for lang in LANGS
        ]
    )
