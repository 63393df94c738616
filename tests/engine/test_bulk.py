"""The knowledge is built with the cyclic collector paused, and it is resumed as it was."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.engine.bulk import collector_paused


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
