"""The sign in & out page: a diary whose pages push URLs, private to the signed-in user."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from liveview import liveview_handler, send


@liveview_handler("diary_page")
def diary_page(consumer: Any, content: dict[str, Any]) -> None:
    try:
        page = int(content["data"].get("page", ""))
    except ValueError:
        return
    if not 1 <= page <= 100:
        return
    user = consumer.scope.get("user")
    html = render_to_string("pages/partials/diary.html", {"user": user, "page": page})
    send(consumer, {"target": "#diary", "html": html, "url": f"/account/?page={page}"})
