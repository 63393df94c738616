"""/today, /subscribe, /unsubscribe and membership changes, end to end through the real bot."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import pytest

from bot.daily.anniversaries import compose_post, today_reply
from bot.daily.subscriptions import Subscription
from bot.services import Services
from bot.texts import text
from tests.conftest import FakeClock, Talk
from tests.fakes.botapi import BotAPI
from tests.fakes.chat import Conversation
from tests.fakes.updates import (
    ANONYMOUS_ADMIN,
    BOT_USER,
    channel,
    group,
    message,
    private_chat,
    user,
)

DAY = dt.date(2025, 3, 2)  # the conftest clock: noon in Almaty


async def only(services: Services) -> Subscription:
    [sub] = await services.subscriptions.all()
    return sub


def member(status: str, who: dict[str, Any] = BOT_USER, **rights: Any) -> dict[str, Any]:
    return {"status": status, "user": dict(who), **rights}


def membership(
    chat: dict[str, Any], actor: dict[str, Any], old: dict[str, Any], new: dict[str, Any]
) -> dict[str, Any]:
    """A my_chat_member update: `actor` changed the bot's membership of `chat` from old to new."""
    return {
        "my_chat_member": {
            "chat": chat,
            "from": actor,
            "date": int(time.time()),
            "old_chat_member": old,
            "new_chat_member": new,
        }
    }


# --- /today --------------------------------------------------------------------------------------


async def test_today_shows_the_post_in_the_users_language(
    conversation: Talk, services: Services
) -> None:
    person = user("Dana", language_code="ru")
    [reply] = await conversation(chat=private_chat(person), user=person).send("/today")
    assert reply.text == compose_post(services.knowledge.kb, DAY, "ru", "html")
    assert reply.params["parse_mode"] == "HTML"


async def test_today_on_an_empty_day_tells_when_the_next_one_is(
    tg: Conversation, services: Services, clock: FakeClock
) -> None:
    clock.now += dt.timedelta(days=1)
    [reply] = await tg.send("/today")
    assert reply.text == today_reply(
        services.knowledge.kb, DAY + dt.timedelta(days=1), "en", "html"
    )
    assert reply.text.startswith("No anniversaries")


async def test_today_uses_the_date_in_almaty(
    tg: Conversation, services: Services, clock: FakeClock
) -> None:
    clock.now = dt.datetime(2025, 3, 1, 23, 30, tzinfo=dt.UTC)  # 04:30 on 2 March in Almaty
    [reply] = await tg.send("/today")
    assert reply.text == compose_post(services.knowledge.kb, DAY, "en", "html")


async def test_today_in_a_channel_post(conversation: Talk, services: Services) -> None:
    news = channel()
    [reply] = await conversation(chat=news, user=None).send("/today")
    assert reply.chat_id == news["id"]
    assert "34 years ago" not in reply.text and "33 years ago today" in reply.text


async def test_today_for_another_bot_and_edited_commands_are_ignored(
    conversation: Talk, supergroup: dict[str, Any], alice: dict[str, Any]
) -> None:
    chat = conversation(chat=supergroup, user=alice)
    assert await chat.send("/today@SomeOtherBot") == []
    [first] = await chat.send("/today@kzun_test_bot")
    assert first.text.startswith("<b>On this day")
    assert await chat.edit(chat.history[-1], "/today@kzun_test_bot ") == []


# --- /subscribe and /unsubscribe in a private chat -----------------------------------------------


async def test_subscribe_in_private_with_defaults(
    tg: Conversation, services: Services, alice: dict[str, Any]
) -> None:
    [reply] = await tg.send("/subscribe")
    assert reply.text == text("subscribe_done", "en", time="09:00", zone="Asia/Almaty")
    sub = await only(services)
    assert (sub.chat_id, sub.chat_type, sub.lang, sub.thread_id) == (
        alice["id"],
        "private",
        "en",
        0,
    )
    assert (sub.time_of_day, sub.timezone, sub.active) == (dt.time(9), "Asia/Almaty", True)


async def test_subscribe_with_time_and_language(tg: Conversation, services: Services) -> None:
    [reply] = await tg.send("/subscribe 7.45 kk")
    assert reply.text == text("subscribe_done", "kk", time="07:45", zone="Asia/Almaty")
    assert ((await only(services)).time_of_day, (await only(services)).lang) == (
        dt.time(7, 45),
        "kk",
    )
    await tg.send("/subscribe")
    assert (await only(services)).time_of_day == dt.time(7, 45)  # kept when not given again


@pytest.mark.parametrize("args", ["25:00", "9", "tomorrow", "08:30 de", "12:61"])
async def test_subscribe_with_bad_arguments_explains_usage(
    tg: Conversation, services: Services, args: str
) -> None:
    [reply] = await tg.send(f"/subscribe {args}")
    assert reply.text == text("subscribe_usage", "en", time="09:00")
    assert await services.subscriptions.all() == []


