"""Handlers of the focus, init and intersection pages."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join

from liveview import liveview_handler, send
from pages import catalogue
from pages.connection_state import bump

# Focus ------------------------------------------------------------------------


@liveview_handler("insert_reply_box")
def insert_reply_box(consumer: Any, content: dict[str, Any]) -> None:
    n = bump(consumer, "replies")
    html = format_html(
        '<p><label>Reply {} <textarea id="reply-{}" name="reply" data-liveview-focus="true">'
        "</textarea></label></p>",
        n,
        n,
    )
    send(consumer, {"target": "#reply-slot", "html": html})


# Init -------------------------------------------------------------------------


@liveview_handler("init_widget")
def init_widget(consumer: Any, content: dict[str, Any]) -> None:
    widget = str(content["data"].get("widget", ""))
    # The name becomes part of a CSS selector: only names this page hands out.
    if widget != "stats" and not (widget.startswith("extra-") and widget[6:].isdigit()):
        return
    calls = bump(consumer, f"init-{widget}")
    html = format_html(
        'Loaded by init_widget for <b>{}</b> (call <span class="calls">{}</span> for it).',
        widget,
        calls,
    )
    send(consumer, {"target": f"#init-{widget}", "html": html})


@liveview_handler("insert_widget")
def insert_widget(consumer: Any, content: dict[str, Any]) -> None:
    n = bump(consumer, "widgets")
    html = format_html(
        '<div id="init-extra-{}" class="box" data-liveview-init="init_widget" '
        'data-data-widget="extra-{}">Loading widget {}…</div>',
        n,
        n,
        n,
    )
    send(consumer, {"target": "#widget-slot", "html": html, "append": True})


# Intersection -----------------------------------------------------------------


@liveview_handler("load_more")
def load_more(consumer: Any, content: dict[str, Any]) -> None:
    try:
        page = int(content["data"].get("page", ""))
    except ValueError:
        return
    if not 2 <= page <= catalogue.FEED_PAGES:
        return
    items = format_html_join("", "<li>{}</li>", ((item,) for item in catalogue.feed_page(page)))
    if page < catalogue.FEED_PAGES:
        more = render_to_string("pages/partials/feed_more.html", {"page": page + 1})
    else:
        more = '<li id="feed-end">That is all: the end of the feed.</li>'
    send(consumer, {"target": "#feed-more", "remove": True})
    send(consumer, {"target": "#feed", "html": items + more, "append": True})


def _watched(consumer: Any, state: str) -> None:
    count = bump(consumer, f"watched-{state}")
    css = "badge on" if state == "on screen" else "badge"
    html = format_html('<span class="{}">{} ({})</span>', css, state, count)
    send(consumer, {"target": "#watched-status", "html": html})


@liveview_handler("watched_appeared")
def watched_appeared(consumer: Any, content: dict[str, Any]) -> None:
    _watched(consumer, "on screen")


@liveview_handler("watched_disappeared")
def watched_disappeared(consumer: Any, content: dict[str, Any]) -> None:
    _watched(consumer, "off screen")


@liveview_handler("marker_seen")
def marker_seen(consumer: Any, content: dict[str, Any]) -> None:
    marker = content["data"].get("marker")
    if marker in ("early", "exact"):
        send(consumer, {"target": f"#marker-{marker}-status", "html": "seen"})
