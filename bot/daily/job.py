"""The `daily-posts` job of `kzun-bot run`: every minute, deliver the posts that are due.

`kzun-bot run` has one job, every minute, that delivers whatever subscriptions are due
(their local time has come today and the log has nothing settled for them), and a one-off run of
it at start-up. One job instead of a job per subscription because it needs no bookkeeping when
people subscribe, change time or leave; because a missed minute, a late event loop or a restart
are all caught up by the next tick from the log (jobs are not persisted); and because passes
never overlap. A lock on the state folder keeps a second `kzun-bot run` from starting, so jobs
are never doubled; a second lock lets one pass run at a time (the job or `kzun-bot broadcast`).
"""

from __future__ import annotations

import logging
from contextlib import nullcontext

from bot.clock import check_time_zone_data
from bot.daily.anniversaries import Posts
from bot.daily.sender import Broadcaster, Summary
from bot.daily.subscriptions import Due
from bot.services import Services
from bot.storage.lock import pass_lock
from bot.telegram.context import BotApplication, Context, services_of

log = logging.getLogger(__name__)

JOB_NAME = "daily-posts"
CATCH_UP_NAME = "daily-posts-catch-up"
JOB_INTERVAL = 60.0  # seconds between checks for due subscriptions
# A tick delayed by a busy loop or a suspended VM still runs (APScheduler's default drops a run
# more than 1 s late); coalesce folds a backlog of missed ticks into one.
JOB_KWARGS = {"misfire_grace_time": 3600, "coalesce": True, "max_instances": 2}


class DailyPosts:
    """The `daily-posts` job: every minute, deliver the posts that are due."""

    def __init__(self, application: BotApplication, services: Services) -> None:
        self.application = application
        self.services = services
        self._busy = False

    async def tick(self, context: Context) -> None:
        """Deliver what is due now; a tick during a running pass returns at once."""
        if self._busy:
            return
        self._busy = True
        try:
            services = self.services
            posts = Posts(services.knowledge.kb, services.settings.empty_day)  # once per tick
            # A page at a time: memory stays bounded however many subscribers are due.
            async for page in services.subscriptions.due(services.db.clock()):
                summary = await self.deliver(page, posts)
                if summary is None or summary.stopped_early:
                    break
        finally:
            self._busy = False

    async def deliver(self, due: list[Due], posts: Posts | None = None) -> Summary | None:
        """One pass over `due` with `posts` (composed anew if not given); None when
        `kzun-bot broadcast` is running one right now."""
        services = self.services
        coordinator = services.coordinator
        # Replicas each run this job: the claims split the work, the shared budget the rate.
        alone = nullcontext(True) if coordinator else pass_lock(services.settings.data_dir)
        with alone as locked:
            if not locked:
                log.info("a broadcast is running in another process; this tick waits")
                return None
            broadcaster = Broadcaster(
                self.application.bot,
                services.subscriptions,
                services.deliveries,
                posts or Posts(services.knowledge.kb, services.settings.empty_day),
                services.flood,  # the rate limiter's too: the post takes what replies leave
                delivery=services.settings.delivery,
                keep_going=self._serving,
                metrics=services.metrics,
            )
            summary = await broadcaster.run(due)
        # A day without anniversaries settles nobody, so its subscribers stay due and every
        # minute's pass would log the same line until midnight: only work done is worth INFO.
        worked = summary.sent or summary.failed or summary.deactivated or summary.stopped_early
        log.log(logging.INFO if worked else logging.DEBUG, "daily posts: %s", summary)
        return summary

    def _serving(self) -> bool:
        """False once the bot is stopping, so a long pass ends with the posts in flight (the
        rest stay due for the next start); a tick run by hand on a bot never started runs on."""
        queue = self.application.job_queue
        return self.application.running or queue is None or not queue.scheduler.running


async def schedule_daily_posts(application: BotApplication) -> None:
    """Called from post_init: check the zone data, start the jobs (`serve` holds the lock).

    A one-off tick runs as soon as the bot starts, so posts missed while it was down go out at
    once; the repeating tick follows a minute later.
    """
    services = services_of(application)
    check_time_zone_data(services.settings.timezone)
    if application.job_queue is None:
        raise RuntimeError("the job queue is missing: install python-telegram-bot[job-queue]")
    poster = DailyPosts(application, services)
    # A one-off job, not `first=0`: an interval's first run is skipped if the scheduler starts
    # after it was due, while a missed one-off run is still taken within the grace time.
    application.job_queue.run_once(poster.tick, 0, name=CATCH_UP_NAME, job_kwargs=JOB_KWARGS)
    application.job_queue.run_repeating(
        poster.tick,
        interval=JOB_INTERVAL,
        first=JOB_INTERVAL,
        name=JOB_NAME,
        job_kwargs=JOB_KWARGS,
    )
