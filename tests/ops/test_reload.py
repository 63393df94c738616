"""Hot reload of the knowledge: validated like `kzun-bot check`, swapped whole, refused if bad."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import pytest

from bot.config import Settings
from bot.ops.reload import (
    KnowledgeWatcher,
    ReloadRequests,
    install_sighup,
    reload_knowledge,
)
from bot.services import Services
from tests.conftest import CACHE_DIR, EditFact

FACT = "un-membership"
QUESTION = "when did kazakhstan join the un"
NEW_RU = "Проверка перезагрузки: этот ответ 1992 года изменён в копии базы знаний."

# The reload machinery, not the facts, is under test: the one-article knowledge will do.
pytestmark = pytest.mark.one_seed


@pytest.fixture
def settings(tmp_path: Path, knowledge_copy: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", knowledge_dir=knowledge_copy, cache_dir=CACHE_DIR)


def new_ru_answer(fact: dict[str, Any]) -> None:
    fact["answer"]["ru"] = NEW_RU


def unquoted_figure(fact: dict[str, Any]) -> None:
    fact["answer"]["en"] += " It had 1234567 delegates."  # a figure no seed sentence gives


def answers(services: Services, question: str = QUESTION) -> str | None:
    match = services.knowledge.matcher.match(question, "en")
    return match.fact.id if match.status == "answer" and match.fact else None


async def test_reload_swaps_in_the_edited_knowledge(
    services: Services, edit_fact: EditFact
) -> None:
    old = services.knowledge
    edit_fact(FACT, new_ru_answer)
    result = await reload_knowledge(services, "test")
    assert result.ok and result.problems == ()
    assert services.knowledge is result.knowledge is not old
    fact = services.knowledge.kb.fact(FACT)
    assert fact is not None and fact.answer["ru"] == NEW_RU
    assert answers(services) == FACT
    old_fact = old.kb.fact(FACT)  # a reply already working with the old generation is unaffected
    assert old_fact is not None and old_fact.answer["ru"] != NEW_RU


async def test_reload_refuses_knowledge_that_fails_the_check(
    services: Services, edit_fact: EditFact
) -> None:
    old = services.knowledge
    path = edit_fact(FACT, unquoted_figure)
    result = await reload_knowledge(services, "test")
    assert not result.ok
    assert any(
        p.path.name == path.name and "figure 1234567 of answer.en is in no quote" in p.message
        for p in result.problems
    )
    assert services.knowledge is old is result.knowledge
    assert answers(services) == FACT


async def test_reload_refuses_a_yaml_syntax_error(
    services: Services, knowledge_copy: Path
) -> None:
    old = services.knowledge
    (knowledge_copy / "zz-broken.yaml").write_text("facts: [\n  - id: x\n", encoding="utf-8")
    result = await reload_knowledge(services, "test")
    assert [p.path.name for p in result.problems] == ["zz-broken.yaml"]
    assert services.knowledge is old
    assert answers(services) == FACT


async def test_reload_refuses_a_missing_folder(services: Services, knowledge_copy: Path) -> None:
    old = services.knowledge
    knowledge_copy.rename(knowledge_copy.with_name("moved"))
    result = await reload_knowledge(services, "test")
    assert result.problems and services.knowledge is old


async def test_reload_counts_successes_and_failures(
    services: Services, edit_fact: EditFact
) -> None:
    await reload_knowledge(services, "test")
    edit_fact(FACT, unquoted_figure)
    await reload_knowledge(services, "test")
    text = services.metrics.render().decode()
    assert 'kzun_knowledge_reloads_total{result="ok"} 1.0' in text
    assert 'kzun_knowledge_reloads_total{result="failed"} 1.0' in text


async def test_reload_concurrent_requests_run_one_at_a_time_and_end_on_the_files(
    services: Services, edit_fact: EditFact
) -> None:
    edit_fact(FACT, new_ru_answer)
    results = await asyncio.gather(*(reload_knowledge(services, "test") for _ in range(3)))
    assert all(result.ok for result in results)
    assert services.knowledge is results[-1].knowledge
    fact = services.knowledge.kb.fact(FACT)
    assert fact is not None and fact.answer["ru"] == NEW_RU


def touch(path: Path, seconds_later: int) -> None:
    """Move a file's modification time forward, as an edit does, without waiting for a clock."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + seconds_later * 1_000_000_000))


