"""Every reply the bot gives, as text plus the choices offered under it.

A reply is built once here, in Telegram HTML or plain text, and shown by each surface its own way:
Telegram turns the choices into inline buttons (`bot.telegram.handlers.keyboards`), the console
chat numbers them (`bot.commands.console`). A choice carries an `Action`: what picking it does,
in which language, so a Russian "did you mean" opens the Russian answer whatever the settings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape
from typing import Literal

from bot import __version__
from bot.daily.anniversaries import today_reply
from bot.engine.dates import format_published
from bot.engine.decision import Match
from bot.engine.knowledge import Fact, KnowledgeBase, Source
from bot.engine.render import (
    Format,
    escape_for,
    from_html,
    quote_block,
    render_fact,
    render_match,
    source_lines,
)
from bot.lang import LANGS, Lang
from bot.texts import text

# related: open a fact below an answer (Telegram: as a new message, the answer stays)
# fact:    open a fact in place of a menu ("did you mean", a topic's facts)
# topic:   a topic's facts; with no argument, the list of topics
# example: ask the example question with this number (the greeting's suggestions)
# language: reply in this language from now on
Kind = Literal["related", "fact", "topic", "example", "language"]
LANGUAGE_NAMES: dict[Lang, str] = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
RELATED_CHOICES = 3  # more related facts than this would bury the answer under choices
# Telegram's commands that mean something in the console, in the order of its menu.
CONSOLE_MENU = ("start", "topics", "today", "lang", "sources", "about")


@dataclass(frozen=True)
class Action:
    """What picking a choice does."""

    kind: Kind
    lang: Lang
    arg: str = ""


@dataclass(frozen=True)
class Choice:
    label: str
    action: Action


@dataclass(frozen=True)
class Reply:
    """One message of the bot: its text (in the format asked for) and the choices under it."""

    text: str
    choices: tuple[Choice, ...] = ()


def answer_reply(match: Match, kb: KnowledgeBase, fmt: Format) -> Reply:
    """The reply to a question: the answer with related facts, a "did you mean", or a refusal."""
    if match.status == "clarify":
        # Telegram lists the candidates in the message too, as a button may show only the start
        # of a title; in plain text the numbered choices are that list.
        listed = render_match(match, kb, fmt) if fmt == "html" else text("clarify", match.lang)
        return Reply(listed, _fact_choices("fact", match.facts, match.lang))
    reply = render_match(match, kb, fmt)
    quoted = quote_block(match) if fmt == "html" else ""  # a terminal cannot fold it: /quote
    if quoted:
        reply = f"{reply}\n{quoted}"
    if match.status == "answer" and len(match.facts) == 1:
        return Reply(reply, _related(match.facts[0], kb, match.lang))
    return Reply(reply)


def fact_reply(
    fact: Fact, kb: KnowledgeBase, lang: Lang, fmt: Format, *, in_menu: bool = False
) -> Reply:
    """One fact with its related facts; opened from a menu, also the way back to its topic."""
    choices = _related(fact, kb, lang)
    topic = kb.topics.get(fact.topic)
    if in_menu and topic is not None:
        back = Choice(f"« {topic.title[lang]}", Action("topic", lang, topic.id))
        choices = (*choices, back)
    return Reply(render_fact(fact, kb, lang, fmt), choices)


def topics_reply(kb: KnowledgeBase, lang: Lang) -> Reply:
    """The topics that have facts, to browse."""
    return Reply(
        text("topics", lang),
        tuple(
            Choice(topic.title[lang], Action("topic", lang, topic.id))
            for topic in kb.topics.values()
            if kb.facts_in_topic(topic.id)
        ),
    )


def topic_reply(kb: KnowledgeBase, topic_id: str, lang: Lang, fmt: Format) -> Reply | None:
    """The facts of one topic and the way back to all topics; None for an unknown topic."""
    topic = kb.topics.get(topic_id)
    if topic is None:
        return None
    heading = text("topic_facts", lang, topic=escape(topic.title[lang], quote=False))
    facts = _fact_choices("fact", tuple(kb.facts_in_topic(topic.id)), lang)
    return Reply(
        from_html(heading, fmt), (*facts, Choice(text("all_topics", lang), Action("topic", lang)))
    )


def browse(action: Action, kb: KnowledgeBase, fmt: Format) -> Reply | None:
    """What a related, fact or topic choice opens; None when what it names no longer exists."""
    if action.kind in ("related", "fact"):
        fact = kb.fact(action.arg)
        if fact is None:
            return None
        return fact_reply(fact, kb, action.lang, fmt, in_menu=action.kind == "fact")
    if action.kind == "topic":
        return (
            topic_reply(kb, action.arg, action.lang, fmt)
            if action.arg
            else topics_reply(kb, action.lang)
        )
    return None


def greeting_reply(lang: Lang, fmt: Format) -> Reply:
    """The welcome (/start), with example questions to pick."""
    return Reply(
        from_html(text("greeting", lang), fmt),
        tuple(
            Choice(question, Action("example", lang, str(number)))
            for number, question in enumerate(example_questions(lang))
        ),
    )


def example_questions(lang: Lang) -> list[str]:
    """The example questions the greeting offers, one per line of the text "examples"."""
    return text("examples", lang).split("\n")


def example_question(action: Action) -> str | None:
    """The question an example choice asks; None for a number this version does not have."""
    examples = example_questions(action.lang)
    number = int(action.arg) if action.arg.isdigit() else len(examples)
    return examples[number] if number < len(examples) else None


def language_menu_reply(lang: Lang) -> Reply:
    """/lang alone: the three languages, each named in itself."""
    return Reply(
        text("lang_choose", lang),
        tuple(Choice(LANGUAGE_NAMES[choice], Action("language", choice)) for choice in LANGS),
    )


def language_set_reply(lang: Lang) -> Reply:
    """The confirmation of a /lang choice, in the language chosen."""
    return Reply(text("lang_set", lang))


def help_reply(lang: Lang, bot: str) -> Reply:
    """/help in Telegram: how to ask, the commands, groups and inline mode (`bot` is @name)."""
    return Reply(text("help", lang, bot=bot))


def console_help_reply(lang: Lang) -> Reply:
    """/help in the console: how to ask, and its commands described as Telegram's menu does."""
    described = {name: text(f"menu_{name}", lang) for name in CONSOLE_MENU}
    described |= {"quote": text("shell_quote", lang), "quit": text("shell_quit", lang)}
    commands = (f"/{name}: {description}" for name, description in described.items())
    return Reply("\n\n".join([text("shell_help", lang), "\n".join(commands)]))


