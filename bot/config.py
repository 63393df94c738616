"""Settings of the bot, read from the environment and the command line in one place.

Every setting is declared once in `SETTINGS`, so the README, `deploy/.env.example` and the code can
be checked against each other by a test.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal, get_args
from urllib.parse import urlsplit

from bot.clock import TimeZoneError, zone

DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
EmptyDay = Literal["skip", "next"]  # what subscribers get on a day without events
# What a daily post whose answer was lost (5xx, timeout, dropped connection) becomes: `unknown`
# and never resent, or resent at the risk of a second copy. See the README's daily-post section.
DeliveryMode = Literal["at-most-once", "at-least-once"]


def default_knowledge_dir() -> Path:
    """The `knowledge/` folder of this checkout, next to the `bot` package."""
    return Path(__file__).resolve().parent.parent / "knowledge"


def default_cache_dir() -> Path | None:
    """`kzun-bot/` in the user's cache folder (XDG): compiled knowledge, safe to delete."""
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if base:
        return Path(base) / "kzun-bot"
    try:
        return Path.home() / ".cache" / "kzun-bot"
    except RuntimeError:  # no home folder to be found: no cache, the bot builds at each start
        return None


def _cache_dir(text: str) -> Path | None:
    return None if text.strip().lower() in _OFF else Path(text)


class ConfigError(ValueError):
    """A setting has a value the bot cannot use; the message names the setting."""


def _int_set(text: str) -> frozenset[int]:
    return frozenset(int(part) for part in text.replace(",", " ").split())


def _time_of_day(text: str) -> dt.time:
    hours, minutes = text.strip().split(":")
    return dt.time(int(hours), int(minutes))


def _empty_day(text: str) -> str:
    choice = text.strip().lower()
    if choice not in get_args(EmptyDay):
        raise ValueError("use skip or next")
    return choice


def _delivery(text: str) -> str:
    choice = text.strip().lower()
    if choice not in get_args(DeliveryMode):
        raise ValueError("use at-most-once or at-least-once")
    return choice


def _time_zone(text: str) -> str:
    name = text.strip()
    try:
        zone(name)
    except TimeZoneError:
        raise ValueError("use a zone of the tz database, such as Asia/Almaty") from None
    return name


def _log_level(text: str) -> str:
    level = text.strip().upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise ValueError("use DEBUG, INFO, WARNING or ERROR")
    return level


def _send_rate(text: str) -> float:
    rate = float(text)
    if not (math.isfinite(rate) and rate > 0):  # 0, a negative rate or inf would not pace
        raise ValueError("use a number of messages per second above 0, such as 25")
    return rate


def _share(text: str) -> float:
    share = float(text)
    if not 0 < share <= 1:
        raise ValueError("use a score between 0 and 1, such as 0.4")
    return share


_ON = frozenset({"1", "true", "yes", "on"})
_OFF = frozenset({"0", "false", "no", "off"})


def _has_scheme(url: str, *schemes: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in schemes and bool(parts.netloc)


def _flag(text: str) -> bool:
    """On or off; anything else is a mistake to report, not a silent "off"."""
    value = text.strip().lower()
    if value not in _ON | _OFF:
        raise ValueError("use 1, true, yes or on; or 0, false, no or off")
    return value in _ON


@dataclass(frozen=True)
class Setting:
    """One configurable value: its field, environment variable, parser and meaning."""

    field: str
    env: str
    parse: Callable[[str], Any]
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("token", "TELEGRAM_BOT_TOKEN", str, "Bot token from @BotFather"),
    Setting("api_base_url", "TELEGRAM_API_BASE_URL", str, "Bot API address (token appended)"),
    Setting("data_dir", "KZUN_DATA_DIR", Path, "Folder for the SQLite state"),
    Setting(
        "database_url",
        "KZUN_DATABASE_URL",
        str,
        "postgresql://… to keep the state in PostgreSQL (unset: SQLite in KZUN_DATA_DIR)",
    ),
    Setting("knowledge_dir", "KZUN_KNOWLEDGE_DIR", Path, "Folder of the knowledge YAML files"),
    Setting(
        "cache_dir",
        "KZUN_CACHE_DIR",
        _cache_dir,
        "Folder for the compiled knowledge, which makes starts faster (off: build every time)",
    ),
    Setting("webhook_url", "KZUN_WEBHOOK_URL", str, "Public HTTPS address; enables webhook mode"),
    Setting("webhook_secret", "KZUN_WEBHOOK_SECRET", str, "Secret token Telegram must send"),
    Setting("listen", "KZUN_LISTEN", str, "Address the web server binds to"),
    Setting("port", "KZUN_PORT", int, "Port of the webhook web server"),
    Setting("metrics_port", "KZUN_METRICS_PORT", int, "Port of /healthz and /metrics if polling"),
    Setting("watch", "KZUN_WATCH", _flag, "Reload the knowledge when its files change"),
    Setting("admin_ids", "KZUN_ADMIN_IDS", _int_set, "User ids allowed /stats and /reload"),
    Setting("timezone", "KZUN_TIMEZONE", _time_zone, "Default time zone of daily posts"),
    Setting("post_time", "KZUN_POST_TIME", _time_of_day, "Default local time of daily posts"),
    Setting("send_rate", "KZUN_SEND_RATE", _send_rate, "Daily-post messages per second at most"),
    Setting(
        "empty_day",
        "KZUN_EMPTY_DAY",
        _empty_day,
        "On a day without events: skip (send nothing) or next (announce the next anniversary)",
    ),
    Setting(
        "delivery",
        "KZUN_DELIVERY",
        _delivery,
        "A daily post whose answer was lost: at-most-once (never resent) or at-least-once",
    ),
    Setting(
        "answer_threshold",
        "KZUN_ANSWER_THRESHOLD",
        _share,
        "Confidence from which to answer (default: the knowledge's confidence model's)",
    ),
    Setting(
        "clarify_threshold",
        "KZUN_CLARIFY_THRESHOLD",
        _share,
        "Confidence from which to ask back (default: the knowledge's confidence model's)",
    ),
    Setting("log_level", "KZUN_LOG_LEVEL", _log_level, "Logging level (DEBUG to ERROR)"),
    Setting(
        "log_user_text",
        "KZUN_LOG_USER_TEXT",
        _flag,
        "Let DEBUG logs carry what users wrote (off: their text is left out)",
    ),
)


