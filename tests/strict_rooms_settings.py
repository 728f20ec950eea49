"""The demo's settings with the opt-in REQUIRE_SIGNED_ROOMS: only rooms the server issued to the
socket's session connect; any other is closed with 4403."""

from __future__ import annotations

from demo.settings import *  # noqa: F403

LIVEVIEW = {**globals().get("LIVEVIEW", {}), "REQUIRE_SIGNED_ROOMS": True}
