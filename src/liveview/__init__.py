"""Real-time, server-rendered interfaces for Django over WebSockets."""

from __future__ import annotations

from liveview.connections import apush, join, leave, push, send
from liveview.presence import apresent, present, track, untrack
from liveview.registry import liveview_handler, liveview_registry
from liveview.uploads import Upload

__version__ = "0.1.0"

__all__ = [
    "Upload",
    "__version__",
    "apresent",
    "apush",
    "join",
    "leave",
    "liveview_handler",
    "liveview_registry",
    "present",
    "push",
    "send",
    "track",
    "untrack",
]
