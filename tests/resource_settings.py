"""The demo's settings plus a test-only endpoint reporting what the server holds for
its sockets (tests/resource_urls.py). Never shipped: it lives in the tests."""

from __future__ import annotations

from demo.settings import *  # noqa: F403

ROOT_URLCONF = "tests.resource_urls"

# These tests open hundreds of sockets a second from a few addresses to reach what a
# socket holds once admitted (its slot, groups, presence). The per-client handshake
# limit (tested on its own in test_abuse_servers.py) would refuse most of them before
# they hold anything, so it is lifted here; every other limit keeps its default.
LIVEVIEW = {
    **globals().get("LIVEVIEW", {}),
    "HANDSHAKE_RATE": 1_000_000,
    "HANDSHAKE_BURST": 1_000_000,
}
