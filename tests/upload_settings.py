"""The demo's settings with room for one 200 MB upload, for the memory test."""

from __future__ import annotations

from demo.settings import *  # noqa: F403

LIVEVIEW = {
    **globals().get("LIVEVIEW", {}),
    "UPLOAD_MAX_SOCKET_BYTES": 300 * 1024 * 1024,
    "UPLOAD_MAX_USER_BYTES": 300 * 1024 * 1024,
}
