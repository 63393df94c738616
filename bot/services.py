"""The services a running bot shares between handlers and jobs, built once at start.

This is the composition root outside Telegram: settings in, knowledge and stores out. The Telegram
layer reaches them through its typed context (`bot.telegram.context`).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bot.clock import Clock, utc_now
from bot.config import Settings
from bot.daily.deliveries import DeliveryLog
from bot.daily.pacing import FloodControl
from bot.daily.subscriptions import SubscriptionStore
from bot.engine.conversation import Conversations
from bot.engine.generation import Knowledge, build_knowledge
from bot.ops.metrics import Metrics
from bot.replicas.coordinator import Coordinator
from bot.storage.bookkeeping import Bookkeeper
from bot.storage.database import Database, open_database
from bot.storage.stores import ChatRegistry, PreferenceStore, QuestionLog


@dataclass
class Services:
    """Everything handlers need; `knowledge` is replaced as one object, so no reader sees a mix."""

    settings: Settings
    knowledge: Knowledge
    db: Database
    preferences: PreferenceStore
    chats: ChatRegistry
    questions: QuestionLog
    # --- daily posts: who is subscribed, and what each chat got on each day
    subscriptions: SubscriptionStore
    deliveries: DeliveryLog
    # --- Telegram's send budget, one per process: replies (the rate limiter) and daily posts
    # (the broadcaster) draw from it, replies first
    flood: FloodControl
    # --- operations: counters for /metrics; writes that must never cost an answer
    metrics: Metrics
    bookkeeper: Bookkeeper
    # --- conversation context: each chat's (group user's, bot message's) last answer, for
    # follow-ups; in memory only, bounded, forgotten after ten minutes
    conversations: Conversations = field(default_factory=Conversations)
    # one reload at a time (a slower, older load must not overwrite a newer one)
    reload_lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)
    # --- several replicas: what they share through PostgreSQL (None for one process on SQLite)
    coordinator: Coordinator | None = None


def load_knowledge_for(settings: Settings) -> Knowledge:
    """The validated knowledge with the answer thresholds the settings ask for."""
    return build_knowledge(
        settings.knowledge_dir,
        settings.answer_threshold,
        settings.clarify_threshold,
        settings.cache_dir,
    )


def build_services(
    settings: Settings, knowledge: Knowledge | None = None, clock: Clock = utc_now
) -> Services:
    """The knowledge (loaded and validated unless given) and the state under the data folder."""
    db = open_database(settings.database_url, settings.database_path, clock)
    metrics = Metrics()
    metrics.track_storage(lambda: db.health.trouble() is not None)
    return Services(
        settings=settings,
        knowledge=knowledge or load_knowledge_for(settings),
        db=db,
        preferences=PreferenceStore(db),
        chats=ChatRegistry(db),
        questions=QuestionLog(db, settings.timezone),
        subscriptions=SubscriptionStore(db, settings.post_time, settings.timezone),
        deliveries=DeliveryLog(db),
        flood=FloodControl.local(settings.send_rate),
        metrics=metrics,
        bookkeeper=Bookkeeper(metrics.observe_storage_error),
    )
