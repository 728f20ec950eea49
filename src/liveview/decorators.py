"""Kept so ``from liveview.decorators import liveview_handler`` still works."""

from __future__ import annotations

from liveview.registry import liveview_handler

__all__ = ["liveview_handler"]
