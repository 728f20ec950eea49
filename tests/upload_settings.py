"""The demo's settings with room for large uploads: one of 200 MB (the memory test), and
16 at once from one address (bench/uploads.py)."""

from __future__ import annotations

from demo.settings import *  # noqa: F403

LIVEVIEW = {
    **globals().get("LIVEVIEW", {}),
    "UPLOAD_MAX_SOCKET_BYTES": 300 * 1024 * 1024,
    "UPLOAD_MAX_USER_BYTES": 2 * 1024 * 1024 * 1024,
    "UPLOAD_MAX_PROCESS_BYTES": 4 * 1024 * 1024 * 1024,
}
