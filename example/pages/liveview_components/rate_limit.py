"""The debounce and throttle page: a live search and an autosave."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html, format_html_join

from liveview import liveview_handler, send
from pages import catalogue
from pages.connection_state import bump


@liveview_handler("search_fruits")
def search_fruits(consumer: Any, content: dict[str, Any]) -> None:
    query = str(content["form"].get("q", "")).strip().lower()[:50]
    found = [fruit for fruit in catalogue.FRUITS if query in fruit]
    count = bump(consumer, "searches")
    items = format_html_join("", "<li>{}</li>", ((fruit,) for fruit in found))
    send(consumer, {"target": "#search-results", "html": items or "<li>No fruit.</li>"})
    status = format_html(
        'Request {} searched “<span class="query">{}</span>”: {} found.', count, query, len(found)
    )
    send(consumer, {"target": "#search-count", "html": status})


@liveview_handler("autosave")
def autosave(consumer: Any, content: dict[str, Any]) -> None:
    draft = str(content["form"].get("draft", ""))[:2000]
    count = bump(consumer, "saves")
    status = format_html('Save {}: “<span class="saved">{}</span>”', count, draft)
    send(consumer, {"target": "#autosave-status", "html": status})
