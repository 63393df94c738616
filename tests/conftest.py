"""Shared fixtures: the Bot API stand-in, settings pointing at it, and a running Application.

`botapi` serves the stand-in on loopback (tests/fakes/botapi.py explains how to script it) and
fails the test if the bot sent a request the Bot API does not document.
`application` is the real bot from `bot.app.build_application`, initialised against the stand-in
(getMe over real HTTP) but not polling: `tg` and `conversation(...)` hand updates to
`application.process_update`, which returns once every handler has finished.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pytest
import yaml

from bot.config import Settings, default_knowledge_dir
from bot.daily.deliveries import DeliveryLog
from bot.daily.subscriptions import SubscriptionStore
from bot.storage.database import Database
from bot.storage.postgres import PostgresDatabase
from bot.storage.sqlite import SQLiteDatabase
from tests.fakes.botapi import BotAPI
from tests.fakes.chat import Conversation
from tests.fakes.updates import group, private_chat, user
from tests.postgres import Cluster, find_bin

ROOT = Path(__file__).resolve().parent.parent
# libyaml's C loader and dumper where PyYAML has them: tests that rewrite knowledge files spent
# 6 s of the suite in the pure-Python ones.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# One compiled-knowledge cache (bot/engine/cache.py) for every worker and every child process the
# tests start, kept between runs like the .venv: each `kzun-bot` child then starts in 25 ms
# instead of building the knowledge for 0.4 s. Tests of the cache itself use their own folder.
CACHE_DIR = Path(tempfile.gettempdir()) / f"kzun-bot-tests-cache-{os.getuid()}"
os.environ["KZUN_CACHE_DIR"] = str(CACHE_DIR)

if TYPE_CHECKING:
    from telegram.ext import Application

    from bot.engine.generation import Knowledge
    from bot.services import Services


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto` (pyproject's default): a worker per core, and one more, for the third of the
    suite's time spent waiting on child processes, Telegram's retry_after and slow answers."""
    return (os.cpu_count() or 1) + 1


@pytest.fixture
async def botapi() -> AsyncIterator[BotAPI]:
    """The stand-in; a test fails if the bot sent anything the Bot API documents otherwise,
    even what Telegram would have taken (tests/fakes/contract.py says why)."""
    async with BotAPI() as api:
        yield api
    assert not api.violations, "requests the Bot API does not document:\n" + "\n".join(
        api.violations
    )


@pytest.fixture
def settings(botapi: BotAPI, tmp_path: Path) -> Settings:
    """Settings of a bot that talks to the stand-in and keeps its state in a temporary folder."""
    return Settings(
        token=botapi.token,
        api_base_url=botapi.base_url,
        data_dir=tmp_path / "data",
        cache_dir=CACHE_DIR,
    )


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    """The real knowledge, validated and indexed once per test session (it is immutable)."""
    from bot.engine.generation import build_knowledge

    return build_knowledge(Settings().knowledge_dir, cache=CACHE_DIR)


class FakeClock:
    """The bot's clock in tests: set `now` to move time; nothing waits on the wall clock."""

    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    """Noon in Almaty on 2 March 2025, the anniversary of Kazakhstan joining the UN."""
    return FakeClock(dt.datetime(2025, 3, 2, 7, 0, tzinfo=dt.UTC))


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """A real PostgreSQL server for the session, in a temporary folder, removed at the end.

    Missing binaries fail the tests that need it, loudly: a skipped backend would pass CI
    without testing it. `.ci/run` installs Debian's `postgresql` where it is missing.
    """
    bin_dir = find_bin()
    if bin_dir is None:
        pytest.fail("PostgreSQL server binaries not found: apt-get install postgresql")
    cluster = Cluster(bin_dir)
    try:
        cluster.start()
    except (OSError, RuntimeError, subprocess.CalledProcessError) as error:
        cluster.stop()
        pytest.fail(f"PostgreSQL did not start: {error}")
    yield cluster
    cluster.stop()


_databases = itertools.count()


