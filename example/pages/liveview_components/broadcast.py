"""A message board: what one tab posts appears in every open tab, or only in the
tabs of this visitor's room; and a post made by a background thread through the
channel layer, as apps written for the original Django LiveView do."""

from __future__ import annotations

import threading
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.template.loader import render_to_string
from django.utils import timezone

from liveview import liveview_handler, send


def _render(author: str, text: str) -> str:
    return render_to_string(
        "pages/partials/message.html",
        {"author": author[:40], "text": text[:500], "at": timezone.now()},
    )


@liveview_handler("post_message")
def post_message(consumer: Any, content: dict[str, Any]) -> None:
    text = str(content["form"].get("message", "")).strip()
    if not text:
        send(consumer, {"target": "#post-error", "html": "Write something first."})
        return
    author = str(content["form"].get("author", "")).strip() or "Anonymous"
    html = _render(author, text)
    send(consumer, {"target": "#post-error", "html": ""})
    send(consumer, {"target": "#messages", "html": html, "append": True}, broadcast=True)


@liveview_handler("post_to_my_tabs")
def post_to_my_tabs(consumer: Any, content: dict[str, Any]) -> None:
    """Only the tabs that share this page's room see it (a page room is one visitor's)."""
    html = _render("You, to your tabs", str(content["form"].get("message", "")) or "(empty)")
    send(consumer, {"target": "#messages", "html": html, "append": True}, room=True)


def _post_from_thread(text: str) -> None:
    # The original's pattern (its demo-snake game loop): any thread, any process,
    # sends a broadcast_message event to the "broadcast" group.
    event = {
        "type": "broadcast_message",
        "message": {"target": "#messages", "html": _render("A thread", text), "append": True},
    }
    async_to_sync(get_channel_layer().group_send)("broadcast", event)


@liveview_handler("post_from_thread")
def post_from_thread(consumer: Any, content: dict[str, Any]) -> None:
    text = str(content["form"].get("message", "")) or "tick"
    threading.Thread(target=_post_from_thread, args=(text[:500],), daemon=True).start()
