"""Questions in words: answered in private, in groups only when addressed, in channels on /ask.

Groups: the bot speaks only when mentioned by @username, replied to, or asked with /ask (all of
which reach it with privacy mode on). Ordinary chatter gets nothing, and a question it cannot
answer gets silence unless it came with /ask, where the asker deserves a one-line "I don't know".
Channels: only an answer is posted; a refusal or a "did you mean" would be noise for subscribers.
"""

from __future__ import annotations

import re
import time

from telegram import Bot, Message, MessageEntity, Update
from telegram.constants import ChatType

from bot.chat.replies import Reply, answer_reply
from bot.clock import local_today
from bot.engine.decision import Match
from bot.engine.knowledge import KnowledgeBase
from bot.engine.smalltalk import small_talk
from bot.telegram.context import Context
from bot.telegram.handlers import reply_language
from bot.telegram.handlers.replies import send_html, send_reply
from bot.texts import text

# Longer input is pasted text, not a question; the limit also bounds what the log keeps.
MAX_QUESTION_CHARS = 500


async def answer_private(update: Update, context: Context) -> None:
    """Any text in a private chat is a question."""
    message = update.effective_message
    if message is not None and message.text is not None:
        await answer(update, context, message.text, explicit=True)


async def answer_in_group(update: Update, context: Context) -> None:
    """A group message gets an answer only if it is meant for the bot."""
    message = update.effective_message
    if message is None:
        return
    question = addressed_question(message, context.bot)
    if question is not None:
        await answer(update, context, question, explicit=False)


async def ask(update: Update, context: Context) -> None:
    """/ask <question>, in any chat, including /ask@botname in groups and posts in channels."""
    message = update.effective_message
    if message is not None:
        await answer(update, context, command_argument(message), explicit=True)


async def reply_non_text(update: Update, context: Context) -> None:
    """A sticker, photo or voice message in private: say that questions must be in words."""
    message = update.effective_message
    if message is not None:
        await send_html(message, text("non_text", reply_language(update, context)))


async def answer(update: Update, context: Context, question: str, *, explicit: bool) -> None:
    """Match the question, log the outcome, and reply as fits the chat."""
    message = update.effective_message
    if message is None:
        return
    started = time.perf_counter()
    lang = reply_language(update, context)
    question = question.strip()
    if not question or len(question) > MAX_QUESTION_CHARS:
        if message.chat.type != ChatType.CHANNEL:  # a hint posted in a channel reaches everyone
            hint = text("too_long", lang, limit=MAX_QUESTION_CHARS) if question else None
            await send_html(message, hint or text("ask_usage", lang))
        return
    svc = context.services
    knowledge = svc.knowledge  # one generation for the whole reply, even if a reload swaps it
    key = conversation_key(message, context.bot.id)
    today = local_today(svc.settings.timezone, svc.db.clock())
    match = svc.conversations.match(knowledge.matcher, key, question, lang, today)
    candidate = match.facts[0].id if match.facts and match.status != "answer" else None
    if small_talk(question) is None:  # "hello" is no question the knowledge failed to answer
        record = svc.questions.record(question, match.lang, match.status, candidate, match.score)
        svc.bookkeeper.spawn("question_log", record)  # beside the reply: it never costs one
    reply = reply_for(match, knowledge.kb, message.chat.type, explicit=explicit)
    if reply is not None:
        sent = await send_reply(message, reply)
        if sent is not None and key is not None:  # replying to this answer follows it up
            svc.conversations.remember(("message", sent.chat.id, sent.message_id), match)
    svc.metrics.observe_reply(match.status, time.perf_counter() - started)


def reply_for(match: Match, kb: KnowledgeBase, chat_type: str, *, explicit: bool) -> Reply | None:
    """The reply with its buttons, or None where saying anything would be noise."""
    if chat_type == ChatType.CHANNEL and match.status != "answer":
        return None
    if chat_type in (ChatType.GROUP, ChatType.SUPERGROUP) and match.status == "decline":
        return Reply(text("group_decline", match.lang)) if explicit else None
    return answer_reply(match, kb, "html")


def conversation_key(message: Message, bot_id: int) -> tuple[str, int, int] | None:
    """Whose conversation a question continues: the bot answer it replies to, else its sender's
    in a group, else the private chat's; a channel post continues none."""
    chat = message.chat
    if chat.type == ChatType.CHANNEL:
        return None
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and replied.from_user.id == bot_id:
        return ("message", chat.id, replied.message_id)
    if chat.type == ChatType.PRIVATE:
        return ("chat", chat.id, 0)
    return ("user", chat.id, message.from_user.id if message.from_user else 0)


def addressed_question(message: Message, bot: Bot) -> str | None:
    """The question in a group message meant for the bot, or None for ordinary chatter."""
    if message.text is None:
        return None
    handle = f"@{bot.username}".lower()
    mentions = message.parse_entities([MessageEntity.MENTION]).values()
    mentioned = any(mention.lower() == handle for mention in mentions)
    replied = message.reply_to_message
    to_bot = (
        replied is not None and replied.from_user is not None and replied.from_user.id == bot.id
    )
    if not (mentioned or to_bot):
        return None
    return re.sub(re.escape(handle), " ", message.text, flags=re.IGNORECASE).strip()


def command_argument(message: Message) -> str:
    """What follows the command (/ask@bot included), with its line breaks kept."""
    content = message.text or message.caption or ""
    commands = message.parse_entities([MessageEntity.BOT_COMMAND])
    first = min(commands, key=lambda entity: entity.offset, default=None)
    if first is None or first.offset != 0:
        return ""
    return content[len(commands[first]) :].strip()
