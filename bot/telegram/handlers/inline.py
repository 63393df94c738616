"""Inline mode: `@bot question` in any chat offers matching facts to share, with their sources."""

from __future__ import annotations

from telegram import InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode

from bot.chat.replies import example_questions
from bot.daily.anniversaries import facts_of_day
from bot.engine.knowledge import Fact, KnowledgeBase
from bot.engine.language import detect_language
from bot.engine.matcher import Matcher
from bot.engine.render import render_fact
from bot.lang import Lang
from bot.telegram.context import Context
from bot.telegram.handlers import reply_language, today

MAX_RESULTS = 10
DESCRIPTION_CHARS = 100
# Typed queries give the same results to everyone for a while; the empty query depends on the
# day and on the user's language, so it is personal and kept briefly.
QUERY_CACHE_SECONDS = 300
EMPTY_CACHE_SECONDS = 60


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
    results = [article(fact, knowledge.kb, lang) for fact in facts[:MAX_RESULTS]]
    await query.answer(
        results,
        cache_time=QUERY_CACHE_SECONDS if words else EMPTY_CACHE_SECONDS,
        # Results in the asker's own language (a query without letters, or none) are theirs
        # alone: Telegram must not show them to someone who reads another language.
        is_personal=detected is None,
    )


def favourites(matcher: Matcher, lang: Lang) -> list[Fact]:
    """The facts that answer the /start example questions: what a newcomer is offered first."""
    found = (matcher.match(question, lang).fact for question in example_questions(lang))
    return list({fact.id: fact for fact in found if fact is not None}.values())


def article(fact: Fact, kb: KnowledgeBase, lang: Lang) -> InlineQueryResultArticle:
    """A result named by the fact's title; sending it posts the answer and its source."""
    answer = fact.answer[lang]
    if len(answer) > DESCRIPTION_CHARS:
        answer = answer[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"
    return InlineQueryResultArticle(
        id=f"{lang}:{fact.id}",
        title=fact.title[lang],
        description=answer,
        input_message_content=InputTextMessageContent(
            render_fact(fact, kb, lang, "html"), parse_mode=ParseMode.HTML
        ),
    )
