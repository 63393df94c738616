"""The knowledge is built with the cyclic collector paused, and it is resumed as it was."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator

import pytest

from bot.engine.bulk import collector_paused
from bot.engine.generation import Knowledge
from bot.engine.loader import load_knowledge
from bot.engine.matcher import Matcher


@pytest.fixture
def collecting() -> Iterator[None]:
    """Leave the collector as the test found it."""
    running = gc.isenabled()
    yield
    if running:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("collecting")
def test_the_collector_is_paused_inside_and_resumed_after_an_error() -> None:
    gc.enable()
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        raise ValueError("a broken knowledge file")
    assert gc.isenabled()


@pytest.mark.usefixtures("collecting")
def test_a_paused_collector_stays_paused() -> None:
    gc.disable()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def collections_during(build: Callable[[], object]) -> int:
    """How many collections the cyclic collector starts while `build` runs."""
    runs: list[str] = []

    def count(phase: str, info: dict[str, int]) -> None:
        runs.append(phase)

    gc.enable()
    gc.collect()
    gc.callbacks.append(count)
    try:
        build()
    finally:
        gc.callbacks.remove(count)
    return runs.count("start")


@pytest.mark.usefixtures("collecting")
def test_reading_and_indexing_the_knowledge_run_almost_no_collection(
    knowledge: Knowledge,
) -> None:
    """The same build, run without the pause (the undecorated functions), sets off dozens;
    paused, only the one each block deferred may run once it ends."""
    root = knowledge.kb.root
    paused = collections_during(lambda: Matcher(load_knowledge(root)))
    unpaused = collections_during(
        lambda: Matcher.__init__.__wrapped__(  # type: ignore[attr-defined]
            object.__new__(Matcher),
            load_knowledge.__wrapped__(root),  # type: ignore[attr-defined]
        )
    )
    assert paused <= 2 < 10 < unpaused
