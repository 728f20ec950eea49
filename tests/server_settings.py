"""The demo's settings with limits raised, for tests that hammer a real server on purpose."""

from __future__ import annotations

from demo.settings import *  # noqa: F403

LIVEVIEW = {
    "RATE_LIMIT": 1_000_000,
    "RATE_LIMIT_BURST": 1_000_000,
    "MAX_CONNECTIONS_PER_IP": 100_000,
}
