"""The services a running bot shares between handlers and jobs, built once and kept in bot_data."""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from bot.knowledge import KnowledgeBase
from bot.matcher import Matcher
from bot.storage import ChatRegistry, Database, PreferenceStore, QuestionLog
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
