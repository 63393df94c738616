"""Everything the bot can send, judged as Telegram judges it: a sweep, not a sample.

The handler tests send what their conversations happen to reach; this sweep renders every fact
in every language, every keyboard and inline result, and the daily post of every day of a leap
year, and puts each through the stand-in's checks (Telegram's own HTML parser, its limits and
button rules, the documented fields of each object). A knowledge edit that makes one answer
unsendable, say a stray "<" or an over-long anniversary, fails here before it reaches a user.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.chat.replies import (
    fact_reply,
    greeting_reply,
    language_menu_reply,
    topic_reply,
    topics_reply,
)
from bot.daily.anniversaries import compose_post, today_reply, upcoming_post
from bot.engine.generation import Knowledge
from bot.engine.render import render_fact
from bot.lang import LANGS, Lang
from bot.telegram.handlers import keyboards
from bot.telegram.handlers.inline import article
from tests.fakes import contract
from tests.fakes.checks import check_inline_results, check_markup, message_text

LEAP_YEAR = [dt.date(2024, 1, 1) + dt.timedelta(days=n) for n in range(366)]


@pytest.mark.parametrize("lang", LANGS)
def test_every_answer_is_a_message_telegram_accepts(knowledge: Knowledge, lang: Lang) -> None:
    kb = knowledge.kb
    for fact in kb.facts:
        shown = message_text(render_fact(fact, kb, lang, "html"), "HTML")
        assert fact.answer[lang][:20] in shown.text


@pytest.mark.parametrize("lang", LANGS)
def test_every_keyboard_is_one_telegram_accepts(knowledge: Knowledge, lang: Lang) -> None:
    kb = knowledge.kb
    replies = [language_menu_reply(lang), topics_reply(kb, lang), greeting_reply(lang, "html")]
    replies += [r for topic in kb.topics if (r := topic_reply(kb, topic, lang, "html"))]
    for fact in kb.facts:
        replies += [fact_reply(fact, kb, lang, "html", in_menu=menu) for menu in (True, False)]
    built = [keyboards.keyboard(reply) for reply in replies]
    markups = [keyboard.to_dict() for keyboard in built if keyboard is not None]
    assert len(markups) > 2 * len(kb.facts)
    for markup in markups:
        check_markup(markup)
        params = {"chat_id": 1, "text": "x", "reply_markup": markup}
        assert contract.check("sendMessage", params) == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_inline_result_is_one_telegram_accepts(knowledge: Knowledge, lang: Lang) -> None:
    kb = knowledge.kb
    results = [article(fact, kb, lang).to_dict() for fact in kb.facts]
    for start in range(0, len(results), 50):  # at most 50 per answer
        check_inline_results(results[start : start + 50])
    params = {"inline_query_id": "1", "results": results[:50], "cache_time": 300}
    assert contract.check("answerInlineQuery", params) == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_days_post_is_a_message_telegram_accepts(knowledge: Knowledge, lang: Lang) -> None:
    kb = knowledge.kb
    posts = 0
    for day in LEAP_YEAR:
        message_text(today_reply(kb, day, lang, "html"), "HTML")
        for fmt, parse_mode in (("html", "HTML"), ("text", None)):
            for post in (compose_post(kb, day, lang, fmt), upcoming_post(kb, day, lang, fmt)):
                if post is not None:
                    message_text(post, parse_mode)
                    posts += 1
    assert posts > len(LEAP_YEAR)  # every day has a post or announces the next one
