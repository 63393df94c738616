"""`kzun-bot broadcast`: one delivery pass now, from the command line (cron, or by hand)."""

from __future__ import annotations

import asyncio
import datetime as dt
import sys

from telegram import Bot
from telegram.error import InvalidToken, TelegramError
from telegram.request import HTTPXRequest

from bot.clock import check_time_zone_data
from bot.commands.today import knowledge_and_day
from bot.config import Settings
from bot.daily.anniversaries import Posts
from bot.daily.deliveries import DeliveryLog
from bot.daily.pacing import FloodControl
from bot.daily.sender import WORKERS, Broadcaster
from bot.daily.subscriptions import Due, SubscriptionStore
from bot.engine.knowledge import KnowledgeBase
from bot.storage.database import Database, StorageError
from bot.storage.lock import pass_lock


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
    check_time_zone_data(settings.timezone)
    loaded = knowledge_and_day(settings, date)
    if loaded is None:
        return 1
    return asyncio.run(_broadcast(settings, *loaded))


async def _broadcast(settings: Settings, kb: KnowledgeBase, day: dt.date) -> int:
    try:
        db = Database(settings.database_path)
    except StorageError as error:
        print(f"kzun-bot: the state file cannot be used: {error}", file=sys.stderr)
        return 1
    try:
        with pass_lock(settings.data_dir) as locked:
            if not locked:
                print("kzun-bot: a broadcast is already running; try again later", file=sys.stderr)
                return 1
            subscriptions = SubscriptionStore(db, settings.post_time, settings.timezone)
            recipients = [Due(s, day) for s in subscriptions.all(active=True)]
            inactive = subscriptions.counts()["inactive"]
            bot = Bot(
                settings.token or "",
                base_url=settings.api_base_url,
                request=HTTPXRequest(connection_pool_size=WORKERS + 2),
            )
            try:
                async with bot:
                    summary = await Broadcaster(
                        bot,
                        subscriptions,
                        DeliveryLog(db),
                        Posts(kb, settings.empty_day),
                        FloodControl.local(settings.send_rate),
                        delivery=settings.delivery,
                    ).run(recipients)
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
        summary.inactive += inactive
        print(f"{day.isoformat()}: {summary}")
        return 1 if summary.retry or summary.stopped_early else 0
    finally:
        db.close()
