"""How fast the answer engine is: load time, per-question latency, throughput and memory.

Run: `.venv/bin/python benchmarks/answer_engine.py [QUESTIONS.yaml] [--facts 10000]`.
Every question of the file is matched and rendered as the bot would, on the real knowledge and on
a synthetic one of `--facts` facts built from it: copies of every fact whose distinctive words get
a copy mark ("lebanon" -> "lebanonkb"), while the words most facts share ("kazakhstan", "un")
stay, so common words have long postings as in a large real knowledge. Questions are the file's
plus the same questions marked for random copies. Targets on one core: median <= 0.5 ms and
p99 <= 1 ms at 100 facts, median <= 1 ms at 10,000 facts, load under 0.5 s (timed in this
process and in fresh ones, whose caches are empty as a bot's at start). Times are CPU time
of this process (the machine is shared, so wall time would measure the neighbours too).
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from bot.commands.evaluation import load_items
from bot.config import default_knowledge_dir
from bot.engine.knowledge import Fact, KnowledgeBase, Quote
from bot.engine.loader import load_knowledge
from bot.engine.matcher import Matcher
from bot.engine.normalize import fold
from bot.engine.render import render_match

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5  # every question is asked this many times, so percentiles rest on enough samples
LOADS = 7  # fresh processes whose first load is timed: one load alone varies by a tenth
COMMON_SHARE = 0.2  # a word in more than this share of facts stays unmarked in every copy
_WORD = re.compile(r"\w{4,}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "questions", nargs="?", type=Path, default=ROOT / "tests/data/questions.yaml"
    )
    parser.add_argument("--facts", type=int, default=10_000, help="size of the synthetic set")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core, as the target says
    questions = [item.question for item in load_items(args.questions)]

    started = time.process_time()
    kb = load_knowledge(default_knowledge_dir())
    loaded = time.process_time()
    matcher = Matcher(kb)
    indexed = time.process_time()
    print(f"knowledge: {len(kb.facts)} facts; questions: {len(questions)} x {ROUNDS} rounds")
    print(
        f"load: {loaded - started:.3f} s YAML + {indexed - loaded:.3f} s index = "
        f"{indexed - started:.3f} s"
    )
    loads = _cold_loads(LOADS)
    print(
        f"load in {LOADS} fresh processes: median {statistics.median(loads):.3f} s, "
        f"min {loads[0]:.3f} s, max {loads[-1]:.3f} s"
    )
    small = _index_bytes(kb)
    print(
        f"index memory: {small / 2**20:.1f} MB traced, {small / len(kb.facts) / 1024:.1f} KB/fact"
    )
    _measure(matcher, kb, questions)

    copies = max(1, args.facts // len(kb.facts))
    mark = _marker(kb)
    big = _scaled(kb, copies, mark)
    began = time.process_time()
    big_matcher = Matcher(big)
    built = time.process_time() - began
    rng = random.Random(7)
    marked = [mark(q, rng.randrange(copies)) for q in questions]
    print(f"\nsynthetic knowledge: {len(big.facts)} facts, indexed in {built:.2f} s")
    # Traced at a tenth of the size: tracing every allocation of the large build takes minutes.
    medium = _scaled(kb, max(2, copies // 10), mark)
    traced = _index_bytes(medium)
    per_fact = (traced - small) / (len(medium.facts) - len(kb.facts))
    print(
        f"index memory: {traced / 2**20:.1f} MB traced at {len(medium.facts)} facts, "
        f"{per_fact / 1024:.1f} KB per added fact"
    )
    _measure(big_matcher, big, questions + marked)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    print(f"\nprocess max RSS {rss_mb:.1f} MB")
    return 0


_COLD_LOAD = """
import time
from bot.config import default_knowledge_dir
from bot.engine.loader import load_knowledge
from bot.engine.matcher import Matcher
begin = time.process_time()
Matcher(load_knowledge(default_knowledge_dir()))
print(time.process_time() - begin)
"""


def _cold_loads(count: int) -> list[float]:
    """CPU time of reading the YAML and building the index (not of imports, nor of the
    validation and compiled cache a start also goes through) in `count` new interpreters,
    sorted: each starts with the caches of stems and folded texts empty, as a new process does,
    on the core this process was given. A child that fails ends the run with its last line."""
    times = []
    for _ in range(count):
        child = subprocess.run(
            [sys.executable, "-c", _COLD_LOAD], capture_output=True, text=True, cwd=ROOT
        )
        if child.returncode != 0:
            last = (child.stderr.strip().splitlines() or ["no output"])[-1]
            sys.exit(f"timing a load in a new process failed: {last}")
        times.append(float(child.stdout.strip().splitlines()[-1]))
    return sorted(times)


def _measure(matcher: Matcher, kb: KnowledgeBase, questions: Sequence[str]) -> None:
    """Latency percentiles and throughput over warm caches, as a running bot would have them."""
    for question in questions:
        render_match(matcher.match(question), kb, "html")
    gc.collect()
    latencies = []
    for _ in range(ROUNDS):
        for question in questions:
            begin = time.process_time()
            render_match(matcher.match(question), kb, "html")
            latencies.append(time.process_time() - begin)
    latencies.sort()
    print(
        f"latency: median {statistics.median(latencies) * 1000:.3f} ms, "
        f"p99 {latencies[int(len(latencies) * 0.99)] * 1000:.3f} ms, "
        f"max {latencies[-1] * 1000:.3f} ms; "
        f"{len(latencies) / sum(latencies):.0f} questions/s on one core"
    )


def _index_bytes(kb: KnowledgeBase) -> int:
    """Memory the matcher's index holds for `kb` (traced allocations still alive after build)."""
    gc.collect()
    tracemalloc.start()
    matcher = Matcher(kb)
    size, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del matcher
    return size


