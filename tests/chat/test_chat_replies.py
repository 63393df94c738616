"""What the bot says, as data: the replies Telegram and the console share, on real knowledge."""

from __future__ import annotations

import re

import pytest

from bot.chat.replies import (
    RELATED_CHOICES,
    Action,
    about_reply,
    answer_reply,
    browse,
    example_question,
    fact_reply,
    greeting_reply,
    quote_reply,
    sources_reply,
    topics_reply,
)
from bot.engine.generation import Knowledge
from bot.engine.seeds import normalize_space
from bot.lang import LANGS, Lang

TAG = re.compile(r"<[a-z/][^>]*>")


def test_chat_answer_offers_related_facts_to_open_below_it(knowledge: Knowledge) -> None:
    match = knowledge.matcher.match("When did Kazakhstan join the UN?")
    reply = answer_reply(match, knowledge.kb, "html")
    assert "2 March 1992" in reply.text and "<a href=" in reply.text
    assert 1 <= len(reply.choices) <= RELATED_CHOICES
    related = [c.action.arg for c in reply.choices]
    assert related == list(match.facts[0].related[:RELATED_CHOICES])
    assert {c.action.kind for c in reply.choices} == {"related"}


def test_chat_did_you_mean_lists_the_candidates_as_choices_only(knowledge: Knowledge) -> None:
    match = knowledge.matcher.match(
        "who was the UN's top person in kz speaking at the 30-years-of-UN event with umarov?", "en"
    )
    assert match.status == "clarify"
    reply = answer_reply(match, knowledge.kb, "text")
    assert reply.text == "I'm not sure I understood. Did you mean:"
    assert [c.action.arg for c in reply.choices] == [fact.id for fact in match.facts]
    assert {c.action.kind for c in reply.choices} == {"fact"}


def test_chat_refusal_offers_nothing_to_pick(knowledge: Knowledge) -> None:
    reply = answer_reply(
        knowledge.matcher.match("What is the GDP of Uzbekistan?"), knowledge.kb, "text"
    )
    assert "/topics" in reply.text and reply.choices == ()


def test_chat_browsing_goes_topic_to_fact_and_back(knowledge: Knowledge) -> None:
    kb = knowledge.kb
    topics = topics_reply(kb, "ru")
    assert [c.label for c in topics.choices] == [
        t.title["ru"] for t in kb.topics.values() if kb.facts_in_topic(t.id)
    ]
    topic = browse(topics.choices[0].action, kb, "text")
    assert topic is not None and not TAG.search(topic.text)
    *facts, back = topic.choices
    assert back.action == Action("topic", "ru") and len(facts) == len(
        kb.facts_in_topic(topics.choices[0].action.arg)
    )
    opened = browse(facts[0].action, kb, "text")
    assert opened is not None and opened.choices[-1].action == topics.choices[0].action
    assert opened.text.startswith(kb.facts_in_topic(topics.choices[0].action.arg)[0].answer["ru"])


@pytest.mark.parametrize(
    "action", [Action("fact", "en", "no-such-fact"), Action("topic", "en", "none")]
)
def test_chat_browsing_to_something_gone_is_none(knowledge: Knowledge, action: Action) -> None:
    assert browse(action, knowledge.kb, "html") is None


def test_chat_related_fact_from_an_answer_has_no_way_back(knowledge: Knowledge) -> None:
    fact = knowledge.kb.facts[0]
    reply = fact_reply(fact, knowledge.kb, "kk", "text")
    assert all(c.action.kind == "related" for c in reply.choices)


@pytest.mark.parametrize("lang", LANGS)
def test_chat_greeting_examples_are_asked_by_number(lang: Lang) -> None:
    reply = greeting_reply(lang, "text")
    asked = [example_question(c.action) for c in reply.choices]
    assert asked == [c.label for c in reply.choices] and len(asked) == 3
    assert example_question(Action("example", lang, "7")) is None


def test_chat_plain_text_replies_carry_no_markup_but_keep_links(knowledge: Knowledge) -> None:
    kb = knowledge.kb
    for reply in (sources_reply(kb, "en", "text"), about_reply(kb, "en", "text")):
        assert not TAG.search(reply.text) and "&amp;" not in reply.text
    sources = sources_reply(kb, "en", "text").text
    assert all(s.url in sources for s in kb.sources.values() if s.url)
    assert "<b>" in about_reply(kb, "en", "html").text


@pytest.mark.parametrize("lang", LANGS)
def test_chat_quote_gives_the_seed_sentences_verbatim(knowledge: Knowledge, lang: Lang) -> None:
    kb = knowledge.kb
    fact = kb.fact("un-membership")
    assert fact is not None
    reply = quote_reply((fact,), kb, lang, "text")
    for quote in fact.quotes:
        seed = normalize_space(kb.sources[quote.source].seed.read_text(encoding="utf-8"))
        assert normalize_space(quote.text) in seed
        assert f"“{quote.text}”" in reply.text
    html = quote_reply((fact,), kb, lang, "html").text
    assert html.count("<blockquote>") == len(fact.quotes)
