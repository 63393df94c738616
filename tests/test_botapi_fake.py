"""The Bot API stand-in itself: it must refuse what Telegram refuses, or tests prove nothing.

Every case issue 15 found the old stand-in more lenient than Telegram about is here, with
Telegram's answer word for word (tests/fakes/errors.py and checks.py cite the server and TDLib
code each comes from). Most go over raw HTTP, so the test sees the status and the description
exactly as Telegram sends them; a few go through python-telegram-bot, to show that the bot's own
stack sees a BadRequest, not a NetworkError it would retry.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    Forbidden,
    InvalidToken,
    NetworkError,
)

from bot.telegram.transport import http_request, tls_context
from tests.fakes import errors
from tests.fakes.botapi import BotAPI
from tests.fakes.updates import BOT_USER, channel, group, message, private_message, user

pytestmark = pytest.mark.filterwarnings(  # PTB 22 warns inside RetryAfter's own constructor
    "ignore:Deprecated since version v22.2:telegram.warnings.PTBDeprecationWarning"
)

CANT_PARSE = "Bad Request: can't parse entities: "
BAD_RESULT = "Bad Request: can't parse inline query result: "
BAD_BUTTON = "Bad Request: can't parse inline keyboard button: "
Ask = Callable[..., Awaitable[tuple[int, Any]]]


@dataclass
class World:
    """Alice started the bot; Bob is in a group with it but never wrote to it; the bot was never
    added to the public channel "@un_news"."""

    alice: int
    bob: int
    group: int
    news: int
    said: int  # a message Alice sent to the bot


@pytest.fixture
def world(botapi: BotAPI) -> World:
    alice, bob = user("Alice"), user("Bob")
    team, news = group("Team"), channel("UN news", username="un_news")
    said = botapi.register(private_message("hi", user=alice))["message"]["message_id"]
    botapi.register({"message": message("hello all", chat=team, sender=bob)})
    botapi.add_chat(news)
    return World(alice["id"], bob["id"], team["id"], news["id"], said)


@pytest.fixture
async def ask(botapi: BotAPI) -> AsyncIterator[Ask]:
    """`status, answer = await ask("sendMessage", chat_id=..., text=...)`: one raw request, its
    parameters encoded as python-telegram-bot encodes them; the answer is the result, or the
    description of an error."""
    url = f"{botapi.base_url}{botapi.token}/"
    async with httpx.AsyncClient(base_url=url, verify=tls_context()) as client:

        async def request(method: str, **params: Any) -> tuple[int, Any]:
            form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
            body = (await client.post(method, data=form)).json()
            return body.get("error_code", 200), body.get("result", body.get("description"))

        yield request


@pytest.fixture
async def bot(botapi: BotAPI) -> AsyncIterator[Bot]:
    requests = {"request": http_request(), "get_updates_request": http_request()}
    async with Bot(botapi.token, base_url=botapi.base_url, **requests) as client:
        yield client


def refused(description: str) -> tuple[int, str]:
    return (400, description)


# --- HTML: Telegram's own parser, not Python's HTMLParser ----------------------------------------


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("I <3 UN", 'Unsupported start tag "3" at byte offset 2'),
        ("<!-- draft --> text", 'Unsupported start tag "!--" at byte offset 0'),
        ("<b/> text", 'Unsupported start tag "b/" at byte offset 0'),
        ("<a href=https://un.org>UN</a>", "Unexpected end of name token at byte offset 8"),
        ("<span>secret</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("<b>open", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<script>x</script>", 'Unsupported start tag "script" at byte offset 0'),
    ],
)
async def test_html_that_telegram_refuses(ask: Ask, world: World, html: str, reason: str) -> None:
    answer = await ask("sendMessage", chat_id=world.alice, text=html, parse_mode="HTML")
    assert answer == refused(CANT_PARSE + reason)


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        ("a&nbsp;b &mdash; c", "a&nbsp;b &mdash; c"),  # shown literally, not decoded
        ("&lt;b&gt; &amp; &quot;", '<b> & "'),
        ('<tg-time unix="1700000000" format="wDT">today</tg-time>', "today"),
        ('<span class="tg-spoiler">s</span> <tg-spoiler>t</tg-spoiler>', "s t"),
        ("  \n<b>trimmed</b>\n  ", "trimmed"),
    ],
)
async def test_html_that_telegram_accepts(ask: Ask, world: World, html: str, shown: str) -> None:
    status, sent = await ask("sendMessage", chat_id=world.alice, text=html, parse_mode="HTML")
    assert (status, sent["text"]) == (200, shown)


async def test_sent_messages_carry_the_entities_telegram_made(ask: Ask, world: World) -> None:
    _, sent = await ask(
        "sendMessage",
        chat_id=world.alice,
        text='<b>UN</b> <a href="https://un.org">site</a>',
        parse_mode="html",  # parse modes are matched without case
    )
    assert sent["entities"] == [
        {"type": "bold", "offset": 0, "length": 2},
        {"type": "text_link", "offset": 3, "length": 4, "url": "https://un.org/"},
    ]


@pytest.mark.parametrize(
    ("html", "refusal"),
    [
        ("<b>" + "😀" * 4096 + "</b>", None),  # 4096 characters, 8192 UTF-16 units: it fits
        ("<b>" + "ж" * 4097 + "</b>", errors.MESSAGE_TOO_LONG),
        ("\n" * 50 + "x" * 4096 + " " * 50, None),  # counted after trimming
        ("<b> </b>\n", errors.TEXT_EMPTY),  # parses to nothing visible
        ("", errors.MESSAGE_TEXT_EMPTY),
    ],
)
async def test_length_is_counted_in_characters_after_parsing_and_trimming(
    ask: Ask, world: World, html: str, refusal: str | None
) -> None:
    status, result = await ask("sendMessage", chat_id=world.alice, text=html, parse_mode="HTML")
    assert (status, result) == refused(refusal) if refusal else status == 200


async def test_unknown_parse_mode_is_a_bad_request_not_a_server_error(
    ask: Ask, bot: Bot, world: World
) -> None:
    answer = await ask("sendMessage", chat_id=world.alice, text="x", parse_mode="HTML5")
    assert answer == refused(errors.UNSUPPORTED_PARSE_MODE)
    with pytest.raises(BadRequest, match="Unsupported parse_mode"):
        await bot.send_message(world.alice, "x", parse_mode="HTML5")


async def test_markdown_goes_through_telegrams_parser_too(ask: Ask, world: World) -> None:
    answer = await ask("sendMessage", chat_id=world.alice, text="a_b", parse_mode="MarkdownV2")
    assert answer == refused(CANT_PARSE + "Can't find end of Italic entity at byte offset 1")


# --- chats the bot may and may not write to ------------------------------------------------------


async def test_unknown_and_unreachable_chats(ask: Ask, botapi: BotAPI, world: World) -> None:
    never_seen = 424242
    assert await ask("sendMessage", chat_id=never_seen, text="x") == refused(errors.CHAT_NOT_FOUND)
    assert await ask("sendMessage", chat_id="@nobody_here", text="x") == refused(
        errors.CHAT_NOT_FOUND
    )
    assert await ask("sendMessage", text="x") == refused(errors.CHAT_ID_EMPTY)
    assert await ask("sendMessage", chat_id=world.bob, text="x") == (403, errors.CANT_INITIATE)
    assert await ask("sendMessage", chat_id=world.news, text="x") == (
        403,
        "Forbidden: bot is not a member of the channel chat",
    )
    botapi.set_member(world.news, BOT_USER["id"], "administrator", can_post_messages=False)
    assert await ask("sendMessage", chat_id="@un_news", text="x") == refused(
        errors.NEED_ADMIN_RIGHTS
    )
    botapi.set_member(world.news, BOT_USER["id"], "administrator")
    assert (await ask("sendMessage", chat_id="@un_news", text="x"))[0] == 200


async def test_a_kick_or_a_block_is_learnt_from_my_chat_member(
    ask: Ask, botapi: BotAPI, world: World
) -> None:
    for chat, answer in ((world.group, errors.KICKED_SUPERGROUP), (world.alice, errors.BLOCKED)):
        kind = "private" if chat > 0 else "supergroup"
        botapi.register(
            {
                "my_chat_member": {
                    "chat": {"id": chat, "type": kind, "first_name": "X", "title": "X"},
                    "from": {"id": world.alice, "is_bot": False, "first_name": "Alice"},
                    "date": 0,
                    "old_chat_member": {"status": "member", "user": BOT_USER},
                    "new_chat_member": {"status": "kicked", "user": BOT_USER, "until_date": 0},
                }
            }
        )
        assert await ask("sendMessage", chat_id=chat, text="x") == (403, answer)


async def test_get_chat_member_in_a_channel_needs_the_bot_to_be_admin(
    ask: Ask, botapi: BotAPI, world: World
) -> None:
    assert await ask("getChatMember", chat_id=world.news, user_id=world.alice) == refused(
        errors.MEMBER_LIST_INACCESSIBLE
    )
    secret = channel("Private", username="")
    botapi.add_chat(secret)
    assert await ask("getChatMember", chat_id=secret["id"], user_id=world.alice) == (
        403,
        "Forbidden: bot is not a member of the channel chat",
    )
    botapi.set_member(world.news, BOT_USER["id"], "administrator")
    status, member = await ask("getChatMember", chat_id=world.news, user_id=world.alice)
    assert (status, member["status"]) == (200, "member")
    assert await ask("getChatMember", chat_id=world.news) == refused(
        "Bad Request: invalid user_id specified"
    )


# --- edits ---------------------------------------------------------------------------------------


async def test_the_bot_edits_only_its_own_messages(ask: Ask, world: World) -> None:
    edit = {"chat_id": world.alice, "parse_mode": "HTML"}
    assert await ask("editMessageText", message_id=world.said, text="x", **edit) == refused(
        errors.CANT_EDIT
    )
    assert await ask("editMessageText", message_id=999999, text="x", **edit) == refused(
        "Bad Request: message to edit not found"
    )
    assert await ask("editMessageText", text="x") == refused(
        "Bad Request: message identifier is not specified"
    )
    _, own = await ask("sendMessage", text="<b>UN</b>", **edit)
    mine = {"message_id": own["message_id"], **edit}
    assert await ask("editMessageText", text="<b>UN</b>", **mine) == refused(errors.NOT_MODIFIED)
    assert (await ask("editMessageText", text="<i>UN</i>", **mine))[0] == 200  # new entities
    assert await ask("editMessageText", text="I <3 UN", **mine) == refused(
        CANT_PARSE + 'Unsupported start tag "3" at byte offset 2'
    )
    assert await ask("editMessageText", text="x" * 4097, **mine) == refused(
        errors.MESSAGE_TOO_LONG_CODE
    )


# --- polling and webhooks ------------------------------------------------------------------------


async def test_a_second_long_poll_ends_the_first_with_409(ask: Ask, botapi: BotAPI) -> None:
    first = asyncio.create_task(ask("getUpdates", timeout=5))
    await botapi.wait_for("getUpdates", outcome="")  # the first poll is waiting
    second = asyncio.create_task(ask("getUpdates", timeout=5))
    assert await asyncio.wait_for(first, 5) == (409, errors.POLLING_CONFLICT)
    update = botapi.push(private_message("hi", user=user()))
    status, updates = await asyncio.wait_for(second, 5)
    assert (status, [u["update_id"] for u in updates]) == (200, [update["update_id"]])


async def test_set_webhook_ends_a_long_poll_and_then_forbids_polling(
    ask: Ask, botapi: BotAPI
) -> None:
    poll = asyncio.create_task(ask("getUpdates", timeout=5))
    await botapi.wait_for("getUpdates", outcome="")
    assert await ask("setWebhook", url="https://bot.example.org/hook") == (200, True)
    assert await asyncio.wait_for(poll, 5) == (409, errors.POLL_ENDED_BY_WEBHOOK)
    assert await ask("getUpdates", timeout=0) == (409, errors.WEBHOOK_CONFLICT)
    assert await ask("deleteWebhook") == (200, True)
    assert await ask("getUpdates", timeout=0) == (200, [])


@pytest.mark.parametrize(
    ("params", "answer"),
    [
        ({"url": "http://bot.example.org/hook"}, errors.WEBHOOK_NEEDS_HTTPS),
        ({"url": "https://bot.example.org:8080/hook"}, errors.WEBHOOK_BAD_PORT),
        ({"url": "https://"}, errors.WEBHOOK_BAD_URL),
        (
            {"url": "https://bot.example.org/hook", "secret_token": "not secret"},
            errors.SECRET_BAD_CHARACTERS,
        ),
        (
            {"url": "https://bot.example.org/hook", "secret_token": "s" * 257},
            errors.SECRET_TOO_LONG,
        ),
    ],
)
async def test_webhooks_telegram_refuses(ask: Ask, params: dict[str, str], answer: str) -> None:
    assert await ask("setWebhook", **params) == refused(answer)


async def test_webhook_info_never_gives_the_secret_back(ask: Ask) -> None:
    hook = {"url": "https://bot.example.org:8443/hook", "secret_token": "Abc_-9"}
    assert await ask("setWebhook", **hook) == (200, True)
    _, info = await ask("getWebhookInfo")
    assert info["url"] == hook["url"] and "secret_token" not in info


# --- inline results and buttons ------------------------------------------------------------------


def article(result_id: str = "a", text: str = "<b>Answer</b>", **fields: Any) -> dict[str, Any]:
    content = {"message_text": text, "parse_mode": "HTML"}
    return {"type": "article", "id": result_id, "title": "T", "input_message_content": content} | (
        fields
    )


@pytest.mark.parametrize(
    ("results", "answer"),
    [
        ([article("a"), article("a")], "Bad Request: RESULT_ID_DUPLICATE"),
        ([article("é" * 33)], "Bad Request: RESULT_ID_INVALID"),  # 66 bytes
        (
            [article(str(n)) for n in range(51)],
            "Bad Request: too many inline query results specified",
        ),
        ([article(title=1992)], None),  # Telegram reads a number as its digits: a violation
        (
            [{k: v for k, v in article().items() if k != "title"}],
            BAD_RESULT + 'Can\'t find field "title"',
        ),
        (
            [{k: v for k, v in article().items() if k != "input_message_content"}],
            BAD_RESULT + 'Can\'t find field "message_text"',
        ),
        (
            [article(type="articel")],
            BAD_RESULT + 'type "articel" is unsupported for the inline query result',
        ),
        (
            [article(text="I <3 UN")],
            BAD_RESULT + 'Can\'t parse entities: Unsupported start tag "3" at byte offset 2',
        ),
        ([article(text="x" * 4097)], errors.MESSAGE_TOO_LONG_CODE),
        (
            [article(reply_markup={"inline_keyboard": [[{"text": "go"}]]})],
            BAD_RESULT + "Can't parse inline keyboard button: Text buttons are unallowed in the "
            "inline keyboard",
        ),
    ],
)
async def test_inline_results_are_checked(
    ask: Ask, botapi: BotAPI, results: list[dict[str, Any]], answer: str | None
) -> None:
    botapi.register({"inline_query": {"id": "77", "from": user(), "query": "", "offset": ""}})
    status, result = await ask("answerInlineQuery", inline_query_id="77", results=results)
    assert (status, result) == ((200, True) if answer is None else refused(answer))
    if answer is None:
        [violation] = botapi.accept_violations()
        assert violation == "answerInlineQuery.results[0].title: expected str, got 1992"


async def test_an_inline_query_is_answered_once(ask: Ask, botapi: BotAPI) -> None:
    botapi.register({"inline_query": {"id": "78", "from": user(), "query": "", "offset": ""}})
    assert await ask("answerInlineQuery", inline_query_id="78", results=[article()]) == (200, True)
    assert await ask("answerInlineQuery", inline_query_id="78", results=[]) == refused(
        errors.QUERY_TOO_OLD
    )


@pytest.mark.parametrize(
    ("button", "answer"),
    [
        ({"text": "go"}, BAD_BUTTON + "Text buttons are unallowed in the inline keyboard"),
        ({"callback_data": "x"}, BAD_BUTTON + 'Can\'t find field "text"'),
        (
            {"text": "", "callback_data": "x"},
            "Bad Request: inline keyboard button text must be non-empty",
        ),
        (
            {"text": "site", "url": "localhost/un"},
            "Bad Request: inline keyboard button URL 'localhost/un' is invalid: Wrong HTTP URL",
        ),
        (
            {"text": "site", "url": "ftp://un.org"},
            "Bad Request: inline keyboard button URL 'ftp://un.org' is invalid: Unsupported URL "
            "protocol",
        ),
        ({"text": "more", "callback_data": "ж" * 33}, "Bad Request: BUTTON_DATA_INVALID"),
        ({"text": "site", "url": "https://un.org/en/"}, None),
        ({"text": "me", "url": "tg://user?id=42"}, None),
    ],
)
async def test_buttons_are_checked(
    ask: Ask, world: World, button: dict[str, Any], answer: str | None
) -> None:
    markup = {"inline_keyboard": [[button]]}
    status, result = await ask("sendMessage", chat_id=world.alice, text="x", reply_markup=markup)
    assert (status, result) == refused(answer) if answer else status == 200


async def test_callback_data_over_64_bytes_is_refused_through_ptb(bot: Bot, world: World) -> None:
    button = InlineKeyboardButton("x", callback_data="ж" * 33)  # 66 bytes
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(world.alice, "x", reply_markup=InlineKeyboardMarkup([[button]]))


# --- what Telegram tolerates but the documentation does not --------------------------------------


async def test_undocumented_missing_and_mistyped_parameters_are_violations(
    ask: Ask, botapi: BotAPI, world: World
) -> None:
    """Telegram answers these as it answers everything; the stand-in notes what is wrong."""
    two_actions = {"text": "both", "url": "https://un.org", "callback_data": "x"}
    requests: list[tuple[str, dict[str, Any], str]] = [
        (
            "sendMessage",
            {"chat_id": world.alice, "text": "x", "disable_web_page_previews": True},
            "sendMessage: parameter 'disable_web_page_previews' is not documented",
        ),
        (
            "sendMessage",
            {"chat_id": world.alice, "text": "x", "disable_notification": "yes"},
            "sendMessage.disable_notification: expected bool, got 'yes'",
        ),
        (
            "sendMessage",
            {
                "chat_id": world.alice,
                "text": "x",
                "reply_markup": {"inline_keyboard": [[two_actions]]},
            },
            "a button takes exactly one action, not callback_data, url",
        ),
        ("setWebhook", {}, "setWebhook: required parameter 'url' is missing"),  # = deleteWebhook
    ]
    for method, params, violation in requests:
        assert (await ask(method, **params))[0] == 200
        [found] = botapi.accept_violations()
        assert violation in found


# --- missing and malformed parameters ------------------------------------------------------------


async def test_missing_required_parameters_get_telegrams_400(
    ask: Ask, bot: Bot, world: World
) -> None:
    assert await ask("sendMessage", chat_id=world.alice) == refused(errors.MESSAGE_TEXT_EMPTY)
    assert await ask("deleteMessage", chat_id=world.alice) == refused(
        "Bad Request: message identifier is not specified"
    )
    assert await ask("sendChatAction", chat_id=world.alice, action="dancing") == refused(
        "Bad Request: wrong parameter action in request"
    )
    assert await ask("answerCallbackQuery") == refused(errors.QUERY_TOO_OLD)
    assert await ask(
        "sendMessage", chat_id=world.alice, text="x", reply_markup="{oops"
    ) == refused("Bad Request: can't parse reply keyboard markup JSON object")
    with pytest.raises(BadRequest, match="Message text is empty"):  # not a NetworkError to retry
        await bot.send_message(world.alice, "")


async def test_method_names_are_matched_without_case(ask: Ask) -> None:
    status, me = await ask("getme")
    assert (status, me["username"]) == (200, BOT_USER["username"])
    assert await ask("getYou") == (404, "Not Found: method not found")


# --- scripted faults -----------------------------------------------------------------------------


async def test_updates_follow_offset_and_allowed_updates(bot: Bot, botapi: BotAPI) -> None:
    first = botapi.push(private_message("one", user=user()))
    botapi.push({"edited_message": private_message("two", user=user())["message"]})
    updates = await bot.get_updates(allowed_updates=["message"], timeout=0)
    assert [u.update_id for u in updates] == [first["update_id"]]
    assert await bot.get_updates(offset=first["update_id"] + 1, timeout=0) == ()


async def test_polling_while_a_webhook_is_set_conflicts(bot: Bot) -> None:
    await bot.set_webhook("https://example.org/telegram")
    with pytest.raises(Conflict):
        await bot.get_updates(timeout=0)
    await bot.delete_webhook()
    assert await bot.get_updates(timeout=0) == ()


async def test_faults_match_method_chat_and_count(bot: Bot, botapi: BotAPI, world: World) -> None:
    botapi.fail(
        "sendMessage", chat_id=world.alice, status=403, description=errors.BLOCKED, times=None
    )
    botapi.fail(
        "*", chat_id=-5, status=400, description=errors.MIGRATED, migrate_to_chat_id=world.group
    )
    for _ in range(2):
        with pytest.raises(Forbidden, match="blocked"):
            await bot.send_message(world.alice, "x")
    with pytest.raises(ChatMigrated) as migrated:
        await bot.send_message(-5, "x")
    assert migrated.value.new_chat_id == world.group
    await bot.send_message(world.group, "x")
    with pytest.raises(BadRequest, match="Chat not found"):  # a fault with times=1 is used up
        await bot.send_message(-5, "x")
    assert [call.chat_id for call in botapi.sent()] == [world.group]


async def test_a_dropped_connection_after_delivery_still_counts_as_sent(
    bot: Bot, botapi: BotAPI, world: World
) -> None:
    botapi.fail("sendMessage", drop=True, delivered=True)
    with pytest.raises(NetworkError):
        await bot.send_message(world.alice, "maybe")
    assert [call.text for call in botapi.sent(world.alice)] == ["maybe"]
    assert botapi.calls_to("sendMessage")[0].outcome == "dropped"


async def test_another_token_is_unauthorized(botapi: BotAPI) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("42:another-token-entirely-aaaaaaaa", base_url=botapi.base_url):
            pass
