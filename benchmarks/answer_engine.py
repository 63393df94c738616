"""How fast the answer engine is: load time, per-question latency, throughput and memory.

Run: `.venv/bin/python benchmarks/answer_engine.py [QUESTIONS.yaml]` (default: the evaluation set).
Every question of the file is matched and rendered as the bot would; targets on the 2-core
machine are p99 under 2 ms, load under 0.5 s and the whole process under 100 MB.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

from bot.commands.evaluation import load_items
from bot.config import default_knowledge_dir
from bot.engine.loader import load_knowledge
from bot.engine.matcher import Matcher
from bot.engine.render import render_match

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5  # every question is asked this many times, so percentiles rest on enough samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "questions", nargs="?", type=Path, default=ROOT / "tests/data/questions.yaml"
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    questions = [item.question for item in load_items(args.questions)]

    started = time.perf_counter()
    kb = load_knowledge(default_knowledge_dir())
    loaded = time.perf_counter()
    matcher = Matcher(kb)
    indexed = time.perf_counter()
    tracemalloc.start()  # a second load, traced: tracing slows allocation, so it is not timed
    Matcher(load_knowledge(default_knowledge_dir()))
    _, load_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    for question in questions:  # warm caches (stemmer memo), as a running bot would have them
        render_match(matcher.match(question), kb, "html")
    gc.collect()
    latencies = []
    for _ in range(ROUNDS):
        for question in questions:
            begin = time.perf_counter()
            render_match(matcher.match(question), kb, "html")
            latencies.append(time.perf_counter() - begin)
    latencies.sort()

    tracemalloc.start()
    for question in questions:
        render_match(matcher.match(question), kb, "html")
    _, match_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB

    print(f"knowledge: {len(kb.facts)} facts; questions: {len(questions)} x {ROUNDS} rounds")
    print(
        f"load: {loaded - started:.3f} s YAML + {indexed - loaded:.3f} s index = "
        f"{indexed - started:.3f} s"
    )
    print(
        f"latency: median {statistics.median(latencies) * 1000:.3f} ms, "
        f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.3f} ms, "
        f"max {latencies[-1] * 1000:.3f} ms"
    )
    print(f"throughput: {len(latencies) / sum(latencies):.0f} questions/s on one core")
    print(
        f"memory: peak traced {load_peak / 2**20:.1f} MB while loading, "
        f"{match_peak / 2**20:.2f} MB while matching; process max RSS {rss_mb:.1f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
