"""The quick-start handler: the browser sends a name, the server sends HTML back."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from liveview import liveview_handler, send


@liveview_handler("say_hello")
def say_hello(consumer: Any, content: dict[str, Any]) -> None:
    name = str(content["form"].get("name", "")).strip() or "World"
    html = render_to_string("pages/partials/greeting.html", {"name": name})
    send(consumer, {"target": "#greeting", "html": html})
