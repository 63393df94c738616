"""Building the knowledge without the cyclic garbage collector's passes.

Loading and indexing the knowledge creates a few hundred thousand small objects (tokens,
tuples, sets) that all stay alive, and none of them forms a cycle worth collecting. The
collector would still walk them again and again as they pile up: about a tenth of the load
time (measured in `benchmarks/answer_engine.py`). It is paused while they are built and
resumed as it was, whatever happens.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, if it is running."""
    running = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if running:
            gc.enable()
