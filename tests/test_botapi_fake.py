"""The Bot API stand-in itself: it must refuse what Telegram refuses, or tests prove nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator

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

from tests.fakes.botapi import BotAPI
from tests.fakes.errors import BLOCKED, MIGRATED
from tests.fakes.updates import private_message, user

pytestmark = pytest.mark.filterwarnings(  # PTB 22 warns inside RetryAfter's own constructor
    "ignore:Deprecated since version v22.2:telegram.warnings.PTBDeprecationWarning"
)


@pytest.fixture
async def bot(botapi: BotAPI) -> AsyncIterator[Bot]:
    async with Bot(botapi.token, base_url=botapi.base_url) as client:
        yield client


async def test_html_is_checked_like_telegram_does(bot: Bot) -> None:
    sent = await bot.send_message(1, "<b>bold</b> &amp; <i>it</i>", parse_mode="HTML")
    assert sent.text == "bold & it"
    for broken in ("<script>x</script>", "<b>open", "a </b>"):
        with pytest.raises(BadRequest, match="parse entities"):
            await bot.send_message(1, broken, parse_mode="HTML")


@pytest.mark.parametrize(("units", "fits"), [(4096, True), (4097, False)])
async def test_length_is_counted_in_utf16_after_parsing(bot: Bot, units: int, fits: bool) -> None:
    text = "<b>" + "😀" * (units // 2) + "a" * (units % 2) + "</b>"
    if fits:
        await bot.send_message(1, text, parse_mode="HTML")
    else:
        with pytest.raises(BadRequest, match="too long"):
            await bot.send_message(1, text, parse_mode="HTML")


async def test_callback_data_over_64_bytes_is_refused(bot: Bot) -> None:
    button = InlineKeyboardButton("x", callback_data="ж" * 33)  # 66 bytes
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(1, "x", reply_markup=InlineKeyboardMarkup([[button]]))


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


async def test_faults_match_method_chat_and_count(bot: Bot, botapi: BotAPI) -> None:
    botapi.fail("sendMessage", chat_id=7, status=403, description=BLOCKED, times=None)
    botapi.fail("*", chat_id=-5, status=400, description=MIGRATED, migrate_to_chat_id=-1005)
    for _ in range(2):
        with pytest.raises(Forbidden, match="blocked"):
            await bot.send_message(7, "x")
    with pytest.raises(ChatMigrated) as migrated:
        await bot.send_message(-5, "x")
    assert migrated.value.new_chat_id == -1005
    await bot.send_message(-5, "x")  # a fault with times=1 is used up
    assert [call.chat_id for call in botapi.sent()] == [-5]


async def test_a_dropped_connection_after_delivery_still_counts_as_sent(
    bot: Bot, botapi: BotAPI
) -> None:
    botapi.fail("sendMessage", drop=True, delivered=True)
    with pytest.raises(NetworkError):
        await bot.send_message(3, "maybe")
    assert [call.text for call in botapi.sent(3)] == ["maybe"]
    assert botapi.calls_to("sendMessage")[0].outcome == "dropped"


async def test_another_token_is_unauthorized(botapi: BotAPI) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("42:another-token-entirely-aaaaaaaa", base_url=botapi.base_url):
            pass
