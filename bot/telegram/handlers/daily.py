"""Daily posts in chats: /today, /subscribe [HH:MM], /unsubscribe, and the bot's membership.

Who may change a chat's subscription:
- a private chat: its user;
- a group: its administrators only, asked of Telegram (getChatMember) on every change; an admin
  posting anonymously (as the group) counts; everyone else gets a polite refusal;
- a channel: an admin posting /subscribe in it (only admins can post there), or a user who sends
  `/subscribe @channel` in private, when Telegram confirms that both the user and the bot are
  admins there who may post.
In a forum, /subscribe in a topic subscribes that topic (the General topic means the whole chat).

Membership (`my_chat_member`): removed from a chat, or blocked by a user, the bot stops that chat's
subscriptions (they keep their settings). Added back by an admin, or unblocked, it resumes them;
added back by someone else, it says that an admin can resume them.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from typing import cast

from telegram import (
    Bot,
    Chat,
    ChatFullInfo,
    ChatMember,
    ChatMemberAdministrator,
    ChatMemberRestricted,
    Message,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.clock import hhmm
from bot.daily.anniversaries import today_reply
from bot.daily.subscriptions import Subscription
from bot.lang import LANGS, Lang
from bot.services import Services
from bot.telegram.context import Context
from bot.telegram.handlers import person_id, reply_language, today
from bot.telegram.handlers.replies import send_html
from bot.texts import text

log = logging.getLogger(__name__)

_TIME = re.compile(r"([01]?\d|2[0-3])[:.]([0-5]\d)")
_CHANNEL = re.compile(r"@[A-Za-z][A-Za-z0-9_]{3,31}")
_ADMINS = (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)
_GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)


@dataclass(frozen=True)
class _Request:
    """The arguments of /subscribe and /unsubscribe, in any order."""

    time: dt.time | None = None
    lang: Lang | None = None
    channel: str | None = None


def _parse(args: list[str]) -> _Request | None:
    """The request, or None when an argument is neither a time, a language nor a @channel."""
    time: dt.time | None = None
    lang: Lang | None = None
    channel: str | None = None
    for arg in args:
        if found := _TIME.fullmatch(arg):
            time = dt.time(int(found[1]), int(found[2]))
        elif arg.lower() in LANGS:
            lang = cast(Lang, arg.lower())
        elif _CHANNEL.fullmatch(arg):
            channel = arg
        else:
            return None
    return _Request(time, lang, channel)


async def show_today(update: Update, context: Context) -> None:
    """/today: the on-this-day post for today's date, or when the next anniversary is."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    svc = context.services
    day = today(context)
    lang = _language(update, context, await svc.subscriptions.get(chat.id, _thread(message)))
    await send_html(message, today_reply(svc.knowledge.kb, day, lang, "html"))


async def subscribe(update: Update, context: Context) -> None:
    """/subscribe [HH:MM] [en|ru|kk] here, or /subscribe @channel [...] in a private chat."""
    await _change(update, context, subscribing=True)


async def unsubscribe(update: Update, context: Context) -> None:
    """/unsubscribe here, or /unsubscribe @channel in a private chat."""
    await _change(update, context, subscribing=False)


async def _change(update: Update, context: Context, *, subscribing: bool) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    svc = context.services
    thread = _thread(message)
    request = _parse(context.args or [])
    existing = await svc.subscriptions.get(chat.id, thread)
    # Usage hints and refusals are for the person asking, in their language; the posts (and
    # the confirmation) keep the chat's language when another admin changes the time.
    asker = _language(update, context, existing)
    if request is None or (request.channel and chat.type != ChatType.PRIVATE):
        usage = text("subscribe_usage", asker, time=hhmm(svc.settings.post_time))
        await send_html(message, usage)
        return
    kept = existing.lang if existing and chat.type != ChatType.PRIVATE else None
    lang = request.lang or kept or asker
    target: Chat | ChatFullInfo | None = chat
    if request.channel:
        target, thread = await _administered_channel(update, context, request.channel, asker), 0
    elif chat.type in _GROUPS and not await _sender_is_admin(update, context, asker):
        target = None
    if target is None:
        return
    if subscribing:
        reply = await _subscribed(svc, target, thread, lang, request)
    else:
        reply = await _unsubscribed(svc, target, thread, lang, request.channel)
    await send_html(message, reply)


async def _subscribed(
    svc: Services, chat: Chat | ChatFullInfo, thread: int, lang: Lang, request: _Request
) -> str:
    sub = await svc.subscriptions.subscribe(
        chat.id, chat.type, lang, thread_id=thread, time_of_day=request.time
    )
    log.info("chat %s topic %s subscribed at %s", chat.id, thread, hhmm(sub.time_of_day))
    when = {"time": hhmm(sub.time_of_day), "zone": sub.timezone}
    if request.channel:
        return text("subscribe_channel_done", lang, channel=request.channel, **when)
    return text("subscribe_done", lang, **when)


async def _unsubscribed(
    svc: Services, chat: Chat | ChatFullInfo, thread: int, lang: Lang, channel: str | None
) -> str:
    if not await svc.subscriptions.unsubscribe(chat.id, thread):
        return text("unsubscribe_none", lang)
    log.info("chat %s topic %s unsubscribed", chat.id, thread)
    if channel:
        return text("unsubscribe_channel_done", lang, channel=channel)
    return text("unsubscribe_done", lang)


