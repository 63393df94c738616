"""Replies as text: the answer and where it comes from, as Telegram HTML or as plain text.

Both formats carry the same content. HTML escapes everything taken from the knowledge and uses
only tags Telegram accepts (<b>, <i>, <a href>); plain text shows the address instead of a link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape, unescape
from typing import Literal

from bot.engine.dates import format_day, format_published
from bot.engine.decision import Match
from bot.engine.knowledge import Fact, KnowledgeBase
from bot.engine.smalltalk import small_talk
from bot.lang import Lang
from bot.texts import text

Format = Literal["html", "text"]

_TAG = re.compile(r"<[^>]*>")


def render_match(match: Match, kb: KnowledgeBase, fmt: Format) -> str:
    """The whole reply: answer(s) with sources, a "did you mean" list, or a refusal."""
    lang = match.lang
    if match.status == "clarify":
        options = "\n".join(f"• {escape_for(f.title[lang], fmt)}" for f in match.facts)
        return f"{text('clarify', lang)}\n{options}"
    when = match.when
    if match.status == "decline":
        if when is not None and when.month is not None and when.day is not None:
            return text("no_facts_on_day", lang, day=format_day(when.month, when.day, lang))
        if when is not None and when.year is not None:
            return text("no_facts_in_year", lang, year=when.year)
        chat = small_talk(match.question)
        return text(f"small_talk_{chat[0]}" if chat else "decline", lang)
    body = render_facts(match.facts, kb, lang, fmt)
    if match.confirmed:
        body = f"{text('yes', lang)} {body}"
    if when is None:
        return body
    if when.month is not None and when.day is not None:
        heading = text("on_day", lang, day=format_day(when.month, when.day, lang))
    else:
        heading = text("in_year", lang, year=when.year)
    return f"{bold(heading, fmt)}\n\n{body}"


def render_fact(fact: Fact, kb: KnowledgeBase, lang: Lang, fmt: Format) -> str:
    """One fact's answer in `lang` followed by its source line(s)."""
    return render_facts((fact,), kb, lang, fmt)


def render_facts(facts: Sequence[Fact], kb: KnowledgeBase, lang: Lang, fmt: Format) -> str:
    """The answers one after another, then each article they quote, once."""
    answers = "\n\n".join(escape_for(fact.answer[lang], fmt) for fact in facts)
    return f"{answers}\n{source_lines(facts, kb, lang, fmt)}"


def source_lines(facts: Sequence[Fact], kb: KnowledgeBase, lang: Lang, fmt: Format) -> str:
    """'Source: <publisher>, <date>, <title>' per article, linked in HTML. The articles are in
    English: a Russian or Kazakh reader is told so before following the link."""
    lines = []
    in_english = text("source_in_english", lang) if lang != "en" else ""
    for source_id in dict.fromkeys(quote.source for fact in facts for quote in fact.quotes):
        source = kb.sources.get(source_id)
        if source is None:
            continue
        published = format_published(source.published, lang)
        head = f"{text('source', lang)}: {source.publisher}, {published}"
        if fmt == "html":
            title = escape(source.title)
            if source.url:
                title = f'<a href="{escape(source.url, quote=True)}">{title}</a>'
            lines.append(f"<i>{escape(head)}, {title}{escape(in_english)}</i>")
        else:
            url = f" — {source.url}" if source.url else ""
            lines.append(f"{head}, {source.title}{in_english}{url}")
    return "\n".join(lines)


def quote_block(match: Match) -> str:
    """The verbatim seed sentences an answer rests on (each part's, for a question asking two
    things), as an expandable blockquote (one tap opens it), so a reader can check the answer
    against the article; "" for other replies and for the list of a day's facts. One line, so
    a reply cut into several messages never cuts inside the tag."""
    if match.fact is None or match.when is not None:
        return ""
    said = dict.fromkeys(quote.text for fact in match.facts for quote in fact.quotes)
    quoted = " … ".join(escape(text, quote=False) for text in said)
    heading = escape(text("quote", match.lang), quote=False)
    return f"<blockquote expandable><b>{heading}:</b> {quoted}</blockquote>"


def escape_for(value: str, fmt: Format) -> str:
    """Text as it goes into a reply: HTML-escaped for Telegram, untouched for the console."""
    return escape(value, quote=False) if fmt == "html" else value


def from_html(value: str, fmt: Format) -> str:
    """A sentence written in Telegram HTML (texts.py), as it goes into a reply in `fmt`."""
    return value if fmt == "html" else unescape(_TAG.sub("", value))


def bold(value: str, fmt: Format) -> str:
    """Bold in HTML, plain in text; the value is escaped either way it needs."""
    return f"<b>{escape(value, quote=False)}</b>" if fmt == "html" else value


def utf16_units(value: str) -> int:
    """Length as Telegram counts it: in UTF-16 code units, so an emoji counts twice."""
    return len(value.encode("utf-16-le")) // 2
