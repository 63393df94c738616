"""Operations in Telegram: /stats and /reload for the admins, update counting, reload triggers.

Admins are the user ids in KZUN_ADMIN_IDS. Their commands work only in a private chat, so the
numbers never land in a group; anyone else gets no reply, so the commands stay invisible.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
from collections.abc import Callable, Coroutine
from typing import Any, cast

from telegram import Update

from bot import __version__
from bot.clock import local_today, zone
from bot.lang import Lang
from bot.ops.metrics import OUTCOMES
from bot.ops.reload import KnowledgeWatcher, ReloadResult, reload_knowledge
from bot.services import Services
from bot.telegram.context import BotApplication, Context, services_of
from bot.telegram.handlers import person_id, reply_language
from bot.telegram.handlers.replies import send_html
from bot.texts import text

log = logging.getLogger(__name__)

WATCH_INTERVAL = 2.0  # seconds between looks at the knowledge files' modification times
_PROBLEMS_SHOWN = 10  # enough to act on; `kzun-bot check` lists them all
_PROBLEM_CHARS = 300

Callback = Callable[[Update, Context], Coroutine[Any, Any, None]]


def admin_only(callback: Callback) -> Callback:
    """Run `callback` only for a listed admin; ignore everyone else without a word."""

    async def guarded(update: Update, context: Context) -> None:
        user_id = person_id(update)
        if user_id is None or user_id not in context.services.settings.admin_ids:
            log.info("ignored an admin command from a user who is not an admin")
            return
        await callback(update, context)

    return guarded


async def show_stats(update: Update, context: Context) -> None:
    """/stats: users, chats, subscriptions, and how today's questions went."""
    message = update.effective_message
    if message is not None:
        await send_html(
            message, await stats_text(context.services, reply_language(update, context))
        )


async def reload_command(update: Update, context: Context) -> None:
    """/reload: load the knowledge again; reply with the new counts or with what is wrong."""
    message = update.effective_message
    if message is not None:
        result = await reload_knowledge(context.services, "/reload")
        if result.ok and context.services.coordinator is not None:
            await context.services.coordinator.announce_reload()  # every replica reloads
        await send_html(message, reload_text(result, reply_language(update, context)))


async def count_update(update: Update, context: Context) -> None:
    """Count every incoming update by its type, before any handler decides what to do with it."""
    kind = next((str(t) for t in Update.ALL_TYPES if getattr(update, t, None)), "other")
    context.services.metrics.observe_update(kind)


async def watch_knowledge(context: Context) -> None:
    """Job: reload when the knowledge files changed (`--watch`)."""
    job = context.job
    if job is not None:
        await cast(KnowledgeWatcher, job.data).poll()


async def stats_text(svc: Services, lang: Lang) -> str:
    """The /stats reply; "today" is the calendar day where the bot's daily posts are timed."""
    today = local_today(svc.settings.timezone, svc.db.clock())
    midnight = dt.datetime.combine(today, dt.time(), tzinfo=zone(svc.settings.timezone))
    outcomes = await svc.questions.outcomes_since(midnight)
    asked = sum(outcomes.values())
    chats = await svc.chats.counts_by_type()
    return text(
        "admin_stats",
        lang,
        version=__version__,
        users=chats.get("private", 0),
        groups=chats.get("group", 0) + chats.get("supergroup", 0),
        channels=chats.get("channel", 0),
        subscriptions=(await svc.subscriptions.counts())["active"],
        questions=asked,
        facts=len(svc.knowledge.kb.facts),
        **{o: f"{100 * outcomes.get(o, 0) / asked:.0f}%" if asked else "—" for o in OUTCOMES},
    )


def reload_text(result: ReloadResult, lang: Lang) -> str:
    """The /reload reply: new counts, or the problems (HTML-escaped: they quote file content)."""
    facts = len(result.knowledge.kb.facts)
    if result.ok:
        return text(
            "admin_reload_ok",
            lang,
            seconds=f"{result.seconds:.1f}",
            facts=facts,
            questions=sum(result.knowledge.coverage.questions.values()),
        )
    lines = [text("admin_reload_failed", lang, count=len(result.problems), facts=facts)]
    lines += [html.escape(str(p)[:_PROBLEM_CHARS]) for p in result.problems[:_PROBLEMS_SHOWN]]
    if len(result.problems) > _PROBLEMS_SHOWN:
        lines.append(text("admin_reload_more", lang, count=len(result.problems) - _PROBLEMS_SHOWN))
    return "\n".join(lines)


def start_reload_triggers(application: BotApplication) -> None:
    """The file watcher when `--watch` is on; call from post_init. (SIGHUP is the runner's: it
    must be caught from the first moment of start-up.)"""
    svc = services_of(application)
    if svc.settings.watch and application.job_queue is not None:
        application.job_queue.run_repeating(
            watch_knowledge,
            interval=WATCH_INTERVAL,
            first=WATCH_INTERVAL,
            name="knowledge-watch",
            data=KnowledgeWatcher(svc),
        )
