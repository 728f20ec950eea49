"""The demo with short group logs, for the browser test of a gap older than the log."""

from __future__ import annotations

from demo.settings import *  # noqa: F403

LIVEVIEW = {**LIVEVIEW, "FEED_MAX_FRAMES": 5}  # noqa: F405
