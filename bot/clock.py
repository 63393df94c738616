"""Time for the whole bot: an injectable clock, and time zones read from the pinned tzdata.

Tests pass their own `Clock`, so nothing waits on or reads the wall clock; every datetime is aware.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import re
from collections.abc import Callable
from functools import lru_cache
from zoneinfo import ZoneInfo

Clock = Callable[[], dt.datetime]


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def hhmm(time_of_day: dt.time) -> str:
    """A time of day as users type it and the database stores it: "09:00"."""
    return time_of_day.strftime("%H:%M")


DEFAULT_ZONE = "Asia/Almaty"
_ZONE_NAME = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*")


class TimeZoneError(RuntimeError):
    """The time zone data cannot place a post at the right local hour."""


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    """The zone `name` from the tzdata package, never the operating system's copy.

    Kazakhstan moved to one zone, UTC+5, on 1 March 2024 (IANA 2024a). An older system database
    still says UTC+6 for Almaty and would post an hour early, so the pinned package is read.
    """
    if not _ZONE_NAME.fullmatch(name):
        raise TimeZoneError(f"not a time zone name: {name!r}")
    resource = importlib.resources.files("tzdata").joinpath("zoneinfo", *name.split("/"))
    try:
        with resource.open("rb") as data:
            return ZoneInfo.from_file(data, key=name)
    except (OSError, ValueError) as error:
        raise TimeZoneError(f"unknown time zone {name!r}: {error}") from None


def check_time_zone_data(default_zone: str = DEFAULT_ZONE) -> None:
    """Fail loudly at start-up unless the zone data knows Kazakhstan's 2024 change."""
    almaty = zone("Asia/Almaty")
    before = almaty.utcoffset(dt.datetime(2024, 1, 15, 12))  # noqa: DTZ001 - asking the zone
    after = almaty.utcoffset(dt.datetime(2024, 6, 1, 12))  # noqa: DTZ001 - asking the zone
    if (before, after) != (dt.timedelta(hours=6), dt.timedelta(hours=5)):
        raise TimeZoneError(
            f"time zone data is too old: Asia/Almaty is {after} from UTC in June 2024, not "
            "+05:00; install tzdata>=2024.1"
        )
    zone(default_zone)


def local_now(now: dt.datetime, zone_name: str) -> dt.datetime:
    """`now` (aware) as the wall clock shows it in `zone_name`."""
    return now.astimezone(zone(zone_name))


def local_today(zone_name: str, now: dt.datetime | None = None) -> dt.date:
    """The calendar day in `zone_name` at `now` (the wall clock unless given)."""
    return local_now(now or utc_now(), zone_name).date()
