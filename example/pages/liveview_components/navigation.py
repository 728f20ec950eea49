"""The live navigation pages: a handler on a page reached without a page load."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape

from liveview import liveview_handler, send


@liveview_handler("navigation_count")
def navigation_count(consumer: Any, content: dict[str, Any]) -> None:
    # The socket outlives the pages: a count kept on it goes on across navigations.
    consumer.navigation_clicks = getattr(consumer, "navigation_clicks", 0) + 1
    send(
        consumer,
        {
            "target": "#nav-count-out",
            "html": (
                f"Counted {consumer.navigation_clicks} on this socket; "
                f'the server sees the path <code id="nav-path">{escape(consumer.path)}</code>.'
            ),
        },
    )
