"""Inline mode: `@bot question` in any chat offers matching facts to share, with their sources."""

from __future__ import annotations

import logging

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest

from bot.chat.replies import example_questions
from bot.daily.anniversaries import facts_of_day
from bot.engine.knowledge import Fact, KnowledgeBase
from bot.engine.language import detect_language
from bot.engine.matcher import Matcher
from bot.engine.render import Format, render_fact
from bot.lang import Lang
from bot.telegram.context import Context
from bot.telegram.handlers import reply_language, today
from bot.telegram.sending import refused_html
from bot.texts import text

log = logging.getLogger(__name__)

MAX_RESULTS = 10
DESCRIPTION_CHARS = 100
# Typed queries give the same results to everyone for a while; the empty query depends on the
# day and on the user's language, so it is personal and kept briefly.
QUERY_CACHE_SECONDS = 300
EMPTY_CACHE_SECONDS = 60
# The deep link of the "ask the bot" button when nothing matches: /start inline opens the
# greeting with example questions in a private chat with the bot.
ASK_PARAMETER = "inline"


async def answer_inline_query(update: Update, context: Context) -> None:
    """Up to 10 facts as articles; an empty query offers today's anniversaries or favourites."""
    query = update.inline_query
    if query is None:
        return
    knowledge = context.services.knowledge
    words = query.query.strip()
    detected = detect_language(words)
    lang = detected or reply_language(update, context)
    if words:
        facts = knowledge.matcher.search(words, lang, limit=MAX_RESULTS)
    else:
        facts = facts_of_day(knowledge.kb, today(context)) or favourites(knowledge.matcher, lang)
    facts = facts[:MAX_RESULTS]
    # Nothing found: a button above the (empty) results opens a private chat with the bot.
    ask = (
        None
        if facts
        else InlineQueryResultsButton(text("inline_ask_bot", lang), start_parameter=ASK_PARAMETER)
    )
    for fmt in ("html", "text"):  # plain text if Telegram ever refuses the HTML
        try:
            await query.answer(
                [article(fact, knowledge.kb, lang, fmt) for fact in facts],
                cache_time=QUERY_CACHE_SECONDS if words else EMPTY_CACHE_SECONDS,
                # Results in the asker's own language (a query without letters, or none) are
                # theirs alone: Telegram must not show them to someone who reads another one.
                is_personal=detected is None,
                button=ask,
            )
            return
        except BadRequest as error:
            if fmt == "text" or not refused_html(error):
                raise
            log.warning("Telegram refused the HTML of inline results (%s); sent as plain", error)
            context.services.metrics.observe_html_fallback("inline")


def favourites(matcher: Matcher, lang: Lang) -> list[Fact]:
    """The facts that answer the /start example questions: what a newcomer is offered first."""
    found = (matcher.match(question, lang).fact for question in example_questions(lang))
    return list({fact.id: fact for fact in found if fact is not None}.values())


def article(
    fact: Fact, kb: KnowledgeBase, lang: Lang, fmt: Format = "html"
) -> InlineQueryResultArticle:
    """A result named by the fact's title; sending it posts the answer and its source."""
    answer = fact.answer[lang]
    if len(answer) > DESCRIPTION_CHARS:
        answer = answer[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return InlineQueryResultArticle(
        id=f"{lang}:{fact.id}",
        title=fact.title[lang],
        description=answer,
        input_message_content=InputTextMessageContent(
            render_fact(fact, kb, lang, fmt), parse_mode=ParseMode.HTML if fmt == "html" else None
        ),
    )
