"""The morphing page: a panel the server re-renders on a timer while the user types in it."""

from __future__ import annotations

import asyncio
from typing import Any

from asgiref.sync import sync_to_async
from django.template.loader import render_to_string
from django.utils import timezone

from liveview import liveview_handler, send
from pages.connection_state import state_of

#: Bounds of what a page may ask for: ``interval`` in ms, ``count`` updates.
MIN_INTERVAL, MAX_INTERVAL, MAX_COUNT = 50, 5000, 3600


def _number(value: Any, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(value)))
    except (TypeError, ValueError):
        return default


def _render(consumer: Any, tick: int) -> tuple[str, str]:
    draft = state_of(consumer).get("draft", {})
    context = {
        "tick": tick,
        "now": timezone.now(),
        "name": draft.get("name", ""),
        "note": draft.get("note", ""),
        # A list whose order changes every tick: keyed rows keep their identity.
        "rows": [(tick + n) % 5 for n in range(5)],
    }
    return (
        render_to_string("pages/partials/dashboard.html", context),
        render_to_string("pages/partials/plain_panel.html", context),
    )


@liveview_handler("dashboard_start")
async def dashboard_start(consumer: Any, content: dict[str, Any]) -> None:
    """Re-render ``#dashboard`` (morphed) and ``#plain-panel`` (under
    ``data-liveview-morph="false"``: replaced) every ``interval`` ms, ``count`` times."""
    interval = _number(content["data"].get("interval"), 1000, MIN_INTERVAL, MAX_INTERVAL)
    count = _number(content["data"].get("count"), 600, 1, MAX_COUNT)
    state = state_of(consumer)
    if state.get("dashboard") is not None:
        return  # one timer per socket

    async def tick() -> None:
        for number in range(1, count + 1):
            await asyncio.sleep(interval / 1000)
            if consumer.closed:
                return
            dashboard, plain = await sync_to_async(_render)(consumer, number)
            send(consumer, {"target": "#dashboard", "html": dashboard})
            send(consumer, {"target": "#plain-panel", "html": plain})

    state["dashboard"] = asyncio.create_task(tick())  # keep a reference while it runs


@liveview_handler("dashboard_draft")
def dashboard_draft(consumer: Any, content: dict[str, Any]) -> None:
    """Remember what was typed, so the next re-render carries it: the server stays the
    source of truth for the fields the user is not in."""
    form = content["form"]
    state_of(consumer)["draft"] = {
        "name": str(form.get("name", ""))[:200],
        "note": str(form.get("note", ""))[:2000],
    }


@liveview_handler("dashboard_replace")
def dashboard_replace(consumer: Any, content: dict[str, Any]) -> None:
    """The same HTML with ``"morph": False``: plain replacement, for comparison."""
    dashboard, _ = _render(consumer, 0)
    send(consumer, {"target": "#dashboard", "html": dashboard, "morph": False})