async def new_pg_database(cluster: Cluster) -> str:
    """The URL of a new, empty database in the session's cluster (the cluster dies with it)."""
    import asyncpg

    name = f"test_{next(_databases)}"
    admin = await asyncpg.connect(cluster.url())
    try:
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    return cluster.url(name)


@pytest.fixture
async def pg_url(pg_cluster: Cluster) -> str:
    return await new_pg_database(pg_cluster)


@pytest.fixture(params=["sqlite", "postgresql"])
async def db(
    request: pytest.FixtureRequest, tmp_path: Path, clock: FakeClock
) -> AsyncIterator[Database]:
    """A state database of its own on the test clock, once on each backend."""
    database: Database
    if request.param == "sqlite":
        database = SQLiteDatabase(tmp_path / "state.sqlite3", clock=clock)
    else:
        url = await new_pg_database(request.getfixturevalue("pg_cluster"))
        database = PostgresDatabase(url, clock=clock)
    await database.open()
    yield database
    await database.close()


@pytest.fixture
def store(db: Database) -> SubscriptionStore:
    """Subscriptions in `db`, with the default time and zone."""
    return SubscriptionStore(db)


@pytest.fixture
def log(db: Database) -> DeliveryLog:
    """The delivery log in `db`."""
    return DeliveryLog(db)


@pytest.fixture
def services(settings: Settings, knowledge: Knowledge, clock: FakeClock) -> Services:
    from bot.services import build_services

    return build_services(settings, knowledge=knowledge, clock=clock)


@pytest.fixture
async def application(settings: Settings, services: Services) -> AsyncIterator[Application]:
    from bot.telegram.app import build_application

    app = build_application(settings, services)
    async with app:
        yield app
    await services.bookkeeper.drain()
    await services.db.close()


Talk = Callable[..., Conversation]


@pytest.fixture
def conversation(botapi: BotAPI, application: Application) -> Talk:
    """Make a Conversation in any chat: `conversation(chat=group(), user=user("Bob"))`."""
    from telegram import Update

    async def deliver(data: dict[str, Any]) -> None:
        await application.process_update(Update.de_json(data, application.bot))

    def talk(*, chat: dict[str, Any], user: dict[str, Any] | None) -> Conversation:
        return Conversation(botapi, chat=chat, user=user, deliver=deliver)

    return talk


@pytest.fixture
def alice() -> dict[str, Any]:
    return user("Alice", language_code="en")


@pytest.fixture
def tg(conversation: Talk, alice: dict[str, Any]) -> Conversation:
    """Alice in her private chat with the bot."""
    return conversation(chat=private_chat(alice), user=alice)


@pytest.fixture
def supergroup() -> dict[str, Any]:
    return group("Friends of the UN")


# --- a knowledge folder a test may change (operations: reload tests) ---------------------------

EditFact = Callable[[str, Callable[[dict[str, Any]], None]], Path]