async def _sender_is_admin(update: Update, context: Context, lang: Lang) -> bool:
    """Whether the sender administers this group; if not, they are told so politely."""
    message, chat = cast(Message, update.effective_message), cast(Chat, update.effective_chat)
    if message.sender_chat is not None and message.sender_chat.id == chat.id:
        return True  # an admin posting anonymously, as the group itself
    user_id = person_id(update)
    if user_id is not None:
        try:
            member = await context.bot.get_chat_member(chat.id, user_id)
        except TelegramError as error:
            log.warning("chat %s: could not check an admin: %s", chat.id, error)
            await send_html(message, text("subscribe_check_failed", lang))
            return False
        if member.status in _ADMINS:
            return True
    await send_html(message, text("subscribe_admins_only", lang))
    return False


async def _administered_channel(
    update: Update, context: Context, channel: str, lang: Lang
) -> ChatFullInfo | None:
    """The channel if the sender and the bot may both post there; else None, and the sender is
    told what is missing."""
    try:
        found, problem = await _check_channel(context.bot, channel, cast(int, person_id(update)))
    except TelegramError as error:  # Telegram unreachable or slow: nothing was decided
        log.warning("channel %s: could not check its admins: %s", channel, error)
        found, problem = None, "subscribe_check_failed"
    if found is None:
        message = cast(Message, update.effective_message)
        await send_html(message, text(problem, lang, channel=channel))
    return found


async def _check_channel(bot: Bot, channel: str, user_id: int) -> tuple[ChatFullInfo | None, str]:
    """The channel and "", or None and the text key saying what is missing."""
    try:
        found = await bot.get_chat(channel)
    except (BadRequest, Forbidden):
        return None, "subscribe_channel_not_found"
    if found.type != ChatType.CHANNEL:
        return None, "subscribe_channel_not_found"
    try:
        sender = await bot.get_chat_member(found.id, user_id)
        me = await bot.get_chat_member(found.id, bot.id)
    except (BadRequest, Forbidden):  # Telegram hides the members from a bot that is no admin
        return None, "subscribe_channel_bot_not_admin"
    if not _may_post(sender):
        return None, "subscribe_channel_user_not_admin"
    if not _may_post(me):
        return None, "subscribe_channel_bot_not_admin"
    return found, ""


async def track_membership(update: Update, context: Context) -> None:
    """The bot was added, removed, promoted, blocked or unblocked somewhere."""
    change = update.my_chat_member
    if change is None:
        return
    chat, svc = change.chat, context.services
    old, new = change.old_chat_member, change.new_chat_member
    if not _can_deliver(chat, new):
        reason = "blocked" if chat.type == ChatType.PRIVATE else "removed"
        if _present(new):
            reason = "no_rights"
        if stopped := await svc.subscriptions.deactivate(chat.id, reason):
            log.info("chat %s: %d subscription(s) stopped (%s)", chat.id, stopped, reason)
        return
    paused = [s for s in await svc.subscriptions.for_chat(chat.id) if not s.active]
    if _can_deliver(chat, old) or not paused:
        return
    if chat.type in _GROUPS and not await _is_admin(context, chat.id, change.from_user.id):
        await _tell(context, paused, "subscription_paused")
        return
    resumed = await svc.subscriptions.activate(chat.id)
    log.info("chat %s: %d subscription(s) resumed", chat.id, len(resumed))
    if chat.type != ChatType.CHANNEL:  # in a channel every subscriber would read the notice
        await _tell(context, resumed, "subscription_resumed")


async def follow_migration(update: Update, context: Context) -> None:
    """A group became a supergroup: its subscriptions move to the new chat id."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    await context.services.subscriptions.move_chat(old, new)
    log.info("chat %s became supergroup %s", old, new)


async def _is_admin(context: Context, chat_id: int, user_id: int) -> bool:
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except TelegramError as error:
        log.warning("chat %s: could not check an admin: %s", chat_id, error)
        return False
    return member.status in _ADMINS


async def _tell(context: Context, subscriptions: list[Subscription], key: str) -> None:
    """A notice about the daily posts, in each subscription's topic and language."""
    for sub in subscriptions:
        params = {"time": hhmm(sub.time_of_day), "zone": sub.timezone}
        try:
            await context.bot.send_message(
                sub.chat_id, text(key, sub.lang, **params), message_thread_id=sub.thread_id or None
            )
        except TelegramError as error:
            log.info("chat %s: notice %s not sent: %s", sub.chat_id, key, error)


def _present(member: ChatMember) -> bool:
    if isinstance(member, ChatMemberRestricted):
        return member.is_member
    return member.status in (*_ADMINS, ChatMemberStatus.MEMBER)


def _may_post(member: ChatMember) -> bool:
    """Whether this member may post in a channel."""
    if member.status == ChatMemberStatus.OWNER:
        return True
    return isinstance(member, ChatMemberAdministrator) and bool(member.can_post_messages)


def _can_deliver(chat: Chat, member: ChatMember) -> bool:
    """Whether the bot, as this member of `chat`, can get daily posts through."""
    return _may_post(member) if chat.type == ChatType.CHANNEL else _present(member)


def _language(update: Update, context: Context, existing: Subscription | None) -> Lang:
    """The person's language; for a channel post or an anonymous admin, the chat's own."""
    if person_id(update) is None and existing is not None:
        return existing.lang
    return reply_language(update, context)


def _thread(message: Message) -> int:
    """The forum topic of a message; 0 outside topics (and in the General topic)."""
    return (message.message_thread_id or 0) if message.is_topic_message else 0
