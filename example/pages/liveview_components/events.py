"""The events page: one handler that reports which event called it and what it sent."""

from __future__ import annotations

import json
from typing import Any

from django.utils.html import format_html

from liveview import liveview_handler, send


@liveview_handler("log_event")
def log_event(consumer: Any, content: dict[str, Any]) -> None:
    event = str(content["data"].get("event", "unknown"))[:40]
    form = json.dumps(content["form"], sort_keys=True)[:500]
    html = format_html('<li data-event="{}">{}: <code>{}</code></li>', event, event, form)
    send(consumer, {"target": "#event-log", "html": html, "append": True})
