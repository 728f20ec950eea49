"""The 2.x recipes page: documented Django LiveView 2.x patterns, written as its docs show them."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join

from liveview import liveview_handler, send
from pages.connection_state import bump

ITEMS_PER_PAGE = 10
ITEM_COUNT = 50


# Custom JavaScript events -------------------------------------------------------------


@liveview_handler("recipe_event")
def recipe_event(consumer: Any, content: dict[str, Any]) -> None:
    if content["data"].get("with_data") == "yes":
        send(consumer, {"event": "recipe-saved", "eventData": {"id": 7}})
    else:
        send(consumer, {"event": "recipe-pinged"})


# A counter whose HTML brings its own script ---------------------------------------------


@liveview_handler("recipe_counter")
def recipe_counter(consumer: Any, content: dict[str, Any]) -> None:
    send(
        consumer,
        {"target": "#counter", "html": render_to_string("pages/partials/recipe_counter.html")},
    )


# Infinite scroll (Advanced Features > Intersection Observer) ------------------------------


@liveview_handler("load_more_items")
def load_more_items(consumer: Any, content: dict[str, Any]) -> None:
    page = int(content["data"].get("page", 1))
    start = (page - 1) * ITEMS_PER_PAGE
    end = min(start + ITEMS_PER_PAGE, ITEM_COUNT)
    items = format_html_join("", "<li>Item {}</li>", ((n + 1,) for n in range(start, end)))
    send(consumer, {"target": "#items-list", "html": items, "append": True})
    if end >= ITEM_COUNT:
        html = ""
    else:
        html = render_to_string("pages/partials/load_trigger.html", {"next_page": page + 1})
    send(consumer, {"target": "#load-more-trigger", "html": html})


# Bindings of a re-rendered element ---------------------------------------------------------


@liveview_handler("rearm_next")
def rearm_next(consumer: Any, content: dict[str, Any]) -> None:
    version = bump(consumer, "rearm")
    html = render_to_string("pages/partials/rearm_panel.html", {"version": version})
    send(consumer, {"target": "#rearm-panel", "html": html})


@liveview_handler("rearm_init")
def rearm_init(consumer: Any, content: dict[str, Any]) -> None:
    version = str(content["data"].get("version", ""))[:10]
    html = format_html("<li>init ran for version {}</li>", version)
    send(consumer, {"target": "#rearm-log", "html": html, "append": True})
