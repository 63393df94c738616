"""Replies as Telegram HTML and as plain text: same content, escaped, with the source line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.engine.dates import DateQuery, format_published
from bot.engine.decision import Match
from bot.engine.generation import Knowledge
from bot.engine.knowledge import Fact, KnowledgeBase, Quote, Source
from bot.engine.render import render_fact, render_match, source_lines
from bot.lang import LANGS, Lang

ALLOWED_TAGS = {"b", "i", "a"}


def make_kb() -> KnowledgeBase:
    """A tiny knowledge base whose texts contain everything HTML must escape."""
    sources = {
        "dated": Source("dated", "Q&A <live>", "Kazinform", "2021-03-02", Path("s.txt"), None),
        "monthly": Source(
            "monthly", "Three decades", "The Asia Today", "2023-03", Path("t.txt"),
            "https://example.org/a?x=1&y=\"2\"",
        ),
    }  # fmt: skip
    fact = Fact(
        id="tricky",
        topic="membership",
        title={"en": "UN & KZ <titles>", "ru": "ООН и РК", "kk": "БҰҰ мен ҚР"},
        answer={"en": "UN & Kazakhstan: 5 < 6 > 4", "ru": "ООН и <РК>", "kk": "БҰҰ & ҚР"},
        questions={"en": ("is the un & kz <ok>",), "ru": ("оон и рк",), "kk": ("бұұ мен қр",)},
        quotes=(Quote("dated", "x", 1), Quote("monthly", "y", 2), Quote("dated", "z", 3)),
        path=Path("k.yaml"),
        line=1,
    )
    return KnowledgeBase(Path("."), (fact,), sources, {}, (), ())


def tags(html: str) -> set[str]:
    return {name.lower() for name in re.findall(r"</?\s*([a-zA-Z0-9]+)", html)}


def test_render_fact_escapes_html_and_uses_only_telegram_tags() -> None:
    kb = make_kb()
    html = render_fact(kb.facts[0], kb, "en", "html")
    assert "UN &amp; Kazakhstan: 5 &lt; 6 &gt; 4" in html
    assert "Q&amp;A &lt;live&gt;" in html
    assert 'href="https://example.org/a?x=1&amp;y=&quot;2&quot;"' in html
    assert tags(html) <= ALLOWED_TAGS


def test_source_line_names_publisher_date_and_title_once_per_article() -> None:
    kb = make_kb()
    text = source_lines(kb.facts[:1], kb, "en", "text")
    assert text.splitlines() == [
        "Source: Kazinform, 2 March 2021, Q&A <live>",
        'Source: The Asia Today, March 2023, Three decades — https://example.org/a?x=1&y="2"',
    ]


def test_source_line_links_the_title_in_html_only_when_there_is_an_address() -> None:
    kb = make_kb()
    first, second = source_lines(kb.facts[:1], kb, "ru", "html").splitlines()
    assert "<a " not in first and "Источник: Kazinform, 2 марта 2021 г." in first
    assert '<a href="https://example.org/a?x=1&amp;y=&quot;2&quot;">Three decades</a>' in second


@pytest.mark.parametrize(
    ("lang", "note"),
    [("en", None), ("ru", "(статья на английском)"), ("kk", "(мақала ағылшын тілінде)")],
)
def test_source_line_tells_russian_and_kazakh_readers_the_article_is_in_english(
    lang: Lang, note: str | None
) -> None:
    kb = make_kb()
    for fmt in ("html", "text"):
        lines = source_lines(kb.facts[:1], kb, lang, fmt).splitlines()  # type: ignore[arg-type]
        if note is None:
            assert not any("English" in line or "(" in line for line in lines)
        else:
            assert all(note in line for line in lines)


def test_several_facts_from_one_article_get_one_source_line(knowledge: Knowledge) -> None:
    kb = knowledge.kb
    by_source: dict[str, list[Fact]] = {}
    for fact in kb.facts:
        if len({quote.source for quote in fact.quotes}) == 1:
            by_source.setdefault(fact.quotes[0].source, []).append(fact)
    facts = tuple(next(group for group in by_source.values() if len(group) >= 3)[:3])
    reply = render_match(Match("q", "answer", "en", facts, 0.9), kb, "html")
    assert reply.count("Source:") == 1
    assert all(fact.answer["en"].split()[0] in reply for fact in facts)


@pytest.mark.parametrize(
    ("published", "lang", "shown"),
    [
        ("2021-03-02", "en", "2 March 2021"),
        ("2021-03-02", "ru", "2 марта 2021 г."),
        ("2021-03-02", "kk", "2021 ж. 2 наурыз"),
        ("2023-03", "en", "March 2023"),
        ("2023-03", "ru", "март 2023"),
        ("2023-03", "kk", "2023 ж. наурыз"),
    ],
)
def test_published_dates_read_naturally_in_each_language(
    published: str, lang: Lang, shown: str
) -> None:
    assert format_published(published, lang) == shown


def test_plain_text_and_html_carry_the_same_words() -> None:
    kb = make_kb()
    match = Match("q", "answer", "en", kb.facts, 0.9)
    html = render_match(match, kb, "html")
    text = render_match(match, kb, "text")
    unescaped = re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">")
    unescaped = unescaped.replace("&quot;", '"').replace("&amp;", "&")
    assert unescaped in text.replace(' — https://example.org/a?x=1&y="2"', "")


@pytest.mark.parametrize("lang", LANGS)
def test_decline_points_to_topics_in_the_users_language(lang: Lang) -> None:
    kb = make_kb()
    reply = render_match(Match("?", "decline", lang, (), 0.0), kb, "html")
    assert "/topics" in reply and tags(reply) <= ALLOWED_TAGS


def test_decline_of_a_date_question_names_the_day_or_year() -> None:
    kb = make_kb()
    day = Match("что было 1 января", "decline", "ru", (), 0.0, DateQuery(1, 1))
    year = Match("2030 жылы не болды", "decline", "kk", (), 0.0, DateQuery(year=2030))
    assert "1 января" in render_match(day, kb, "text")
    assert "2030" in render_match(year, kb, "text")


def test_date_listing_has_a_heading_and_every_fact_with_its_source() -> None:
    kb = make_kb()
    match = Match("what happened on 2 march", "answer", "en", kb.facts, 1.0, DateQuery(3, 2))
    html = render_match(match, kb, "html")
    assert html.startswith("<b>On 2 March:</b>\n\n")
    assert "Source: Kazinform" in html


def test_clarify_lists_the_candidates_by_their_escaped_titles() -> None:
    kb = make_kb()
    reply = render_match(Match("kz", "clarify", "en", kb.facts, 0.35), kb, "html")
    assert "Did you mean" in reply and "• UN &amp; KZ &lt;titles&gt;" in reply
    plain = render_match(Match("оон", "clarify", "ru", kb.facts, 0.35), kb, "text")
    assert plain.endswith("\n• ООН и РК")


def test_clarify_names_real_facts_by_their_titles_in_the_asked_language(
    knowledge: Knowledge,
) -> None:
    facts = tuple(f for f in knowledge.kb.facts if f.id in ("un-membership", "mission-mali"))
    reply = render_match(Match("?", "clarify", "kk", facts, 0.35), knowledge.kb, "text")
    assert reply.splitlines()[1:] == [
        "• Қазақстанның БҰҰ-ға мүше болуы (1992)",
        "• Малидегі БҰҰ миссиясы (2022–2023)",
    ]
