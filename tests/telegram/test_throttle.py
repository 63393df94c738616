"""The per-sender flood limit: the token bucket alone, then in front of the real handlers."""

from __future__ import annotations

from bot.telegram.app import FLOOD_BURST
from bot.telegram.throttle import Throttle
from bot.texts import text
from tests.conftest import Talk
from tests.fakes.chat import Conversation
from tests.fakes.updates import group, private_chat, user


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_burst_then_warn_once_then_drop() -> None:
    throttle = Throttle(rate=1.0, burst=3, clock=Ticks())
    assert [throttle.check("alice") for _ in range(6)] == [
        "allow",
        "allow",
        "allow",
        "warn",
        "drop",
        "drop",
    ]


def test_tokens_come_back_with_time_and_the_warning_resets() -> None:
    ticks = Ticks()
    throttle = Throttle(rate=0.5, burst=1, clock=ticks)
    assert [throttle.check("alice") for _ in range(3)] == ["allow", "warn", "drop"]
    ticks.now = 1.9
    assert throttle.check("alice") == "drop"
    ticks.now = 4.0
    assert [throttle.check("alice") for _ in range(2)] == ["allow", "warn"]


def test_senders_have_separate_buckets() -> None:
    throttle = Throttle(rate=1.0, burst=1, clock=Ticks())
    assert throttle.check("alice") == "allow"
    assert throttle.check("alice") == "warn"
    assert throttle.check("bob") == "allow"


def test_idle_senders_are_forgotten_so_memory_stays_bounded() -> None:
    ticks = Ticks()
    throttle = Throttle(rate=1.0, burst=2, clock=ticks, max_keys=100)
    for sender in range(100):
        throttle.check(sender)
    ticks.now = 10.0  # every bucket has refilled
    throttle.check("newcomer")
    assert len(throttle) == 1


async def test_one_flooding_user_is_slowed_and_others_are_not(conversation: Talk) -> None:
    spammer, other = user("Spam"), user("Dana")
    flood = conversation(chat=private_chat(spammer), user=spammer)
    replies = [await flood.send("When did Kazakhstan join the UN?") for _ in range(30)]
    texts = [reply.text for batch in replies for reply in batch]
    assert texts.count(text("slow_down", "en")) == 1
    assert 10 <= len(texts) - 1 < 30
    [answer] = await conversation(chat=private_chat(other), user=other).send(
        "When did Kazakhstan join the UN?"
    )
    assert "2 March 1992" in answer.text


async def test_flooded_buttons_are_still_answered(tg: Conversation) -> None:
    await tg.send("/start")
    for _ in range(12):
        calls = await tg.press("t1:en:", on=tg.last_bot_message(), expect=1)
        assert calls[0].method == "answerCallbackQuery"
        assert calls[0].ok
    assert calls[0].params.get("text") == text("slow_down", "en")


async def test_commands_for_other_bots_cost_nothing(conversation: Talk) -> None:
    sender = user("Busy")
    chat = conversation(chat=group("Many bots"), user=sender)
    for _ in range(FLOOD_BURST + 5):  # meant for other bots: ignored, so not counted either
        assert await chat.send("/today@OtherBot") == []
        assert await chat.send("/nosuchcommand") == []
    [reply] = await chat.send("/today@kzun_test_bot")
    assert reply.method == "sendMessage"
