"""The demo's settings on a Redis channel layer chosen by the test that starts the server."""

from __future__ import annotations

import os

from demo.settings import *  # noqa: F403

_config: dict[str, object] = {"hosts": [os.environ["REDIS_URL"]]}
if os.environ.get("LIVEVIEW_TEST_LAYER") == "pubsub":
    _backend = "channels_redis.pubsub.RedisPubSubChannelLayer"
else:
    _backend = "channels_redis.core.RedisChannelLayer"
    if os.environ.get("LIVEVIEW_TEST_GROUP_EXPIRY"):
        _config["group_expiry"] = int(os.environ["LIVEVIEW_TEST_GROUP_EXPIRY"])

CHANNEL_LAYERS = {"default": {"BACKEND": _backend, "CONFIG": _config}}

if os.environ.get("LIVEVIEW_TEST_PRESENCE_TTL"):
    LIVEVIEW = {"PRESENCE_TTL": int(os.environ["LIVEVIEW_TEST_PRESENCE_TTL"])}
