"""Flood control: one budget for replies and daily posts, replies first, Telegram's limits kept.

Time comes from `Timer`, so every wait is measured exactly and nothing waits on the wall clock.
"""

from __future__ import annotations

import asyncio
import itertools

import pytest

from bot.daily.pacing import (
    BURST,
    CHAT_INTERVAL,
    GROUP_LIMIT,
    GROUP_WINDOW,
    OVERALL_RATE,
    RESERVE,
    ChatWindows,
    FloodControl,
    Lane,
)
from tests.fakes.clock import Timer

GROUP = -1001234567890


def flood_control(timer: Timer, post_rate: float | None = 25.0) -> FloodControl:
    return FloodControl.local(post_rate, timer.clock, timer.sleep)


async def admitted_at(flood: FloodControl, timer: Timer, chat_id: int, lane: Lane) -> float:
    await flood.admit(chat_id, lane)
    return timer.now


async def test_pacing_posts_keep_their_rate_and_leave_the_reserve_free() -> None:
    timer = Timer()
    flood = flood_control(timer, post_rate=25.0)
    times = [await admitted_at(flood, timer, person, Lane.BROADCAST) for person in range(1, 101)]
    assert [b - a for a, b in itertools.pairwise(times)] == pytest.approx([1 / 25] * 99)
    # Meanwhile the bucket never fell to the reserve: a reply now goes at once.
    assert await admitted_at(flood, timer, 999, Lane.REPLY) == times[-1]


async def test_pacing_a_post_after_a_stall_leaves_a_whole_interval_to_the_next() -> None:
    """A sender held up between two posts (a slow update, a busy machine) does not make up
    for it: the next post still waits an interval after the late one, so no second holds
    more posts than the rate (a grid let the late post and the next go together)."""
    timer = Timer()
    flood = flood_control(timer, post_rate=25.0)
    await admitted_at(flood, timer, 1, Lane.BROADCAST)
    await timer.sleep(0.5)  # the stall
    late = await admitted_at(flood, timer, 2, Lane.BROADCAST)
    assert await admitted_at(flood, timer, 3, Lane.BROADCAST) == pytest.approx(late + 1 / 25)


async def test_pacing_replies_go_first_and_posts_take_what_is_left() -> None:
    """Replies at 20/s for 10 s during a post pass at 25/s: no reply waits, posts slow to 10/s."""
    timer = Timer()
    flood = flood_control(timer, post_rate=25.0)
    reply_waits: list[float] = []
    posts: list[float] = []
    done = False

    async def replies() -> None:
        nonlocal done
        for n in range(200):
            due = n / 20
            await timer.sleep(due - timer.now)
            await flood.admit(10_000 + n, Lane.REPLY)
            reply_waits.append(timer.now - due)
        done = True

    async def broadcast() -> None:
        person = 1
        while not done:
            await flood.admit(person, Lane.BROADCAST)
            posts.append(timer.now)
            person += 1

    await asyncio.gather(replies(), broadcast())
    assert max(reply_waits) == pytest.approx(0.0)
    steady = [at for at in posts if 2.0 <= at < 9.0]  # after the first burst of the bucket
    assert len(steady) / 7.0 == pytest.approx(OVERALL_RATE - 20, rel=0.1)


async def test_pacing_a_burst_of_replies_is_not_delayed_by_a_running_pass() -> None:
    timer = Timer()
    flood = flood_control(timer)
    for person in range(1, 51):  # the pass is well under way
        await flood.admit(person, Lane.BROADCAST)
    started = timer.now
    for n in range(RESERVE):
        assert await admitted_at(flood, timer, 5000 + n, Lane.REPLY) == started
    # Beyond the reserve replies share the refill, but never wait behind a post.
    await flood.admit(6000, Lane.REPLY)
    assert timer.now - started <= 1 / OVERALL_RATE + 1e-9


async def test_pacing_a_429_pauses_every_lane() -> None:
    timer = Timer()
    flood = flood_control(timer)
    await flood.pause(7.0)
    assert await admitted_at(flood, timer, 1, Lane.REPLY) == pytest.approx(7.0)
    await flood.pause(3.0)
    await flood.admit(None, Lane.REPLY)  # an inline answer: no message, but no sending either
    assert timer.now == pytest.approx(10.0)
    assert await admitted_at(flood, timer, 2, Lane.BROADCAST) == pytest.approx(10.0)


async def test_pacing_requests_to_no_chat_take_no_slot() -> None:
    timer = Timer()
    flood = flood_control(timer)
    for _ in range(100):  # inline answers, button answers
        await flood.admit(None, Lane.REPLY)
    assert timer.now == 0.0
    for n in range(BURST):
        await flood.admit(n + 1, Lane.REPLY)
    assert timer.now == 0.0


async def test_pacing_one_post_a_second_per_chat_and_twenty_a_minute_per_group() -> None:
    timer = Timer()
    flood = flood_control(timer, post_rate=None)
    to_person = [await admitted_at(flood, timer, 101, Lane.BROADCAST) for _ in range(3)]
    assert to_person == pytest.approx([0.0, CHAT_INTERVAL, 2 * CHAT_INTERVAL])
    to_group = [await admitted_at(flood, timer, GROUP, Lane.BROADCAST) for _ in range(25)]
    for first, later in zip(to_group, to_group[GROUP_LIMIT:], strict=False):
        assert later - first >= GROUP_WINDOW


async def test_pacing_replies_in_a_group_keep_the_twenty_a_minute_window() -> None:
    timer = Timer()
    flood = flood_control(timer, post_rate=None)
    burst = [await admitted_at(flood, timer, GROUP, Lane.REPLY) for _ in range(GROUP_LIMIT)]
    assert burst == [0.0] * GROUP_LIMIT  # people get their answers at once
    assert await admitted_at(flood, timer, GROUP, Lane.REPLY) == pytest.approx(GROUP_WINDOW)
    assert flood.chat_ready(GROUP, Lane.BROADCAST) == pytest.approx(CHAT_INTERVAL)


async def test_pacing_a_post_waits_a_second_after_a_reply_to_the_same_chat() -> None:
    timer = Timer()
    flood = flood_control(timer, post_rate=None)
    await flood.admit(101, Lane.REPLY)
    assert flood.chat_ready(101, Lane.BROADCAST) == pytest.approx(CHAT_INTERVAL)
    assert flood.chat_ready(101, Lane.REPLY) == 0.0


def test_pacing_chat_windows_forget_quiet_chats() -> None:
    windows = ChatWindows()
    for second in range(600):  # ten minutes at one new chat a second
        windows.record(second + 1, float(second))
        windows.record(GROUP, float(second))
    assert len(windows) <= 2  # the last second's private chat and the group, not all 600
    # The busy group is remembered: its 20th-last message (at 580 s) holds the next until 640 s.
    assert windows.wait(GROUP, Lane.REPLY, 600.0) == pytest.approx(40.0)
