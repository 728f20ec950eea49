"""The demo on a Redis layer with its handlers' logs on stdout; ``LIVEVIEW_TEST_UNLIMITED``
lifts the per-socket rate limit, so an attack that a real attacker would spread over
many sockets and seconds fits in one socket and a short test."""

from __future__ import annotations

import os

from tests.reliability_settings import *  # noqa: F403

LIVEVIEW: dict[str, object] = {}
if os.environ.get("LIVEVIEW_TEST_UNLIMITED"):
    LIVEVIEW.update(RATE_LIMIT=1_000_000, RATE_LIMIT_BURST=1_000_000)
if os.environ.get("LIVEVIEW_TEST_HANDLER_TIMEOUT"):
    LIVEVIEW["HANDLER_TIMEOUT"] = int(os.environ["LIVEVIEW_TEST_HANDLER_TIMEOUT"])

if os.environ.get("LIVEVIEW_TEST_CLIENT_IP_HEADER"):
    LIVEVIEW["CLIENT_IP_HEADER"] = os.environ["LIVEVIEW_TEST_CLIENT_IP_HEADER"]