async def test_unsubscribe_in_private(tg: Conversation, services: Services) -> None:
    await tg.send("/subscribe")
    [reply] = await tg.send("/unsubscribe")
    assert reply.text == text("unsubscribe_done", "en")
    assert await services.subscriptions.all() == []
    [again] = await tg.send("/unsubscribe")
    assert again.text == text("unsubscribe_none", "en")


async def test_edited_subscribe_changes_nothing(tg: Conversation, services: Services) -> None:
    await tg.send("/subscribe 08:00")
    assert await tg.edit(tg.history[-1], "/subscribe 10:00") == []
    assert (await only(services)).time_of_day == dt.time(8)


# --- groups and forum topics ---------------------------------------------------------------------


async def test_subscribe_in_a_group_is_refused_to_members(
    conversation: Talk, botapi: BotAPI, supergroup: dict[str, Any], services: Services
) -> None:
    bob = user("Bob", language_code="ru")
    [reply] = await conversation(chat=supergroup, user=bob).send("/subscribe@kzun_test_bot")
    assert reply.text == text("subscribe_admins_only", "ru")
    assert await services.subscriptions.all() == []
    [check] = botapi.calls_to("getChatMember")
    assert (check.params["chat_id"], check.params["user_id"]) == (supergroup["id"], bob["id"])


async def test_refusal_in_a_subscribed_group_speaks_the_askers_language(
    conversation: Talk, botapi: BotAPI, supergroup: dict[str, Any], services: Services
) -> None:
    admin = user("Aruzhan", language_code="kk")
    botapi.set_member(supergroup["id"], admin["id"], "administrator")
    await conversation(chat=supergroup, user=admin).send("/subscribe@kzun_test_bot 10:00")
    assert (await only(services)).lang == "kk"  # the group's posts are in Kazakh
    bob = user("Bob", language_code="ru")
    [refused] = await conversation(chat=supergroup, user=bob).send("/unsubscribe@kzun_test_bot")
    assert refused.text == text("subscribe_admins_only", "ru")  # Bob reads Russian
    assert (await only(services)).active


async def test_subscribe_in_a_group_by_an_admin(
    conversation: Talk, botapi: BotAPI, supergroup: dict[str, Any], services: Services
) -> None:
    admin = user("Aruzhan", language_code="kk")
    botapi.set_member(supergroup["id"], admin["id"], "administrator")
    chat = conversation(chat=supergroup, user=admin)
    [reply] = await chat.send("/subscribe@kzun_test_bot 10:00")
    assert reply.text == text("subscribe_done", "kk", time="10:00", zone="Asia/Almaty")
    sub = await only(services)
    assert (sub.chat_id, sub.chat_type, sub.time_of_day) == (
        supergroup["id"],
        "supergroup",
        dt.time(10),
    )
    other = user("Other admin", language_code="en")
    botapi.set_member(supergroup["id"], other["id"], "administrator")
    [moved] = await conversation(chat=supergroup, user=other).send(
        "/subscribe@kzun_test_bot 11:00"
    )
    assert moved.text == text("subscribe_done", "kk", time="11:00", zone="Asia/Almaty")
    assert ((await only(services)).lang, (await only(services)).time_of_day) == ("kk", dt.time(11))
    [done] = await chat.send("/unsubscribe@kzun_test_bot")
    assert done.text == text("unsubscribe_done", "kk")


async def test_subscribe_by_an_anonymous_admin(
    conversation: Talk, botapi: BotAPI, supergroup: dict[str, Any], services: Services
) -> None:
    [reply] = await conversation(chat=supergroup, user=ANONYMOUS_ADMIN).send(
        "/subscribe@kzun_test_bot"
    )
    assert reply.text.startswith("Subscribed")
    assert (await only(services)).chat_id == supergroup["id"]
    assert botapi.calls_to("getChatMember") == []


async def test_subscribe_when_telegram_cannot_check_admins(
    conversation: Talk, botapi: BotAPI, supergroup: dict[str, Any], alice: dict[str, Any]
) -> None:
    botapi.fail("getChatMember", status=502)
    [reply] = await conversation(chat=supergroup, user=alice).send("/subscribe@kzun_test_bot")
    assert reply.text == text("subscribe_check_failed", "en")


