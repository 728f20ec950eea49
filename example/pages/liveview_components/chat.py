"""A chat with rooms and a live "who is here" list, across server processes."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from liveview import leave, liveview_handler, send, track, untrack
from pages.catalogue import CHATS


def _nick(content: dict[str, Any]) -> str:
    return str(content["form"].get("nick") or "").strip()[:30] or "anonymous"


@liveview_handler("chat_enter")
def chat_enter(consumer: Any, content: dict[str, Any]) -> None:
    chat = content["data"].get("chat")
    if chat not in CHATS:
        send(consumer, {"target": "#chat-error", "html": "No such chat."})
        return
    previous = getattr(consumer, "chat", None)
    if previous is not None:
        # Off the list, and out of the topic: its messages and its presence list (rendered
        # a moment later, off the event loop) are no longer for this tab.
        untrack(consumer, f"chat:{previous}")
        leave(consumer, f"chat:{previous}")
    consumer.chat = chat
    consumer.nick = _nick(content)
    send(
        consumer,
        {
            "target": "#chat",
            "html": render_to_string("pages/partials/chat_panel.html", {"chat": chat}),
        },
    )
    track(
        consumer,
        f"chat:{chat}",
        {"nick": consumer.nick},
        template="pages/partials/who.html",
        target="#who",
    )


@liveview_handler("chat_say")
def chat_say(consumer: Any, content: dict[str, Any]) -> None:
    chat = getattr(consumer, "chat", None)
    text = str(content["form"].get("text") or "").strip()[:500]
    if chat is None or not text:
        return
    html = render_to_string(
        "pages/partials/chat_message.html",
        {"nick": consumer.nick, "text": text, "at": timezone.now()},
    )
    send(consumer, {"target": "#chat-log", "html": html, "append": True}, topic=f"chat:{chat}")
    # A fresh, empty form. "morph": False replaces it outright: morphing would keep
    # what the user typed in the focused input, which is right everywhere but here.
    form = render_to_string("pages/partials/chat_form.html")
    send(consumer, {"target": "#chat-form", "html": form, "morph": False})
