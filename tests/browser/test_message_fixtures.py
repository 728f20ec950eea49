"""The browser client's messages for the shared fixtures equal LiveClient's.

Each fixture page is served to chromium with the real bundle and a WebSocket that
records what the client sends; Playwright performs the fixture's action as a user
would. LiveClient performs the same action against the real consumer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route

from liveview import liveview_handler
from liveview.testing import LiveClient
from tests.message_fixtures import comparable, expected_message, load_all, page_html
from tests.test_live_client_fixtures import perform

CASES = load_all()


async def ignore(consumer, content):
    """An async handler: it needs no database access (sync ones close stale connections)."""


STATIC = Path(__file__).parents[2] / "src" / "liveview" / "static" / "liveview"

# Stands in for window.WebSocket: opens at once and keeps every message sent.
RECORDING_SOCKET = """
window.__sent = [];
class RecordingSocket extends EventTarget {
  static CONNECTING = 0; static OPEN = 1; static CLOSING = 2; static CLOSED = 3;
  constructor(url) {
    super();
    this.url = url;
    this.readyState = 0;
    setTimeout(() => { this.readyState = 1; this.dispatchEvent(new Event("open")); }, 0);
  }
  send(data) { window.__sent.push(JSON.parse(data)); }
  close() { this.readyState = 3; }
}
window.WebSocket = RecordingSocket;
"""
PLAYWRIGHT_KEYS = {
    "ctrl": "Control",
    "alt": "Alt",
    "meta": "Meta",
    "shift": "Shift",
    "esc": "Escape",
}


def browser_perform(page: Page, step: dict[str, Any]) -> None:
    css = f"#{step['target']}"
    kind = step["kind"]
    if kind == "click":
        page.click(css)
    elif kind == "submit":
        page.eval_on_selector(css, "form => form.requestSubmit()")
    elif kind == "fill":
        page.fill(css, step["value"])
    elif kind == "check":
        page.check(css)
    elif kind == "select":
        page.select_option(css, step["value"])
    elif kind == "press":
        page.focus(css)
        page.keyboard.press("+".join(PLAYWRIGHT_KEYS.get(k, k) for k in step["key"].split("+")))
    elif kind != "load":
        raise AssertionError(f"unknown action {kind!r}")


def browser_messages(browser: Browser, case: dict[str, Any]) -> list[dict[str, Any]]:
    html = page_html(case, head='<script src="/static/liveview/liveview.js" defer></script>')

    def serve(route: Route) -> None:
        # The main script, and the parts it loads on demand beside it.
        path = route.request.url.split("?")[0]
        if path.startswith("http://testserver/static/liveview/"):
            route.fulfill(
                body=(STATIC / path.rsplit("/", 1)[1]).read_text(), content_type="text/javascript"
            )
        else:
            route.fulfill(body=html, content_type="text/html")

    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.add_init_script(RECORDING_SOCKET)
        page.route("http://testserver/**", serve)
        page.goto("http://testserver/")
        page.wait_for_function("window.myWebSocket?.readyState === 1")
        for step in case.get("before", []):
            browser_perform(page, step)
        browser_perform(page, case["action"])
        page.wait_for_function("window.__sent.length > 0")
        assert not errors, errors
        return page.evaluate("window.__sent")
    finally:
        context.close()


@pytest.mark.parametrize("name", sorted(CASES))
def test_browser_message_equals_live_clients(name, browser, registry):
    case = CASES[name]
    liveview_handler(case["expected"]["function"])(ignore)
    sent_by_browser = browser_messages(browser, case)
    with LiveClient() as client:
        client.open(page_html(case))
        for step in case.get("before", []):
            perform(client, step)
        sent_by_client = perform(client, case["action"])
    assert [comparable(m) for m in sent_by_browser] == [comparable(m) for m in sent_by_client]
    assert [comparable(m) for m in sent_by_browser] == [expected_message(case)]