async def test_subscribe_a_forum_topic(
    conversation: Talk, botapi: BotAPI, services: Services, alice: dict[str, Any]
) -> None:
    forum = {**group("Forum"), "is_forum": True}
    botapi.set_member(forum["id"], alice["id"], "creator")
    chat = conversation(chat=forum, user=alice)
    topic = {"message_thread_id": 7, "is_topic_message": True}
    [reply] = await chat.send("/subscribe@kzun_test_bot", extra=topic)
    assert reply.params["message_thread_id"] == 7
    assert ((await only(services)).chat_id, (await only(services)).thread_id) == (forum["id"], 7)
    await chat.send("/subscribe@kzun_test_bot")  # the General topic: the whole chat
    assert [s.thread_id for s in await services.subscriptions.all()] == [0, 7]


# --- channels ------------------------------------------------------------------------------------


async def test_subscribe_posted_in_a_channel(conversation: Talk, services: Services) -> None:
    news = channel()
    [reply] = await conversation(chat=news, user=None).send("/subscribe 08:00")
    assert reply.chat_id == news["id"]
    sub = await only(services)
    assert (sub.chat_id, sub.chat_type, sub.time_of_day) == (news["id"], "channel", dt.time(8))


@pytest.fixture
def known_channel(botapi: BotAPI) -> dict[str, Any]:
    """A channel the stand-in can find by @username."""
    news = channel(username="kzun_news")
    botapi.add_chat(news)
    return news


async def test_subscribe_a_channel_from_private_when_both_are_admins(
    tg: Conversation,
    botapi: BotAPI,
    services: Services,
    known_channel: dict[str, Any],
    alice: dict[str, Any],
) -> None:
    botapi.set_member(known_channel["id"], alice["id"], "administrator")
    botapi.set_member(known_channel["id"], BOT_USER["id"], "administrator")
    [reply] = await tg.send("/subscribe @kzun_news 18:30")
    assert reply.chat_id == alice["id"]
    assert reply.text == text(
        "subscribe_channel_done", "en", channel="@kzun_news", time="18:30", zone="Asia/Almaty"
    )
    sub = await only(services)
    assert (sub.chat_id, sub.chat_type, sub.time_of_day) == (
        known_channel["id"],
        "channel",
        dt.time(18, 30),
    )
    [done] = await tg.send("/unsubscribe @kzun_news")
    assert done.text == text("unsubscribe_channel_done", "en", channel="@kzun_news")
    assert await services.subscriptions.all() == []


@pytest.mark.parametrize(
    ("user_status", "bot_status", "problem"),
    [
        ("member", "administrator", "subscribe_channel_user_not_admin"),
        ("administrator", "member", "subscribe_channel_bot_not_admin"),
        ("creator", "left", "subscribe_channel_bot_not_admin"),
    ],
)
async def test_subscribe_a_channel_needs_both_admins(
    tg: Conversation,
    botapi: BotAPI,
    services: Services,
    known_channel: dict[str, Any],
    alice: dict[str, Any],
    user_status: str,
    bot_status: str,
    problem: str,
) -> None:
    botapi.set_member(known_channel["id"], alice["id"], user_status)
    botapi.set_member(known_channel["id"], BOT_USER["id"], bot_status)
    [reply] = await tg.send("/subscribe @kzun_news")
    assert reply.text == text(problem, "en", channel="@kzun_news")
    assert await services.subscriptions.all() == []


async def test_subscribe_a_channel_admin_without_post_rights_is_refused(
    tg: Conversation, botapi: BotAPI, known_channel: dict[str, Any], alice: dict[str, Any]
) -> None:
    botapi.set_member(known_channel["id"], alice["id"], "administrator", can_post_messages=False)
    botapi.set_member(known_channel["id"], BOT_USER["id"], "administrator")
    [reply] = await tg.send("/subscribe @kzun_news")
    assert reply.text == text("subscribe_channel_user_not_admin", "en", channel="@kzun_news")


async def test_subscribe_an_unknown_channel(tg: Conversation) -> None:
    [reply] = await tg.send("/subscribe @no_such_channel")
    assert reply.text == text("subscribe_channel_not_found", "en", channel="@no_such_channel")


async def test_subscribe_a_channel_only_from_private(
    conversation: Talk, botapi: BotAPI, supergroup: dict[str, Any], alice: dict[str, Any]
) -> None:
    botapi.set_member(supergroup["id"], alice["id"], "administrator")
    [reply] = await conversation(chat=supergroup, user=alice).send(
        "/subscribe@kzun_test_bot @kzun_news"
    )
    assert reply.text == text("subscribe_usage", "en", time="09:00")


# --- membership ----------------------------------------------------------------------------------


async def test_blocked_then_unblocked_in_private(
    tg: Conversation, services: Services, alice: dict[str, Any]
) -> None:
    await tg.send("/subscribe 06:15")
    chat = private_chat(alice)
    blocked = membership(chat, alice, member("member"), member("kicked", until_date=0))
    assert await tg.update(blocked) == []
    sub = await only(services)
    assert (sub.active, sub.inactive_reason) == (False, "blocked")
    [welcome] = await tg.update(
        membership(chat, alice, member("kicked", until_date=0), member("member"))
    )
    assert welcome.text == text("subscription_resumed", "en", time="06:15", zone="Asia/Almaty")
    assert (await only(services)).active


