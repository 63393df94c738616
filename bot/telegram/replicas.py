"""One replica among several: the parts of `kzun-bot run` that differ when replicas share a
PostgreSQL database (see `bot.replicas` for the mechanisms).

- Long polling runs active/passive: only the holder of the `polling` lease calls getUpdates
  (two pollers on one token get 409 Conflict); a standby takes over about a second after the
  holder's database session ends, which its death ends at once.
- Webhook mode: every replica serves the webhook behind the balancer; only the first to start
  with a new URL or secret calls setWebhook.
- A reload announced by any replica (`/reload`) is followed by all of them.
- Update ids seen are purged once Telegram can no longer send them again.
"""

from __future__ import annotations

import asyncio
import logging

from bot.ops.reload import ReloadRequests
from bot.replicas.coordinator import Coordinator
from bot.replicas.lease import Lease
from bot.replicas.session import CONNECTION_ERRORS
from bot.telegram.context import BotApplication, Context, services_of
from bot.telegram.polling import PollingShift

log = logging.getLogger(__name__)

POLLING_LEASE = "polling"
PURGE_NAME = "seen-updates-purge"
PURGE_INTERVAL = 600.0  # seconds


def follow_the_replicas(
    application: BotApplication,
    coordinator: Coordinator,
    stop: asyncio.Event,
    reloads: ReloadRequests,
    polling: PollingShift | None,
) -> list[asyncio.Task[None]]:
    """Start what this replica does for the group; the tasks end once `stop` is set."""

    async def reload(why: str) -> None:  # coalesced with SIGHUPs, built in a process
        reloads.request(why)

    tasks = [asyncio.create_task(coordinator.follow_reloads(stop, reload))]
    if polling is not None:
        lease = _polling_lease(application, coordinator, polling)
        tasks.append(asyncio.create_task(lease.run(stop)))
    if application.job_queue is not None:
        application.job_queue.run_repeating(
            _purge_seen_updates, interval=PURGE_INTERVAL, first=PURGE_INTERVAL, name=PURGE_NAME
        )
    return tasks


def _polling_lease(
    application: BotApplication, coordinator: Coordinator, polling: PollingShift
) -> Lease:
    metrics = services_of(application).metrics
    metrics.observe_lease(POLLING_LEASE, False)

    async def gain() -> None:
        await polling.start()
        metrics.observe_lease(POLLING_LEASE, True)

    async def lose() -> None:
        metrics.observe_lease(POLLING_LEASE, False)
        await polling.end()  # confirms what it handled; the next leader gets the rest

    return Lease(coordinator.url, POLLING_LEASE, gain, lose)


async def _purge_seen_updates(context: Context) -> None:
    coordinator = context.services.coordinator
    if coordinator is not None:
        try:
            await coordinator.forget_old_updates()
        except CONNECTION_ERRORS as error:  # the database is away: the next run purges
            log.warning("seen updates not purged: %s", error)
