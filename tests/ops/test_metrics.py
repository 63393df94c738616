"""bot/metrics.py: each bot counts in its own registry, in text that Prometheus parses."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from bot.ops.metrics import Metrics

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def samples(metrics: Metrics) -> Samples:
    """Every sample of the exposition, parsed by prometheus-client's own parser."""
    text = metrics.render().decode("utf-8")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def value(found: Samples, name: str, **labels: str) -> float:
    return found[(name, frozenset(labels.items()))]


def test_metrics_count_updates_by_type() -> None:
    metrics = Metrics()
    for kind in ("message", "message", "inline_query"):
        metrics.observe_update(kind)
    found = samples(metrics)
    assert value(found, "kzun_updates_total", type="message") == 2
    assert value(found, "kzun_updates_total", type="inline_query") == 1


def test_metrics_count_replies_by_outcome_with_latency() -> None:
    metrics = Metrics()
    metrics.observe_reply("answer", 0.02)
    metrics.observe_reply("answer", 0.3)
    metrics.observe_reply("decline", 7.0)
    found = samples(metrics)
    assert value(found, "kzun_replies_total", outcome="answer") == 2
    assert value(found, "kzun_replies_total", outcome="clarify") == 0  # present before first use
    assert value(found, "kzun_replies_total", outcome="decline") == 1
    assert value(found, "kzun_answer_latency_seconds_count") == 3
    assert value(found, "kzun_answer_latency_seconds_bucket", le="0.025") == 1
    assert value(found, "kzun_answer_latency_seconds_bucket", le="0.5") == 2
    assert value(found, "kzun_answer_latency_seconds_bucket", le="+Inf") == 3
    assert abs(value(found, "kzun_answer_latency_seconds_sum") - 7.32) < 1e-9


def test_metrics_count_broadcast_messages_sent_and_failed_by_reason() -> None:
    metrics = Metrics()
    metrics.observe_broadcast_sent()
    metrics.observe_broadcast_sent()
    metrics.observe_broadcast_failed("blocked")
    found = samples(metrics)
    assert value(found, "kzun_broadcast_messages_total", result="sent", reason="ok") == 2
    assert value(found, "kzun_broadcast_messages_total", result="failed", reason="blocked") == 1


def test_metrics_track_reloads_and_the_facts_served() -> None:
    metrics = Metrics()
    facts = [120]
    metrics.track_facts(lambda: facts[0])
    metrics.observe_reload(ok=False)
    assert value(samples(metrics), "kzun_knowledge_last_reload_success_timestamp_seconds") == 0
    metrics.observe_reload(ok=True)
    facts[0] = 121
    found = samples(metrics)
    assert value(found, "kzun_knowledge_reloads_total", result="ok") == 1
    assert value(found, "kzun_knowledge_reloads_total", result="failed") == 1
    assert value(found, "kzun_knowledge_last_reload_success_timestamp_seconds") > 0
    assert value(found, "kzun_knowledge_facts") == 121  # read at scrape time, not at reload


def test_metrics_of_two_bots_do_not_mix() -> None:
    first, second = Metrics(), Metrics()
    first.observe_update("message")
    assert ("kzun_updates_total", frozenset({("type", "message")})) not in samples(second)
    assert value(samples(first), "kzun_updates_total", type="message") == 1