async def test_removed_from_a_group_then_added_back_by_an_admin(
    conversation: Talk, botapi: BotAPI, services: Services, supergroup: dict[str, Any]
) -> None:
    admin = user("Erlan", language_code="ru")
    botapi.set_member(supergroup["id"], admin["id"], "administrator")
    chat = conversation(chat=supergroup, user=admin)
    await chat.send(
        "/subscribe@kzun_test_bot", extra={"message_thread_id": 3, "is_topic_message": True}
    )
    assert await chat.update(membership(supergroup, admin, member("member"), member("left"))) == []
    assert ((await only(services)).active, (await only(services)).inactive_reason) == (
        False,
        "removed",
    )
    [resumed] = await chat.update(membership(supergroup, admin, member("left"), member("member")))
    assert resumed.params["message_thread_id"] == 3
    assert resumed.text == text("subscription_resumed", "ru", time="09:00", zone="Asia/Almaty")
    assert (await only(services)).active


async def test_added_back_by_a_member_stays_paused(
    conversation: Talk, botapi: BotAPI, services: Services, supergroup: dict[str, Any]
) -> None:
    await services.subscriptions.subscribe(supergroup["id"], "supergroup", "en")
    await services.subscriptions.deactivate(supergroup["id"], "removed")
    bob = user("Bob")
    chat = conversation(chat=supergroup, user=bob)
    [notice] = await chat.update(membership(supergroup, bob, member("left"), member("member")))
    assert notice.text == text("subscription_paused", "en")
    assert not (await only(services)).active


async def test_added_to_a_new_group_says_nothing(
    conversation: Talk, services: Services, supergroup: dict[str, Any], alice: dict[str, Any]
) -> None:
    chat = conversation(chat=supergroup, user=alice)
    assert await chat.update(membership(supergroup, alice, member("left"), member("member"))) == []
    assert await services.subscriptions.all() == []


async def test_channel_rights_taken_and_given_back(
    conversation: Talk, services: Services, alice: dict[str, Any]
) -> None:
    news = channel()
    await services.subscriptions.subscribe(news["id"], "channel", "en")
    chat = conversation(chat=news, user=None)
    admin = member("administrator", can_post_messages=True, can_be_edited=False)
    admin |= {k: False for k in ("is_anonymous", "can_manage_chat", "can_delete_messages")}
    admin |= {k: False for k in ("can_manage_video_chats", "can_restrict_members")}
    admin |= {k: False for k in ("can_promote_members", "can_change_info", "can_invite_users")}
    admin |= {k: False for k in ("can_post_stories", "can_edit_stories", "can_delete_stories")}
    muted = {**admin, "can_post_messages": False}
    assert await chat.update(membership(news, alice, admin, muted)) == []
    assert (await only(services)).inactive_reason == "no_rights"
    assert await chat.update(membership(news, alice, muted, admin)) == []  # no notice in a channel
    assert (await only(services)).active


async def test_group_upgrade_moves_the_subscription(
    conversation: Talk, services: Services, alice: dict[str, Any]
) -> None:
    old = {"id": -4005, "type": "group", "title": "Old"}
    await services.subscriptions.subscribe(old["id"], "group", "kk", time_of_day=dt.time(7))
    update = {
        "message": message(None, chat=old, sender=alice, extra={"migrate_to_chat_id": -1004005})
    }
    assert await conversation(chat=old, user=alice).update(update) == []
    sub = await only(services)
    assert (sub.chat_id, sub.chat_type, sub.time_of_day) == (-1004005, "supergroup", dt.time(7))


async def test_group_upgrade_leaves_one_chat_for_stats(
    conversation: Talk, services: Services, alice: dict[str, Any]
) -> None:
    old = {"id": -4006, "type": "group", "title": "Old"}
    new = {"id": -1004006, "type": "supergroup", "title": "Old"}
    await services.subscriptions.subscribe(old["id"], "group", "en")
    moved_to = message(None, chat=old, sender=alice, extra={"migrate_to_chat_id": new["id"]})
    moved_from = message(None, chat=new, sender=alice, extra={"migrate_from_chat_id": old["id"]})
    assert await conversation(chat=old, user=alice).update({"message": moved_to}) == []
    await services.bookkeeper.drain()
    assert await services.chats.counts_by_type() == {"supergroup": 1}
    assert await conversation(chat=new, user=alice).update({"message": moved_from}) == []
    await services.bookkeeper.drain()
    assert await services.chats.counts_by_type() == {"supergroup": 1}  # not the old group as well
    assert (await only(services)).chat_id == new["id"]
