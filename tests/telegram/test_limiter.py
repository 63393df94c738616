"""The application's rate limiter and the daily post share one flood control, over real HTTP.

The application is the real one (`build_application`), talking to the Bot API stand-in; its flood
control runs on a `Timer`, so waits are measured exactly without waiting on the wall clock.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from telegram.error import RetryAfter
from telegram.ext import Application

from bot.config import Settings
from bot.daily.job import DailyPosts
from bot.daily.pacing import FloodControl
from bot.daily.subscriptions import Due
from bot.engine.generation import Knowledge
from bot.services import Services, build_services
from bot.telegram.app import RATE_LIMIT_RETRIES
from tests.conftest import FakeClock
from tests.fakes.botapi import BotAPI
from tests.fakes.clock import Timer
from tests.fakes.updates import private_chat, user

pytestmark = pytest.mark.filterwarnings(  # PTB 22 warns while building every RetryAfter
    "ignore:Deprecated since version v22.2:telegram.warnings.PTBDeprecationWarning"
)

DAY = dt.date(2025, 3, 2)


@pytest.fixture
def timer() -> Timer:
    return Timer()


@pytest.fixture
def services(settings: Settings, knowledge: Knowledge, clock: FakeClock, timer: Timer) -> Services:
    """The bot's services with their flood control on the test's timer."""
    built = build_services(settings, knowledge=knowledge, clock=clock)
    built.flood = FloodControl.local(settings.send_rate, timer.clock, timer.sleep)
    return built


@pytest.fixture(autouse=True)
def started(botapi: BotAPI) -> None:
    """The people these tests subscribe (1-100) and the one who asks (202) have started the
    bot: Telegram knows them."""
    for person in [*range(1, 101), 202]:
        botapi.add_chat(private_chat(user(user_id=person)))


async def subscribe(services: Services, people: range) -> list[Due]:
    for person in people:
        await services.subscriptions.subscribe(person, "private", "en")
    return [Due(sub, DAY) for sub in await services.subscriptions.all()]


async def test_limiter_daily_posts_through_the_application_are_paced_once(
    application: Application, services: Services, timer: Timer, botapi: BotAPI, tmp_path: Path
) -> None:
    """One flood-control layer: the posts go at the post rate exactly, not slowed by a second."""
    due = await subscribe(services, range(1, 101))
    summary = await DailyPosts(application, services).deliver(due)
    assert summary is not None and summary.sent == 100
    assert timer.now == pytest.approx(99 / services.settings.send_rate)
    assert len(botapi.sent()) == 100


async def test_limiter_a_429_on_a_reply_holds_the_daily_post_too(
    application: Application, services: Services, timer: Timer, botapi: BotAPI
) -> None:
    """Telegram's pause is for the whole bot: a post waits out the pause a reply was given."""
    botapi.fail("sendMessage", chat_id=202, status=429, retry_after=7, times=None)
    with pytest.raises(RetryAfter):
        await application.bot.send_message(202, "an answer")
    assert len(botapi.calls_to("sendMessage", chat_id=202)) == RATE_LIMIT_RETRIES + 1
    gave_up = timer.now
    summary = await DailyPosts(application, services).deliver(
        await subscribe(services, range(1, 3))
    )
    assert summary is not None and summary.sent == 2
    assert timer.now >= gave_up + 7


async def test_limiter_a_429_on_a_post_holds_replies_too(
    application: Application, services: Services, timer: Timer, botapi: BotAPI
) -> None:
    botapi.fail("sendMessage", chat_id=1, status=429, retry_after=30, times=None)
    summary = await DailyPosts(application, services).deliver(
        await subscribe(services, range(1, 2))
    )
    assert summary is not None and summary.retry == 1  # five pauses, then left for later
    paused_until = timer.now + await services.flood.budget.paused_for()
    assert paused_until > timer.now
    await application.bot.send_message(202, "an answer")
    assert timer.now == pytest.approx(paused_until)
    [reply] = botapi.sent(202)
    assert reply.text == "an answer"
