"""What the running bot counts, exposed at /metrics in Prometheus text format.

Each application gets its own `CollectorRegistry` rather than prometheus-client's global one: two
bots in one process (tests, or `broadcast` next to `run`) must not share or clash on counters.
Other modules call the small `observe_*` methods; only `health.py` renders the registry.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CONTENT_TYPE_LATEST as CONTENT_TYPE
from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

__all__ = ["CONTENT_TYPE", "Metrics"]

OUTCOMES = ("answer", "clarify", "decline")
# Matching takes milliseconds; the tail is Telegram's round trip when the send is included.
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """The counters of one bot, in a registry of its own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.updates = Counter(
            "kzun_updates", "Updates handled, by type", ["type"], registry=self.registry
        )
        self.replies = Counter(
            "kzun_replies", "Replies to questions, by outcome", ["outcome"], registry=self.registry
        )
        self.answer_latency = Histogram(
            "kzun_answer_latency_seconds",
            "Time from receiving a question to the reply being sent",
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.broadcast = Counter(
            "kzun_broadcast_messages",
            "Daily-post messages, by result (sent/failed) and reason",
            ["result", "reason"],
            registry=self.registry,
        )
        self.reloads = Counter(
            "kzun_knowledge_reloads",
            "Knowledge reloads, by result (ok/failed)",
            ["result"],
            registry=self.registry,
        )
        self.last_reload = Gauge(
            "kzun_knowledge_last_reload_success_timestamp_seconds",
            "When the knowledge was last reloaded successfully (Unix time; 0 if never)",
            registry=self.registry,
        )
        self.facts = Gauge(
            "kzun_knowledge_facts", "Facts in the knowledge being served", registry=self.registry
        )
        self.storage_errors = Counter(
            "kzun_storage_errors",
            "Storage calls that failed or were dropped, by what they were for",
            ["operation"],
            registry=self.registry,
        )
        self.storage_degraded = Gauge(
            "kzun_storage_degraded",
            "1 while the last storage call failed and none has succeeded since",
            registry=self.registry,
        )
        self.skipped = Counter(
            "kzun_updates_skipped",
            "Updates not handled, by reason (unparseable: PTB could not read it)",
            ["reason"],
            registry=self.registry,
        )
        self.webhook_rejected = Counter(
            "kzun_webhook_rejected",
            "Webhook requests refused, by reason (secret, body, busy)",
            ["reason"],
            registry=self.registry,
        )
        self.html_fallbacks = Counter(
            "kzun_html_fallbacks",
            "Messages Telegram refused as HTML and that went out as plain text, by path",
            ["path"],
            registry=self.registry,
        )
        self.repeated = Counter(
            "kzun_repeated_updates",
            "Copies of updates dropped because this or another replica already had them",
            registry=self.registry,
        )
        self.leases = Gauge(
            "kzun_lease_held",
            "1 while this replica holds the lease (polling), 0 while it stands by",
            ["lease"],
            registry=self.registry,
        )
        for outcome in OUTCOMES:  # present from the start, so rates never divide by a gap
            self.replies.labels(outcome)

    def observe_update(self, update_type: str) -> None:
        """One incoming update of this type (message, callback_query, inline_query, ...)."""
        self.updates.labels(update_type).inc()

    def observe_reply(self, outcome: str, seconds: float) -> None:
        """A question was replied to with this outcome, `seconds` after it arrived."""
        self.replies.labels(outcome).inc()
        self.answer_latency.observe(seconds)

    def observe_skipped_update(self, reason: str) -> None:
        """An update was dropped without reaching the handlers."""
        self.skipped.labels(reason).inc()

    def observe_webhook_rejected(self, reason: str) -> None:
        """A webhook request was refused before any handler saw it."""
        self.webhook_rejected.labels(reason).inc()

    def observe_html_fallback(self, path: str) -> None:
        """Telegram refused a text's HTML on `path` (reply, edit, inline); it went out plain."""
        self.html_fallbacks.labels(path).inc()

    def observe_broadcast_sent(self) -> None:
        """Telegram accepted one daily post."""
        self.broadcast.labels("sent", "ok").inc()

    def observe_broadcast_failed(self, reason: str) -> None:
        """One daily post was not delivered; `reason` is short and bounded (blocked, 5xx, ...)."""
        self.broadcast.labels("failed", reason).inc()

    def observe_storage_error(self, operation: str) -> None:
        """A storage call for `operation` (question_log, chat_seen, preference, ...) failed."""
        self.storage_errors.labels(operation).inc()

    def track_storage(self, degraded: Callable[[], bool]) -> None:
        """Read at each scrape whether storage is failing right now."""
        self.storage_degraded.set_function(lambda: float(degraded()))

    def observe_repeated_update(self) -> None:
        """A copy of an update was dropped: another replica, or an earlier copy, handled it."""
        self.repeated.inc()

    def observe_lease(self, name: str, held: bool) -> None:
        """This replica got (True) or gave up (False) the lease `name`."""
        self.leases.labels(name).set(1 if held else 0)

    def observe_reload(self, ok: bool) -> None:
        """A reload finished: `ok` if the new knowledge went into service."""
        self.reloads.labels("ok" if ok else "failed").inc()
        if ok:
            self.last_reload.set_to_current_time()

    def track_facts(self, count: Callable[[], float]) -> None:
        """Read the number of facts served at each scrape, so a reload needs no bookkeeping."""
        self.facts.set_function(count)

    def render(self) -> bytes:
        """The registry in Prometheus text exposition format."""
        return generate_latest(self.registry)
