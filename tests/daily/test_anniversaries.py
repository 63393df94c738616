"""The on-this-day post, composed from the real knowledge in three languages."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from bot.cli import main
from bot.config import ConfigError, Settings
from bot.daily.anniversaries import (
    MAX_MESSAGE,
    broadcast_text,
    compose_post,
    facts_of_day,
    plural,
    today_reply,
    upcoming_post,
)
from bot.engine.generation import Knowledge
from bot.engine.knowledge import Fact, FactDate, KnowledgeBase
from bot.lang import LANGS, Lang
from tests.fakes.telegram_html import parse_html, utf16_length

MARCH_2 = dt.date(2026, 3, 2)


@pytest.fixture(scope="module")
def kb(knowledge: Knowledge) -> KnowledgeBase:
    return knowledge.kb


def first_empty_day(kb: KnowledgeBase, start: dt.date) -> dt.date:
    day = start
    while facts_of_day(kb, day):
        day += dt.timedelta(days=1)
    return day


def with_facts(kb: KnowledgeBase, *facts: Fact) -> KnowledgeBase:
    """The real knowledge with only `facts` (copies of real ones given other dates)."""
    return dataclasses.replace(kb, facts=facts)


def test_anniversaries_membership_day_in_english(kb: KnowledgeBase) -> None:
    post = compose_post(kb, MARCH_2, "en", "text")
    assert post is not None
    assert post.startswith("On this day — 2 March\n\n")
    assert "34 years ago today, on 2 March 1992:\nKazakhstan became a member" in post
    assert "Source: Kazinform" in post


def test_anniversaries_newest_anniversary_comes_first(kb: KnowledgeBase) -> None:
    real = kb.fact("independence-recognition")
    assert real is not None
    events = [
        dataclasses.replace(real, id=f"e{y}", date=FactDate(3, 2, y), related=())
        for y in (2001, 2019)
    ]
    crowded = with_facts(kb, *kb.facts, *events)
    facts = facts_of_day(crowded, MARCH_2)
    years = [f.date.year for f in facts if f.date and f.date.year]
    assert years == [2019, 2001, 1992]
    post = compose_post(crowded, MARCH_2, "en", "text")
    assert post is not None
    positions = [post.index(f"on 2 March {year}:") for year in years]
    assert positions == sorted(positions)


def test_anniversaries_an_anniversary_of_an_anniversary_is_not_announced(
    kb: KnowledgeBase,
) -> None:
    """2 March 2021 marked 29 years of membership: on 2 March one entry, for the 1992 event."""
    marked = kb.fact("membership-anniversary")
    assert marked is not None and marked.date is not None and marked.date.year == 2021
    assert [f.id for f in facts_of_day(kb, MARCH_2)] == ["un-membership"]
    assert [f.id for f in facts_of_day(kb, dt.date(2021, 3, 2))] == ["un-membership"]
    for lang in LANGS:
        post = compose_post(kb, MARCH_2, lang, "text")
        assert post is not None and "2021" not in post.split("\n")[2]  # the one heading: 1992
        assert post.count("1992") == 2  # its heading and its answer, once each
    # A real event of its own on that day (not linked to the 1992 one) is still announced.
    own = dataclasses.replace(marked, id="own-event", related=())
    assert "own-event" in [f.id for f in facts_of_day(with_facts(kb, *kb.facts, own), MARCH_2)]


@pytest.mark.parametrize(
    ("day", "lang", "heading"),
    [
        (dt.date(2026, 3, 2), "ru", "34 года назад, 2 марта 1992 года:"),
        (dt.date(2027, 3, 2), "ru", "35 лет назад, 2 марта 1992 года:"),
        (dt.date(2023, 3, 2), "ru", "31 год назад, 2 марта 1992 года:"),
        (dt.date(2026, 3, 2), "kk", "1992 жылғы 2 наурыз — бұдан 34 жыл бұрын:"),
        (dt.date(1993, 3, 2), "en", "1 year ago today, on 2 March 1992:"),
    ],
)
def test_anniversaries_years_ago_in_each_language(
    kb: KnowledgeBase, day: dt.date, lang: Lang, heading: str
) -> None:
    post = compose_post(kb, day, lang, "text")
    assert post is not None and heading in post


@pytest.mark.parametrize(
    ("count", "word"),
    [
        (1, "год"),
        (2, "года"),
        (4, "года"),
        (5, "лет"),
        (11, "лет"),
        (12, "лет"),
        (21, "год"),
        (22, "года"),
        (111, "лет"),
        (114, "лет"),
        (1001, "год"),
    ],
)
def test_anniversaries_russian_plural(count: int, word: str) -> None:
    assert plural(count, "daily_year", "ru") == word


def test_anniversaries_english_and_kazakh_plural() -> None:
    assert [plural(n, "daily_day", "en") for n in (1, 2, 21)] == ["day", "days", "days"]
    assert {plural(n, "daily_year", "kk") for n in (1, 2, 5)} == {"жыл"}


def test_anniversaries_yearly_day_is_shown_as_today(kb: KnowledgeBase) -> None:
    yearly = next(f for f in kb.facts if f.date and f.date.year is None)
    assert yearly.date is not None
    day = dt.date(2026, yearly.date.month, yearly.date.day)
    post = compose_post(kb, day, "en", "text")
    assert post is not None
    assert f"Today, {day.day} {day.strftime('%B')}:\n{yearly.answer['en']}" in post


def test_anniversaries_events_after_the_day_are_left_out(kb: KnowledgeBase) -> None:
    assert compose_post(kb, dt.date(1991, 3, 2), "en", "text") is None
    post = compose_post(kb, dt.date(2000, 3, 2), "en", "text")
    assert post is not None and "on 2 March 1992:" in post and "on 2 March 2021:" not in post


def test_anniversaries_same_year_is_today(kb: KnowledgeBase) -> None:
    post = compose_post(kb, dt.date(1992, 3, 2), "en", "text")
    assert post is not None and "Today, 2 March 1992:" in post


@pytest.mark.parametrize("lang", LANGS)
def test_anniversaries_html_is_valid_for_telegram(kb: KnowledgeBase, lang: Lang) -> None:
    html_post = compose_post(kb, MARCH_2, lang, "html")
    text_post = compose_post(kb, MARCH_2, lang, "text")
    assert html_post is not None and text_post is not None
    assert html_post.startswith("<b>") and "<a href=" in html_post
    assert "<" not in text_post
    assert utf16_length(parse_html(html_post).text) <= MAX_MESSAGE


def test_anniversaries_empty_day_gives_none_and_the_next_one(kb: KnowledgeBase) -> None:
    empty = first_empty_day(kb, MARCH_2)
    assert compose_post(kb, empty, "en", "html") is None
    ahead = 1
    while not facts_of_day(kb, empty + dt.timedelta(days=ahead)):
        ahead += 1
    later = empty + dt.timedelta(days=ahead)
    reply = today_reply(kb, empty, "en", "text")
    assert reply.startswith("No anniversaries in the history of Kazakhstan and the UN fall on")
    when = f"in {ahead} day{'s' if ahead > 1 else ''}, on {later.day} {later.strftime('%B')}:"
    assert when in reply
    assert facts_of_day(kb, later)[0].answer["en"] in reply
    assert upcoming_post(kb, empty, "en", "text") == reply


@pytest.mark.parametrize(("setting", "sends"), [("skip", False), ("next", True)])
def test_anniversaries_empty_day_setting(kb: KnowledgeBase, setting: str, sends: bool) -> None:
    empty = first_empty_day(kb, MARCH_2)
    sent = broadcast_text(kb, empty, "ru", "html", setting)  # type: ignore[arg-type]
    assert (sent is not None) == sends
    assert broadcast_text(kb, MARCH_2, "ru", "html", setting) == compose_post(
        kb, MARCH_2, "ru", "html"
    )


def test_anniversaries_no_dated_facts_at_all(kb: KnowledgeBase) -> None:
    bare = with_facts(kb, *(f for f in kb.facts if f.date is None))
    assert (
        today_reply(bare, MARCH_2, "kk", "text")
        == "Білім қорында әзірге күні көрсетілген оқиғалар жоқ."
    )
    assert broadcast_text(bare, MARCH_2, "en", "text", "next") is None


def test_anniversaries_29_february_moves_to_the_28th_in_other_years(kb: KnowledgeBase) -> None:
    real = kb.fact("un-membership")
    assert real is not None
    leap = dataclasses.replace(real, id="leap", date=FactDate(2, 29, 2000))
    leap_kb = with_facts(kb, leap)
    assert [f.id for f in facts_of_day(leap_kb, dt.date(2025, 2, 28))] == ["leap"]
    assert facts_of_day(leap_kb, dt.date(2024, 2, 28)) == []
    assert [f.id for f in facts_of_day(leap_kb, dt.date(2024, 2, 29))] == ["leap"]
    post = compose_post(leap_kb, dt.date(2025, 2, 28), "en", "text")
    assert post is not None and "25 years ago today, on 29 February 2000:" in post


def test_anniversaries_a_crowded_day_fits_one_message(kb: KnowledgeBase) -> None:
    real = kb.fact("un-membership")
    assert real is not None
    long_answer = {lang: "Ω😀 " * 300 for lang in LANGS}
    crowd = [
        dataclasses.replace(real, id=f"f{n}", answer=long_answer, date=FactDate(3, 2, 1950 + n))
        for n in range(20)
    ]
    post = compose_post(with_facts(kb, *crowd), MARCH_2, "en", "html")
    assert post is not None
    assert utf16_length(post) <= MAX_MESSAGE
    assert "57 years ago today" in post  # the newest one (1969) is kept
    assert "76 years ago today" not in post  # the oldest ones did not fit


def test_anniversaries_cli_prints_the_post(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["today", "--date", "2026-03-02", "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("В этот день — 2 марта") and "34 года назад" in out
    assert "<" not in out


def test_anniversaries_cli_on_an_empty_day_says_nothing_is_sent(
    kb: KnowledgeBase, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = first_empty_day(kb, MARCH_2)
    assert main(["today", "--date", empty.isoformat()]) == 0
    captured = capsys.readouterr()
    assert "nothing is sent" in captured.err
    assert captured.out.strip() == today_reply(kb, empty, "en", "text")


def test_anniversaries_empty_day_setting_is_read_from_the_environment() -> None:
    assert Settings.load({}).empty_day == "skip"
    assert Settings.load({"KZUN_EMPTY_DAY": " Next "}).empty_day == "next"
    with pytest.raises(ConfigError, match="KZUN_EMPTY_DAY"):
        Settings.load({"KZUN_EMPTY_DAY": "sometimes"})
