"""`kzun-bot broadcast`: one delivery pass now, from the command line (cron, or by hand).

SIGTERM and SIGINT stop the pass cleanly: no new post is started, the ones under way finish and
are recorded, and the summary says the rest is left for the next pass. SIGHUP (a terminal closing,
a `systemctl reload` aimed at the wrong unit) is logged and ignored: it must not kill a pass.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import signal
import sys
from collections.abc import AsyncGenerator
from contextlib import aclosing, nullcontext
from dataclasses import fields

from telegram import Bot
from telegram.error import InvalidToken, TelegramError

from bot.clock import check_time_zone_data
from bot.commands.today import knowledge_and_day
from bot.config import Settings
from bot.daily.anniversaries import Posts
from bot.daily.deliveries import DeliveryLog
from bot.daily.pacing import FloodControl
from bot.daily.sender import WORKERS, Broadcaster, Summary
from bot.daily.subscriptions import Due, SubscriptionStore
from bot.engine.knowledge import KnowledgeBase
from bot.replicas.coordinator import Coordinator
from bot.replicas.session import CONNECTION_ERRORS
from bot.replicas.split import bucket_pages
from bot.storage.database import StorageError, open_database
from bot.storage.lock import pass_lock
from bot.telegram.transport import http_request

log = logging.getLogger(__name__)


def broadcast_once(settings: Settings, date: dt.date | None) -> int:
    """`kzun-bot broadcast`: one pass now to every active subscription; prints the summary.

    Exit status 0 when nothing is left to retry, 1 otherwise (so cron can alert or rerun).
    """
    if not settings.token:
        print(
            "kzun-bot: TELEGRAM_BOT_TOKEN is not set (get a token from @BotFather)",
            file=sys.stderr,
        )
        return 2
    signal.signal(signal.SIGHUP, _ignore_sighup)  # before the knowledge loads
    check_time_zone_data(settings.timezone)
    loaded = knowledge_and_day(settings, date)
    if loaded is None:
        return 1
    return asyncio.run(_broadcast(settings, *loaded))


def _added(total: Summary, more: Summary) -> Summary:
    """Two pages' summaries as one."""
    counts = {f.name: getattr(total, f.name) + getattr(more, f.name) for f in fields(Summary)}
    return Summary(**counts | {"stopped_early": total.stopped_early or more.stopped_early})


def _ignore_sighup(signum: int, frame: object) -> None:
    log.warning("SIGHUP ignored: a broadcast pass has nothing to reload")


async def _everyone(
    subscriptions: SubscriptionStore, day: dt.date
) -> AsyncGenerator[list[Due], None]:
    """Every active subscription, a page at a time."""
    async for page in subscriptions.pages():
        yield [Due(s, day) for s in page]


async def _broadcast(settings: Settings, kb: KnowledgeBase, day: dt.date) -> int:
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopping.set)
    try:
        db = open_database(settings.database_url, settings.database_path)
    except StorageError as error:
        print(f"kzun-bot: the state file cannot be used: {error}", file=sys.stderr)
        return 1
    coordinator = None
    try:
        if settings.replicated and settings.database_url:  # processes share work and rate
            coordinator = await Coordinator.connect(settings.database_url)
        alone = nullcontext(True) if coordinator else pass_lock(settings.data_dir)
        with alone as locked:
            if not locked:
                print("kzun-bot: a broadcast is already running; try again later", file=sys.stderr)
                return 1
            subscriptions = SubscriptionStore(db, settings.post_time, settings.timezone)
            inactive = (await subscriptions.counts())["inactive"]
            bot = Bot(
                settings.token or "",
                base_url=settings.api_base_url,
                request=http_request(WORKERS + 2),
                get_updates_request=http_request(),  # never used; PTB would make its own
            )
            try:
                async with bot:
                    broadcaster = Broadcaster(
                        bot,
                        subscriptions,
                        DeliveryLog(db),
                        Posts(kb, settings.empty_day),
                        (
                            coordinator.flood_control(settings.send_rate)
                            if coordinator
                            else FloodControl.local(settings.send_rate)
                        ),
                        delivery=settings.delivery,
                        keep_going=lambda: not stopping.is_set(),
                    )
                    summary = Summary()
                    # A page at a time: memory stays flat at a million subscribers. Processes
                    # sharing a database take their share of the chats by buckets.
                    pages = (
                        bucket_pages(coordinator.url, subscriptions, day)
                        if coordinator
                        else _everyone(subscriptions, day)
                    )
                    async with aclosing(pages):
                        async for due in pages:
                            done = await broadcaster.run(due)
                            summary = _added(summary, done)
                            if done.stopped_early:
                                break
            except InvalidToken:
                print("kzun-bot: Telegram rejected the bot token", file=sys.stderr)
                return 1
            except TelegramError as error:  # unreachable, or refused: nothing was sent
                reason = str(error).replace(settings.token or "", "<token>")
                print(
                    f"kzun-bot: the Bot API at {settings.api_base_url} did not answer: {reason}",
                    file=sys.stderr,
                )
                return 1
            except StorageError as error:  # the posts claimed so far stay claimed: rerun later
                print(f"kzun-bot: the state cannot be used: {error}", file=sys.stderr)
                return 1
        summary.inactive += inactive
        print(f"{day.isoformat()}: {summary}")
        return 1 if summary.retry or summary.stopped_early else 0
    except CONNECTION_ERRORS as error:
        print(f"kzun-bot: the shared database cannot be used: {error}", file=sys.stderr)
        return 1
    finally:
        if coordinator is not None:
            await coordinator.close()
        await db.close()
