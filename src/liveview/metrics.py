"""Process-wide counters: open connections, messages, errors, handler time (SPEC §9).

Plain integer and float updates on the event loop thread: no locks, no
allocation per message. ``snapshot()`` returns a copy for a metrics endpoint,
a log line or a health check; see docs/deployment.md for a Prometheus view.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any


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
