"""The loading-states page: handlers that take their time, so the page shows it."""

from __future__ import annotations

import asyncio
from typing import Any

from django.utils.html import format_html

from liveview import liveview_handler, send
from pages.connection_state import bump


def _seconds(content: dict[str, Any]) -> float:
    """``data-data-slow`` in seconds, at most 5."""
    try:
        return max(0.0, min(float(content["data"].get("slow") or 1), 5.0))
    except ValueError:
        return 1.0


@liveview_handler("slow_save")
async def slow_save(consumer: Any, content: dict[str, Any]) -> None:
    await asyncio.sleep(_seconds(content))
    n = bump(consumer, "saves")
    send(consumer, {"target": "#save-result", "html": format_html("Saved {} time(s).", n)})


@liveview_handler("slow_silent")
async def slow_silent(consumer: Any, content: dict[str, Any]) -> None:
    """Sends nothing at all: only the acknowledgement ends the loading state."""
    await asyncio.sleep(_seconds(content))


@liveview_handler("slow_next_page")
async def slow_next_page(consumer: Any, content: dict[str, Any]) -> None:
    """A navigation-like call: its reply pushes a URL."""
    await asyncio.sleep(_seconds(content))
    n = bump(consumer, "pages")
    send(
        consumer,
        {
            "target": "#page-result",
            "html": format_html("You are on page {}.", n + 1),
            "url": f"/loading/?page={n + 1}",
        },
    )
