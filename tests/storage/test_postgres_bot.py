"""The whole bot on PostgreSQL: the real PTB stack against the stand-in, the state in a real
server (the session's throwaway cluster)."""

from __future__ import annotations

import pytest

from bot.config import Settings
from bot.services import Services
from bot.storage.postgres import PostgresDatabase
from bot.texts import text
from tests.fakes.botapi import BotAPI
from tests.fakes.chat import Conversation


@pytest.fixture
def settings(botapi: BotAPI, pg_url: str) -> Settings:
    return Settings(token=botapi.token, api_base_url=botapi.base_url, database_url=pg_url)


async def test_postgres_bot_keeps_choices_subscriptions_and_the_question_log(
    tg: Conversation, services: Services
) -> None:
    assert isinstance(services.db, PostgresDatabase)
    [confirmed] = await tg.send("/lang ru")
    assert confirmed.text == text("lang_set", "ru")
    [topics] = await tg.send("/topics")
    assert topics.text == text("topics", "ru")  # the /lang choice was read back
    [answer] = await tg.send("When did Kazakhstan join the UN?")
    assert "1992" in answer.text
    await tg.send("how do I bake a chocolate cake")
    [subscribed] = await tg.send("/subscribe 07:30")
    assert "07:30" in subscribed.text
    await services.bookkeeper.drain()
    [sub] = await services.subscriptions.all()
    assert (sub.chat_id, sub.lang, sub.time_of_day.hour) == (tg.chat["id"], "ru", 7)
    outcomes = await services.questions.outcomes_since(services.db.clock())
    assert outcomes == {"answer": 1, "decline": 1}
    assert await services.chats.counts_by_type() == {"private": 1}
