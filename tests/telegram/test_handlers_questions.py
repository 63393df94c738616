"""Questions through the real Application and HTTP stack, against the Bot API stand-in."""

from __future__ import annotations

from typing import Any

import pytest

from bot.services import Services
from bot.telegram.handlers.questions import MAX_QUESTION_CHARS
from bot.texts import text
from tests.conftest import Talk
from tests.fakes.botapi import BotAPI
from tests.fakes.chat import Conversation
from tests.fakes.updates import (
    ANONYMOUS_ADMIN,
    BOT_USER,
    PHOTO,
    STICKER,
    VOICE,
    channel,
    private_chat,
    user,
)

MEMBERSHIP = "Kazakhstan became a member of the United Nations on 2 March 1992"


@pytest.mark.parametrize(
    ("lang", "question", "expected"),
    [
        ("en", "When did Kazakhstan join the UN?", "2 March 1992"),
        ("ru", "Когда Казахстан вступил в ООН?", "2 марта 1992"),
        ("kk", "Қазақстан БҰҰ-ға қашан мүше болды?", "1992 жылғы 2 наурызда"),
    ],
)
async def test_private_question_answered_in_its_language_with_source(
    conversation: Talk, lang: str, question: str, expected: str
) -> None:
    person = user("Dana", language_code=lang)
    [reply] = await conversation(chat=private_chat(person), user=person).send(question)
    assert reply.ok
    assert expected in reply.text
    assert '<a href="https://www.inform.kz/' in reply.text  # the source line, linked
    assert reply.params["parse_mode"] == "HTML"
    assert reply.params["link_preview_options"] == {"is_disabled": True}
    assert reply.buttons, "related facts are offered as buttons"


async def test_private_question_is_logged_without_identity(
    tg: Conversation, services: Services
) -> None:
    await tg.send("When did Kazakhstan join the UN?")
    await tg.send("What is the GDP of Uzbekistan?")
    await services.bookkeeper.drain()  # the log is written beside the reply
    assert await services.questions.outcomes_since(services.db.clock().replace(year=2000)) == {
        "answer": 1,
        "decline": 1,
    }
    [row] = await services.questions.unanswered_since(None)
    assert row["text"] == "What is the GDP of Uzbekistan?"
    assert set(row.keys()) == {"asked_at", "text", "lang", "status", "candidate", "score"}


async def test_private_greeting_and_thanks_get_a_friendly_reply_and_are_not_logged(
    tg: Conversation, services: Services
) -> None:
    [hello] = await tg.send("Сәлеметсіз бе!")
    assert hello.text == text("small_talk_greeting", "kk")
    [thanks] = await tg.send("thank you very much")
    assert thanks.text == text("small_talk_thanks", "en")
    await services.bookkeeper.drain()
    assert await services.questions.unanswered_since(None) == []


async def test_private_unknown_question_declined_politely(tg: Conversation) -> None:
    [reply] = await tg.send("What is the GDP of Uzbekistan?")
    assert reply.text == text("decline", "en")


async def test_user_html_is_escaped_and_never_breaks_the_reply(tg: Conversation) -> None:
    [reply] = await tg.send("<script>alert(1)</script> & <b>when did kazakhstan join the un")
    assert reply.ok, reply.outcome  # the stand-in rejects unsupported tags as Telegram does


@pytest.mark.parametrize(
    "question",
    ["   ", "🇰🇿🇺🇳🤔", "?!…", "\u200b\u200f\u202e", "a" * 300, "x" * MAX_QUESTION_CHARS],
)
async def test_odd_questions_get_one_valid_reply(tg: Conversation, question: str) -> None:
    [reply] = await tg.send(question)
    assert reply.ok, reply.outcome


async def test_ten_thousand_characters_get_a_short_hint(tg: Conversation) -> None:
    [reply] = await tg.send("Kazakhstan " * 1000)
    assert reply.text == text("too_long", "en", limit=MAX_QUESTION_CHARS)


@pytest.mark.parametrize("content", [STICKER, PHOTO, VOICE])
async def test_non_text_in_private_gets_a_hint(tg: Conversation, content: dict[str, Any]) -> None:
    [reply] = await tg.send(None, extra=content)
    assert reply.text == text("non_text", "en")


async def test_edited_question_is_not_answered_again(tg: Conversation) -> None:
    await tg.send("When did Kazakhstan join the UN?")
    assert await tg.edit(tg.history[-1], "When did Kazakhstan join the Security Council?") == []


# --- groups ----------------------------------------------------------------------------------


@pytest.fixture
def in_group(conversation: Talk, supergroup: dict[str, Any]) -> Conversation:
    return conversation(chat=supergroup, user=user("Bob"))


async def test_group_chatter_gets_no_reply(in_group: Conversation, botapi: BotAPI) -> None:
    assert await in_group.send("when did kazakhstan join the un, does anyone know?") == []
    assert await in_group.send("lunch at 1?") == []
    assert botapi.sent() == []