def sources_reply(kb: KnowledgeBase, lang: Lang, fmt: Format) -> Reply:
    """/sources: every article the answers come from, linked."""
    entries = (source_entry(source, lang, fmt) for source in kb.sources.values())
    return Reply("\n\n".join([text("sources_intro", lang), *entries]))


def source_entry(source: Source, lang: Lang, fmt: Format) -> str:
    """• the title (linked in HTML, followed by the address in text), then publisher and date."""
    published = format_published(source.published, lang)
    if fmt == "text":
        address = f" — {source.url}" if source.url else ""
        return f"• {source.title}{address}\n  {source.publisher}, {published}"
    title = escape(source.title, quote=False)
    if source.url:
        title = f'<a href="{escape(source.url)}">{title}</a>'
    return f"• {title}\n<i>{escape(source.publisher)}, {published}</i>"


def about_reply(kb: KnowledgeBase, lang: Lang, fmt: Format) -> Reply:
    """/about: version, and how much the bot knows from how many articles."""
    about = text("about", lang, version=__version__, facts=len(kb.facts), sources=len(kb.sources))
    return Reply(from_html(about, fmt))


def today_post(kb: KnowledgeBase, day: dt.date, lang: Lang, fmt: Format) -> Reply:
    """/today: the day's anniversaries, or when the next one is."""
    return Reply(today_reply(kb, day, lang, fmt))


def quote_reply(facts: tuple[Fact, ...], kb: KnowledgeBase, lang: Lang, fmt: Format) -> Reply:
    """The article's own sentences behind an answer: what each fact quotes, verbatim."""
    blocks = []
    for fact in facts:
        quoted = (escape_for(quote.text, fmt) for quote in fact.quotes)
        if fmt == "html":
            lines = [f"<blockquote>{sentence}</blockquote>" for sentence in quoted]
        else:
            lines = [f"“{sentence}”" for sentence in quoted]
        blocks.append("\n".join([*lines, source_lines((fact,), kb, lang, fmt)]))
    return Reply("\n\n".join([f"{text('quote', lang)}:", *blocks]))


def unknown_command_reply(lang: Lang) -> Reply:
    return Reply(text("unknown_command", lang))


def _related(fact: Fact, kb: KnowledgeBase, lang: Lang) -> tuple[Choice, ...]:
    related = tuple(other for i in fact.related if (other := kb.fact(i)) is not None)
    return _fact_choices("related", related[:RELATED_CHOICES], lang)


def _fact_choices(kind: Kind, facts: tuple[Fact, ...], lang: Lang) -> tuple[Choice, ...]:
    """Choices named by each fact's title."""
    return tuple(Choice(fact.title[lang], Action(kind, lang, fact.id)) for fact in facts)
