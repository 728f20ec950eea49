"""The demo's settings with ALLOWED_HOSTS = ["*"]: channels' origin validator then admits
clients without an Origin header (scripts, tests), and liveview still refuses a foreign one."""

from __future__ import annotations

from demo.settings import *  # noqa: F403

ALLOWED_HOSTS = ["*"]