def _marker(kb: KnowledgeBase) -> Callable[[str, int], str]:
    """A function marking the distinctive words of a text for copy k (copy 0 is the original)."""
    counts: Counter[str] = Counter()
    for fact in kb.facts:
        counts.update({w for text in _texts(fact) for w in fold(text).split()})
    common = {w for w, n in counts.items() if n > COMMON_SHARE * len(kb.facts)}

    def mark(text: str, copy: int) -> str:
        if copy == 0:
            return text
        return _WORD.sub(
            lambda m: m.group(0) if fold(m.group(0)) in common else m.group(0) + _code(copy, m),
            text,
        )

    return mark


def _code(copy: int, word: re.Match[str]) -> str:
    """`copy` written in letters of the word's script, so the marked word stays one word."""
    letters = (
        "abcdefghijklmnopqrstuvwxyz" if word.group(0).isascii() else "абвгдежзиклмнопрстуфхцчшэюя"
    )
    code = ""
    while True:
        copy, digit = divmod(copy, len(letters))
        code += letters[digit]
        if not copy:
            return code


def _texts(fact: Fact) -> list[str]:
    return [*fact.answer.values(), *(q for qs in fact.questions.values() for q in qs)]


def _scaled(kb: KnowledgeBase, copies: int, mark: Callable[[str, int], str]) -> KnowledgeBase:
    """`copies` copies of every fact, each with its distinctive words marked as that copy's."""
    facts = []
    for copy in range(copies):
        for fact in kb.facts:
            facts.append(
                replace(
                    fact,
                    id=f"{fact.id}-{copy}",
                    answer={lang: mark(text, copy) for lang, text in fact.answer.items()},
                    questions={
                        lang: tuple(mark(q, copy) for q in qs)
                        for lang, qs in fact.questions.items()
                    },
                    keywords=tuple(mark(k, copy) for k in fact.keywords),
                    quotes=tuple(Quote(q.source, mark(q.text, copy), q.line) for q in fact.quotes),
                )
            )
    return replace(kb, facts=tuple(facts))


if __name__ == "__main__":
    sys.exit(main())
