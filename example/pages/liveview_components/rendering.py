"""The rendering page: one handler per key of a server message."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html

from liveview import liveview_handler, send
from pages.connection_state import bump


@liveview_handler("render_replace")
def render_replace(consumer: Any, content: dict[str, Any]) -> None:
    n = bump(consumer, "replace")
    html = format_html('<p class="replaced">Replaced by the server ({} time(s)).</p>', n)
    send(consumer, {"target": "#replace-target", "html": html})


@liveview_handler("render_append")
def render_append(consumer: Any, content: dict[str, Any]) -> None:
    n = bump(consumer, "append")
    html = format_html("<li>Item {} (appended)</li>", n)
    send(consumer, {"target": "#append-list", "html": html, "append": True})


@liveview_handler("render_remove")
def render_remove(consumer: Any, content: dict[str, Any]) -> None:
    send(consumer, {"target": "#removable", "remove": True})


# A script runs with `el` and `this` bound to the target. Scripts of other types are data:
# they stay in the page and never run.
_EL_SCRIPT = """
<p class="from-script">Waiting for the script.</p>
<script>
  el.dataset.elId = el.id;
  el.dataset.thisIsEl = String(this === el);
  el.querySelector(".from-script").textContent = "Rewritten by a script that ran with el = #" + el.id;
</script>
<script type="text/javascript">el.dataset.textJavascript = "ran";</script>
<script type="application/json" id="script-data">{"kept": true}</script>
<script type="module">window.moduleScriptRan = true;</script>
"""


@liveview_handler("render_el_script")
def render_el_script(consumer: Any, content: dict[str, Any]) -> None:
    send(consumer, {"target": "#script-target", "html": _EL_SCRIPT})


# The ticker's cleanup notes whether its element was still in place when it ran.
_TICKER = """
<p>Ticker: <span class="ticker">0</span></p>
<script>
  const timer = setInterval(() => { el.querySelector(".ticker").textContent++; }, 1000);
  el.__cleanup = () => {
    clearInterval(timer);
    const state = el.querySelector(".ticker") ? "still in place" : "already gone";
    document.getElementById("cleanup-log").textContent += "cleanup ran, ticker " + state + "; ";
  };
</script>
"""


@liveview_handler("start_ticker")
def start_ticker(consumer: Any, content: dict[str, Any]) -> None:
    send(consumer, {"target": "#ticker-slot", "html": _TICKER})


@liveview_handler("replace_ticker")
def replace_ticker(consumer: Any, content: dict[str, Any]) -> None:
    send(consumer, {"target": "#ticker-slot", "html": "<p>The ticker was replaced.</p>"})


@liveview_handler("remove_ticker_box")
def remove_ticker_box(consumer: Any, content: dict[str, Any]) -> None:
    send(consumer, {"target": "#ticker-box", "remove": True})


@liveview_handler("set_title")
def set_title(consumer: Any, content: dict[str, Any]) -> None:
    send(consumer, {"title": "Title set by the server"})


@liveview_handler("scroll_far")
def scroll_far(consumer: Any, content: dict[str, Any]) -> None:
    send(consumer, {"scroll": "#far-away"})


@liveview_handler("scroll_top")
def scroll_top(consumer: Any, content: dict[str, Any]) -> None:
    send(consumer, {"scrollTop": True})


@liveview_handler("push_url_only")
def push_url_only(consumer: Any, content: dict[str, Any]) -> None:
    n = bump(consumer, "pushed")
    send(consumer, {"url": f"/rendering/?pushed={n}"})


@liveview_handler("run_script_key")
def run_script_key(consumer: Any, content: dict[str, Any]) -> None:
    script = (
        'document.getElementById("script-key-out").textContent ='
        ' "ran with this = " + this.tagName.toLowerCase() + ", el = " + el.tagName.toLowerCase();'
    )
    send(consumer, {"script": script})


@liveview_handler("dispatch_event")
def dispatch_event(consumer: Any, content: dict[str, Any]) -> None:
    n = bump(consumer, "cart")
    send(consumer, {"event": "demo:cart-updated", "eventData": {"count": n, "items": ["tea"] * n}})


@liveview_handler("render_everything")
def render_everything(consumer: Any, content: dict[str, Any]) -> None:
    send(
        consumer,
        {
            "target": "#replace-target",
            "html": '<p class="replaced">Replaced, with a title, a script and an event.</p>',
            "title": "Several keys at once",
            "script": 'document.getElementById("script-key-out").textContent = "ran (several keys)";',
            "event": "demo:cart-updated",
            "eventData": {"count": 0, "items": []},
        },
    )


@liveview_handler("render_without_target")
def render_without_target(consumer: Any, content: dict[str, Any]) -> None:
    send(
        consumer,
        {
            "title": "No target needed",
            "script": 'document.getElementById("script-key-out").textContent = "ran (no target)";',
            "event": "demo:cart-updated",
            "eventData": {"count": -1, "items": []},
            "scroll": "#far-away",
        },
    )


@liveview_handler("render_missing_target")
def render_missing_target(consumer: Any, content: dict[str, Any]) -> None:
    # The whole message is ignored: not even the title changes.
    send(
        consumer,
        {
            "target": "#not-on-this-page",
            "html": "<p>Nowhere to go.</p>",
            "title": "This title must not appear",
            "script": 'document.getElementById("script-key-out").textContent = "must not run";',
        },
    )


@liveview_handler("fail_on_purpose")
def fail_on_purpose(consumer: Any, content: dict[str, Any]) -> None:
    raise ValueError("this handler fails on purpose")
