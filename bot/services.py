"""The services a running bot shares between handlers and jobs, built once and kept in bot_data."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bot.config import Settings
from bot.deliveries import DeliveryLog
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.metrics import Metrics
from bot.storage import ChatRegistry, Database, PreferenceStore, QuestionLog
from bot.subscriptions import SubscriptionStore
from bot.validation import Coverage


@dataclass(frozen=True)
class Knowledge:
    """One loaded and validated generation of the knowledge, swapped whole on reload."""

    kb: KnowledgeBase
    matcher: Matcher
    coverage: Coverage


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
    # --- operations: counters for /metrics; one reload at a time (a slower, older load must not
    # overwrite a newer one)
    metrics: Metrics = field(default_factory=Metrics)
    reload_lock: asyncio.Lock = field(default_factory=asyncio.Lock, repr=False)