@dataclass(frozen=True)
class Settings:
    token: str | None = None
    api_base_url: str = DEFAULT_API_BASE_URL
    data_dir: Path = Path("data")
    database_url: str | None = None
    knowledge_dir: Path = field(default_factory=default_knowledge_dir)
    cache_dir: Path | None = field(default_factory=default_cache_dir)
    webhook_url: str | None = None
    webhook_secret: str | None = None
    listen: str = "0.0.0.0"  # in a container the proxy reaches us from outside
    port: int = 8080
    metrics_port: int | None = None
    watch: bool = False
    admin_ids: frozenset[int] = frozenset()
    timezone: str = "Asia/Almaty"
    post_time: dt.time = dt.time(9, 0)
    send_rate: float = 25.0
    empty_day: EmptyDay = "skip"
    delivery: DeliveryMode = "at-most-once"  # a missed post beats a duplicate in someone's chat
    # None: the thresholds `kzun-bot calibrate` chose on held-out folds (confidence.yaml).
    answer_threshold: float | None = None
    clarify_threshold: float | None = None
    log_level: str = "INFO"
    log_user_text: bool = False

    @classmethod
    def load(cls, env: Mapping[str, str], overrides: Mapping[str, Any] | None = None) -> Settings:
        """Defaults, then the environment, then command-line values that were given."""
        values: dict[str, Any] = {}
        for setting in SETTINGS:
            raw = env.get(setting.env, "").strip()
            if raw:
                try:
                    values[setting.field] = setting.parse(raw)
                except ValueError as error:
                    raise ConfigError(f"{setting.env}={raw!r} is not valid: {error}") from None
        known = {f.name for f in fields(cls)}
        for name, value in (overrides or {}).items():
            if value is not None and name in known:
                values[name] = value
        settings = cls(**values)
        answer, clarify = settings.answer_threshold, settings.clarify_threshold
        if answer is not None and clarify is not None and clarify > answer:
            raise ConfigError("KZUN_CLARIFY_THRESHOLD must not be above KZUN_ANSWER_THRESHOLD")
        # Checked here, after the command line too: Telegram refuses a webhook that is not HTTPS
        # (a BadRequest at start), and any other scheme would be retried for ever.
        if settings.webhook_url and not _has_scheme(settings.webhook_url, "https"):
            raise ConfigError(
                f"KZUN_WEBHOOK_URL={settings.webhook_url!r} is not valid: Telegram delivers "
                "only to https:// addresses"
            )
        if not _has_scheme(settings.api_base_url, "http", "https"):
            raise ConfigError(
                f"TELEGRAM_API_BASE_URL={settings.api_base_url!r} is not valid: use an "
                "http:// or https:// address, such as https://api.telegram.org/bot"
            )
        return settings

    @property
    def replicated(self) -> bool:
        """Whether this process is one of several replicas sharing a PostgreSQL database."""
        return self.database_url is not None and self.database_url.startswith(POSTGRES_SCHEMES)

    @property
    def database_path(self) -> Path:
        return self.data_dir / "kzun-bot.sqlite3"
