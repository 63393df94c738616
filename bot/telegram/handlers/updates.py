"""Each update handled once across replicas: the first handler every update meets.

Telegram re-sends an update whose webhook request timed out, a balancer may retry a request on
another replica, and a new polling leader is given again what the old one fetched but never
confirmed. With several replicas the database decides which one handles it
(`Coordinator.first_sight`); every other copy stops here, before it is counted or answered.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.telegram.context import Context


async def drop_repeated_update(update: Update, context: Context) -> None:
    """Stop a copy of an update that another replica (or an earlier copy) already took."""
    services = context.services
    if services.coordinator is None:  # one process: the webhook server drops repeats itself
        return
    if not await services.coordinator.first_sight(update.update_id):
        services.metrics.observe_repeated_update()
        raise ApplicationHandlerStop
