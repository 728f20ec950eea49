"""The demo's settings with its handlers' INFO logs on stdout (tests wait for them)."""

from __future__ import annotations

import os

from demo.settings import *  # noqa: F403

LOGGING["loggers"]["pages"] = {"handlers": ["console"], "level": "INFO"}  # noqa: F405
if os.environ.get("REDIS_URL"):
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [os.environ["REDIS_URL"]]},
        }
    }

if os.environ.get("LIVEVIEW_TEST_MAX_QUEUED"):
    LIVEVIEW = {"MAX_QUEUED_FRAMES": int(os.environ["LIVEVIEW_TEST_MAX_QUEUED"])}
