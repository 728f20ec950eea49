"""Process-wide counters: open connections, messages, errors, handler time (SPEC §9).

Plain integer and float updates on the event loop thread: no locks, no
allocation per message. ``snapshot()`` returns a copy for a log line or a
health check; ``prometheus_text()`` and ``metrics_view`` expose them to Prometheus
(opt-in: nothing is served until a URL pattern points at the view). docs/metrics.md
lists every metric.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse


@dataclass
class Metrics:
    connections_open: int = 0
    connections_total: int = 0
    connections_refused: int = 0
    messages_received: int = 0
    messages_invalid: int = 0
    messages_dropped: int = 0
    handler_calls: int = 0
    handler_errors: int = 0
    unknown_functions: int = 0
    handler_seconds: float = 0.0
    frames_sent: int = 0
    layer_sends_dropped: int = 0
    layer_sends_expired: int = 0
    layer_sends_failed: int = 0
    started_at: float = field(default_factory=time.time)

    def snapshot(self) -> dict[str, Any]:
        """A copy of every counter, plus the uptime in seconds."""
        values = asdict(self)
        values["uptime_seconds"] = time.time() - self.started_at
        return values

    def reset(self) -> None:
        """Start every counter again from zero (tests)."""
        for name, value in asdict(Metrics()).items():
            setattr(self, name, value)


#: This process's counters.
metrics = Metrics()


def snapshot() -> dict[str, Any]:
    """This process's counters (each worker process has its own)."""
    return metrics.snapshot()


#: Prometheus name, type and help of each counter (docs/metrics.md shows the same list;
#: tests/test_metrics.py checks both against ``Metrics``).
EXPOSED: dict[str, tuple[str, str, str]] = {
    "connections_open": ("liveview_connections_open", "gauge", "WebSockets open now."),
    "connections_total": (
        "liveview_connections_accepted_total",
        "counter",
        "WebSockets accepted.",
    ),
    "connections_refused": (
        "liveview_connections_refused_total",
        "counter",
        "Handshakes refused (origin, limits, rooms).",
    ),
    "messages_received": (
        "liveview_messages_received_total",
        "counter",
        "Frames received from browsers.",
    ),
    "messages_invalid": (
        "liveview_messages_invalid_total",
        "counter",
        "Frames that were not a valid message.",
    ),
    "messages_dropped": (
        "liveview_messages_dropped_total",
        "counter",
        "Messages dropped by the rate limit or a full inbox.",
    ),
    "handler_calls": (
        "liveview_handler_calls_total",
        "counter",
        "Handler calls started (middleware included).",
    ),
    "handler_errors": (
        "liveview_handler_errors_total",
        "counter",
        "Handler calls that raised or ran past HANDLER_TIMEOUT.",
    ),
    "unknown_functions": (
        "liveview_unknown_functions_total",
        "counter",
        "Messages naming no registered handler.",
    ),
    "handler_seconds": (
        "liveview_handler_seconds_total",
        "counter",
        "Seconds spent in handlers and middleware.",
    ),
    "frames_sent": ("liveview_frames_sent_total", "counter", "Frames sent to browsers."),
    "layer_sends_dropped": (
        "liveview_layer_sends_dropped_total",
        "counter",
        "Group sends dropped because the channel layer's backlog was full (a Redis stall).",
    ),
    "layer_sends_expired": (
        "liveview_layer_sends_expired_total",
        "counter",
        "Group sends dropped for waiting past their age bound for the channel layer.",
    ),
    "layer_sends_failed": (
        "liveview_layer_sends_failed_total",
        "counter",
        "Group sends the channel layer raised on.",
    ),
    "started_at": (
        "liveview_process_start_time_seconds",
        "gauge",
        "When this process's counters started (Unix time).",
    ),
}


def prometheus_text(values: dict[str, Any] | None = None) -> str:
    """This process's counters in Prometheus' text exposition format (0.0.4)."""
    values = metrics.snapshot() if values is None else values
    lines = []
    for key, (name, kind, help_text) in EXPOSED.items():
        lines += [f"# HELP {name} {help_text}", f"# TYPE {name} {kind}", f"{name} {values[key]!r}"]
    return "\n".join(lines) + "\n"


def metrics_view(request: HttpRequest) -> HttpResponse:
    """A Django view serving ``prometheus_text()``. Opt-in: add it to your URLconf,
    where only your Prometheus can reach it (it is not authenticated)."""
    return HttpResponse(prometheus_text(), content_type=PROMETHEUS_CONTENT_TYPE)


PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