async def test_watcher_reloads_once_the_files_have_settled(
    services: Services, edit_fact: EditFact
) -> None:
    watcher = KnowledgeWatcher(services)
    assert await watcher.poll() is None  # nothing changed
    path = edit_fact(FACT, new_ru_answer)
    touch(path, 1)
    assert await watcher.poll() is None  # changed since the last poll: maybe still being written
    result = await watcher.poll()  # unchanged for one interval: reload
    assert result is not None and result.ok
    fact = services.knowledge.kb.fact(FACT)
    assert fact is not None and fact.answer["ru"] == NEW_RU
    assert await watcher.poll() is None  # loaded: nothing more to do


async def test_watcher_notices_added_files_and_keeps_the_old_knowledge_if_broken(
    services: Services, knowledge_copy: Path
) -> None:
    old = services.knowledge
    watcher = KnowledgeWatcher(services)
    (knowledge_copy / "zz-broken.yaml").write_text("facts: 42\n", encoding="utf-8")
    assert await watcher.poll() is None
    result = await watcher.poll()
    assert result is not None and not result.ok
    assert services.knowledge is old
    assert await watcher.poll() is None  # the broken state is not retried until it changes


async def test_sighup_reloads_the_knowledge(services: Services, edit_fact: EditFact) -> None:
    edit_fact(FACT, new_ru_answer)
    loop = asyncio.get_running_loop()
    spawned: asyncio.Future[asyncio.Task[None]] = loop.create_future()

    def spawn(coroutine: Coroutine[Any, Any, None]) -> None:
        spawned.set_result(loop.create_task(coroutine))

    requests = ReloadRequests(services)
    requests.start(spawn)
    install_sighup(requests)
    try:
        os.kill(os.getpid(), signal.SIGHUP)
        await (await asyncio.wait_for(spawned, timeout=5))
    finally:
        loop.remove_signal_handler(signal.SIGHUP)
    fact = services.knowledge.kb.fact(FACT)
    assert fact is not None and fact.answer["ru"] == NEW_RU


def reloads_done(services: Services) -> float:
    return sum(
        sample.value
        for metric in services.metrics.reloads.collect()
        for sample in metric.samples
        if sample.name.endswith("_total")
    )


def started(requests: ReloadRequests) -> list[asyncio.Task[None]]:
    """Start `requests`; the list fills with the tasks they spawn."""
    loop = asyncio.get_running_loop()
    tasks: list[asyncio.Task[None]] = []
    requests.start(lambda coroutine: tasks.append(loop.create_task(coroutine)))
    return tasks


async def test_sighup_storm_coalesces_into_at_most_two_reloads(
    services: Services, edit_fact: EditFact
) -> None:
    edit_fact(FACT, new_ru_answer)
    loop = asyncio.get_running_loop()
    requests = ReloadRequests(services)
    tasks = started(requests)
    install_sighup(requests)
    try:
        for _ in range(50):
            os.kill(os.getpid(), signal.SIGHUP)
            await asyncio.sleep(0)  # the loop sees each signal on its own
        while tasks and not tasks[-1].done():
            await tasks[-1]
    finally:
        loop.remove_signal_handler(signal.SIGHUP)
    assert len(tasks) == 1  # one task, reloading while requests keep coming
    assert 1 <= reloads_done(services) <= 2
    fact = services.knowledge.kb.fact(FACT)
    assert fact is not None and fact.answer["ru"] == NEW_RU


async def test_reload_requested_before_start_runs_once_when_started(
    services: Services, edit_fact: EditFact
) -> None:
    edit_fact(FACT, new_ru_answer)
    requests = ReloadRequests(services)
    for _ in range(3):
        requests.request("SIGHUP")  # the bot is still connecting
    assert reloads_done(services) == 0
    tasks = started(requests)
    await asyncio.gather(*tasks)
    assert len(tasks) == 1 and reloads_done(services) == 1
    fact = services.knowledge.kb.fact(FACT)
    assert fact is not None and fact.answer["ru"] == NEW_RU