async def test_group_mention_is_answered_as_a_reply(in_group: Conversation) -> None:
    [reply] = await in_group.send(f"@{BOT_USER['username']} when did Kazakhstan join the UN?")
    assert MEMBERSHIP in reply.text
    assert reply.params["reply_parameters"]["message_id"] == in_group.history[-1]["message_id"]
    assert reply.params["reply_parameters"]["allow_sending_without_reply"] is True


async def test_group_reply_to_the_bot_is_answered(in_group: Conversation) -> None:
    await in_group.send("/ask when did Kazakhstan join the UN?")
    [reply] = await in_group.send(
        "and when was it on the Security Council?", reply_to=in_group.last_bot_message()
    )
    assert "Security Council" in reply.text


async def test_group_reply_to_someone_else_is_chatter(in_group: Conversation) -> None:
    await in_group.send("when did kazakhstan join the un")
    assert await in_group.send("no idea", reply_to=in_group.history[-1]) == []


async def test_group_ask_command_with_and_without_bot_name(in_group: Conversation) -> None:
    [plain] = await in_group.send("/ask When did Kazakhstan join the UN?")
    [named] = await in_group.send(f"/ask@{BOT_USER['username']} When did Kazakhstan join the UN?")
    assert MEMBERSHIP in plain.text
    assert MEMBERSHIP in named.text


async def test_commands_for_other_bots_are_ignored(in_group: Conversation) -> None:
    assert await in_group.send("/ask@SomeOtherBot When did Kazakhstan join the UN?") == []
    assert await in_group.send("/start@SomeOtherBot") == []


async def test_group_decline_is_silent_unless_asked_with_ask(in_group: Conversation) -> None:
    handle = f"@{BOT_USER['username']}"
    assert await in_group.send(f"{handle} is great, thanks!") == []
    [reply] = await in_group.send("/ask What is the GDP of Uzbekistan?")
    assert reply.text == text("group_decline", "en")


async def test_group_ask_without_question_explains_usage(in_group: Conversation) -> None:
    [reply] = await in_group.send("/ask")
    assert reply.text == text("ask_usage", "en")


async def test_anonymous_group_admin_can_ask(
    conversation: Talk, supergroup: dict[str, Any]
) -> None:
    admin = conversation(chat=supergroup, user=ANONYMOUS_ADMIN)
    [reply] = await admin.send("/ask When did Kazakhstan join the UN?")
    assert MEMBERSHIP in reply.text


# --- channels --------------------------------------------------------------------------------


async def test_channel_post_with_ask_is_answered_in_the_channel(conversation: Talk) -> None:
    news = channel()
    posts = conversation(chat=news, user=None)
    [reply] = await posts.send("/ask When did Kazakhstan join the UN?")
    assert reply.chat_id == news["id"]
    assert MEMBERSHIP in reply.text


async def test_channel_posts_without_answers_stay_silent(conversation: Talk) -> None:
    posts = conversation(chat=channel(), user=None)
    assert await posts.send("Good morning, subscribers!") == []
    assert await posts.send("/ask What is the GDP of Uzbekistan?") == []
    assert await posts.send("/ask") == []


async def test_answer_shows_the_article_sentence_in_an_expandable_quote(tg: Conversation) -> None:
    [reply] = await tg.send("When did Kazakhstan join the UN?")
    assert reply.ok  # the stand-in parses the HTML as Telegram does (TDLib)
    quoted = reply.text.split("<blockquote expandable>", 1)[1]
    assert "29 years ago Kazakhstan became the 168th member state" in quoted
    assert quoted.rstrip().endswith("</blockquote>")


async def test_a_question_asking_two_things_is_answered_and_quoted_in_full(
    tg: Conversation,
) -> None:
    [reply] = await tg.send("When was the ILO founded, and where is its headquarters?")
    assert reply.ok  # both answers and both quotes still parse as Telegram's HTML
    answers, quoted = reply.text.split("<blockquote expandable>", 1)
    assert "1919" in answers and "Geneva" in answers
    assert "1919" in quoted and "headquarter is located in Geneva" in quoted
    [follow] = await tg.send("and who heads it?")  # the conversation goes on from the ILO
    assert "Houngbo" in follow.text


async def test_private_follow_up_is_read_with_the_previous_answer(tg: Conversation) -> None:
    await tg.send("Who heads the ILO?")
    [reply] = await tg.send("When was it founded?")
    assert "1919" in reply.text


async def test_group_follow_ups_are_per_user_and_per_replied_answer(
    conversation: Talk, supergroup: dict[str, Any]
) -> None:
    bob = conversation(chat=supergroup, user=user("Bob"))
    eve = conversation(chat=supergroup, user=user("Eve"))
    await bob.send("/ask who heads the ILO?")
    answer_to_bob = bob.last_bot_message()
    [unrelated] = await eve.send("/ask when was it founded?")  # Eve has said nothing before
    assert unrelated.ok and "1919" not in unrelated.text
    [reply] = await eve.send("when was it founded?", reply_to=answer_to_bob)
    assert "1919" in reply.text