@pytest.fixture
def knowledge_copy(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """A copy of the real knowledge and seeds that a test may break; in a test marked
    `one_seed`, of the one-article knowledge (`one_seed_template`), which builds in a fraction of
    the time."""
    if request.node.get_closest_marker("one_seed"):
        template: Path = request.getfixturevalue("one_seed_template")
        return copy_knowledge(template.parent, tmp_path)
    return copy_knowledge(default_knowledge_dir().parent, tmp_path)


def copy_knowledge(source: Path, target: Path) -> Path:
    """`source`'s knowledge/ and seeds/ copied into `target`; the copy's knowledge folder."""
    shutil.copytree(source / "knowledge", target / "knowledge")
    shutil.copytree(source / "seeds", target / "seeds")
    return target / "knowledge"


def dump_yaml(data: Any) -> str:
    """`data` as YAML a test writes back into a knowledge file: Unicode kept, keys in order."""
    return yaml.dump(data, Dumper=YAML_DUMPER, allow_unicode=True, sort_keys=False)


@pytest.fixture
def edit_fact(knowledge_copy: Path) -> EditFact:
    """`edit_fact(fact_id, change)`: apply `change` to that fact's YAML mapping in the copy."""

    def edit(fact_id: str, change: Callable[[dict[str, Any]], None]) -> Path:
        for path in sorted(knowledge_copy.glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            if fact_id not in text:  # most files: no need to parse them
                continue
            data = yaml.load(text, Loader=YAML_LOADER)
            facts = data.get("facts") if isinstance(data, dict) else None
            for fact in facts or []:
                if fact.get("id") == fact_id:
                    change(fact)
                    dumped = dump_yaml(data)
                    path.write_text(dumped, encoding="utf-8")
                    return path
        raise LookupError(f"no fact {fact_id!r} in {knowledge_copy}")

    return edit


ONE_SEED = "un-membership-2021"  # the article `one_seed_knowledge` keeps


@pytest.fixture(scope="session")
def one_seed_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The knowledge and seeds cut down to the facts of one seed article (20 of 100) and a few
    out-of-scope questions of each kind, still passing `kzun-bot check`: built once per worker,
    copied by `one_seed_knowledge`."""
    root = tmp_path_factory.mktemp("one-seed")
    knowledge = copy_knowledge(default_knowledge_dir().parent, root)
    files = knowledge.glob("*.yaml")
    documents = {path: yaml.load(path.read_text("utf-8"), YAML_LOADER) for path in files}
    kept = {
        fact["id"]
        for data in documents.values()
        for fact in (data.get("facts") or [] if isinstance(data, dict) else [])
        if {quote["source"] for quote in fact["sources"]} == {ONE_SEED}
    }
    for path, data in documents.items():
        if not isinstance(data, dict):
            continue
        if "facts" in data:
            data["facts"] = [fact for fact in data["facts"] or [] if fact["id"] in kept]
            for fact in data["facts"]:
                fact["related"] = [other for other in fact.get("related", []) if other in kept]
        if path.name == "sources.yaml":
            data["sources"] = [source for source in data["sources"] if source["id"] == ONE_SEED]
        if path.name == "coverage.yaml":
            data["left_out"] = [
                item for item in data["left_out"] or [] if item["source"] == ONE_SEED
            ]
        for item in data.get("out_of_scope") or []:  # every reason, three questions a language
            item["questions"] = {lang: asked[:3] for lang, asked in item["questions"].items()}
        path.write_text(dump_yaml(data), "utf-8")
    return knowledge


@pytest.fixture
def one_seed_knowledge(one_seed_template: Path, tmp_path: Path) -> Path:
    """A copy of the one-article knowledge that a test may change: calibration, the cache and
    reloads run the same code on a fraction of the examples, in a fraction of the time. (A
    module that uses it with `edit_fact` overrides `knowledge_copy` with it.)"""
    return copy_knowledge(one_seed_template.parent, tmp_path)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs of its own (the tests run as root, in CI too), unmounted after the test."""
    mount = tmp_path / "small"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], check=True)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


# --- the real `kzun-bot run` in a child process ----------------------------------------------


async def start_bot(
    botapi: BotAPI,
    data_dir: Path,
    *args: str,
    token: str | None = None,
    log_level: str = "DEBUG",
    log: IO[bytes] | None = None,
) -> asyncio.subprocess.Process:
    """`kzun-bot run` in a child process, talking to the stand-in. Its output is piped to the
    test, or with `log` its log goes to that file (a long run must not fill an unread pipe)."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": token or botapi.token,
        "TELEGRAM_API_BASE_URL": botapi.base_url,
        "KZUN_DATA_DIR": str(data_dir),
        "KZUN_LOG_LEVEL": log_level,
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        *args,
        cwd=ROOT,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE if log is None else asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE if log is None else log,
    )


async def read_until(stream: asyncio.StreamReader, marker: str, seen: list[str]) -> None:
    """Read log lines into `seen` up to the one containing `marker`."""
    while marker not in (line := (await stream.readline()).decode()):
        assert line, f"the bot exited before logging {marker!r}:\n{''.join(seen)}"
        seen.append(line)
    seen.append(line)
