"""The compiled-knowledge cache: faster starts, and never a stale or foreign answer."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any, NoReturn

import pytest

from bot.engine.cache import KEEP, KnowledgeCache, cache_key, cached
from bot.engine.generation import Knowledge, build_knowledge
from bot.engine.knowledge import KnowledgeError
from tests.conftest import EditFact

QUESTION = "When did Kazakhstan join the UN?"
SEED = "seeds/000_2600fc2600134e23.txt"
QUOTED = "29 years ago Kazakhstan became the 168th member state of the United Nations."

# What these tests check does not depend on the size of the knowledge.
pytestmark = pytest.mark.one_seed


def no_build() -> NoReturn:
    raise AssertionError("built, though the compiled copy was current")


def answer_to(knowledge: Knowledge, question: str = QUESTION) -> str:
    match = knowledge.matcher.match(question)
    assert match.fact is not None, match
    return match.fact.answer["en"]


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


def test_an_unchanged_folder_is_read_from_the_compiled_copy(
    knowledge_copy: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "cache"
    built = build_knowledge(knowledge_copy, cache=folder)
    [entry] = entries(folder)
    assert entry.stat().st_mode & 0o777 == 0o600 and folder.stat().st_mode & 0o777 == 0o700
    read = cached(folder, knowledge_copy, (None, None), no_build)
    assert answer_to(read) == answer_to(built)
    assert read.matcher.thresholds == built.matcher.thresholds
    # Other thresholds are another entry: the copy holds the matcher built with them.
    assert build_knowledge(knowledge_copy, 0.9, 0.5, cache=folder).matcher.thresholds.answer == 0.9
    assert len(entries(folder)) == 2


def test_an_edited_fact_is_built_again(
    knowledge_copy: Path, tmp_path: Path, edit_fact: EditFact
) -> None:
    folder = tmp_path / "cache"
    build_knowledge(knowledge_copy, cache=folder)

    def reword(fact: dict[str, Any]) -> None:
        fact["answer"]["en"] = fact["answer"]["en"].replace("on 2 March", "on the 2nd of March")

    edit_fact("un-membership", reword)
    assert "on the 2nd of March 1992" in answer_to(build_knowledge(knowledge_copy, cache=folder))


def test_an_edited_seed_is_validated_again(knowledge_copy: Path, tmp_path: Path) -> None:
    """The seeds live outside the knowledge folder: the entry compares their digests."""
    folder = tmp_path / "cache"
    build_knowledge(knowledge_copy, cache=folder)
    seed = knowledge_copy.parent / SEED
    seed.write_text(seed.read_text(encoding="utf-8").replace(QUOTED, ""), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="quote"):
        build_knowledge(knowledge_copy, cache=folder)


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda entry: entry.write_bytes(b"not a pickle"), id="corrupt"),
        pytest.param(lambda entry: entry.write_bytes(entry.read_bytes()[:1000]), id="cut short"),
        pytest.param(lambda entry: entry.chmod(0o666), id="writable by anyone"),
    ],
)
def test_a_spoilt_entry_is_built_again_and_replaced(
    knowledge_copy: Path, tmp_path: Path, spoil: Any
) -> None:
    folder = tmp_path / "cache"
    expected = answer_to(build_knowledge(knowledge_copy, cache=folder))
    [entry] = entries(folder)
    spoil(entry)
    with pytest.raises(AssertionError, match="built, though"):
        cached(folder, knowledge_copy, (None, None), no_build)
    assert answer_to(build_knowledge(knowledge_copy, cache=folder)) == expected
    assert answer_to(cached(folder, knowledge_copy, (None, None), no_build)) == expected


def test_a_cache_that_cannot_be_written_costs_only_the_build(
    knowledge_copy: Path, tmp_path: Path, small_disk: Path
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    assert answer_to(build_knowledge(knowledge_copy, cache=blocked / "cache"))
    # A full disk: the entry does not fit in the 64 KB left, and leaves nothing behind.
    (small_disk / "filler").write_bytes(b"\0" * (2 * 1024 * 1024 - 64 * 1024))
    assert answer_to(build_knowledge(knowledge_copy, cache=small_disk / "cache"))
    assert os.listdir(small_disk / "cache") == []


def test_the_cache_keeps_the_most_recently_used_entries(
    knowledge: Knowledge, tmp_path: Path
) -> None:
    store = KnowledgeCache(tmp_path / "cache")
    keys = [f"{n:032x}" for n in range(KEEP + 3)]
    for key in keys:
        store.put(key, knowledge, seeds=())
        os.utime(store.folder / f"{key}.pickle", (0, int(key, 16)))  # put one second apart
    assert store.get(keys[0]) is None  # the oldest went
    kept = {path.stem for path in entries(store.folder)}
    assert kept == set(keys[-KEEP:])
    assert store.get(keys[-KEEP]) is not None  # reading it makes it the newest
    store.put("f" * 32, knowledge, seeds=())
    assert keys[-KEEP] in {path.stem for path in entries(store.folder)}
    assert keys[-KEEP + 1] not in {path.stem for path in entries(store.folder)}


def test_the_key_covers_the_folder_its_files_and_the_thresholds(
    knowledge_copy: Path, tmp_path: Path
) -> None:
    key = cache_key(knowledge_copy, None, None)
    assert cache_key(knowledge_copy, None, None) == key
    assert cache_key(knowledge_copy, 0.8, None) != key
    # The same files elsewhere are another entry: a generation names its files' paths.
    elsewhere = shutil.copytree(knowledge_copy, tmp_path / "elsewhere")
    assert cache_key(elsewhere, None, None) != key
    (knowledge_copy / "notes.txt").write_text("a new file")
    assert cache_key(knowledge_copy, None, None) != key
