"""The connection pages: notes that may be queued while offline, and a ping over a custom path."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html

from liveview import liveview_handler, send


@liveview_handler("queue_note")
def queue_note(consumer: Any, content: dict[str, Any]) -> None:
    note = str(content["form"].get("note", "")).strip()[:200] or "(empty)"
    send(consumer, {"target": "#notes", "html": format_html("<li>{}</li>", note), "append": True})


@liveview_handler("ping")
def ping(consumer: Any, content: dict[str, Any]) -> None:
    path = consumer.scope.get("path", "")
    html = format_html('Pong, over the socket at <code id="pong-path">{}</code>.', path)
    send(consumer, {"target": "#pong", "html": html})
