"""A message board: what one tab posts appears in every open tab."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from liveview import liveview_handler, send


@liveview_handler("post_message")
def post_message(consumer: Any, content: dict[str, Any]) -> None:
    text = str(content["form"].get("message", "")).strip()
    if not text:
        send(consumer, {"target": "#post-error", "html": "Write something first."})
        return
    author = str(content["form"].get("author", "")).strip() or "Anonymous"
    html = render_to_string(
        "pages/partials/message.html",
        {"author": author[:40], "text": text[:500], "at": timezone.now()},
    )
    send(consumer, {"target": "#post-error", "html": ""})
    send(consumer, {"target": "#messages", "html": html, "append": True}, broadcast=True)
