"""Helpers for browser tests: what the page's client did, seen from inside and on the wire.

- ``watch(page)`` (before ``goto``) records every ``liveview:*`` event in the page and every
  WebSocket frame Playwright sees; it returns a ``Watcher`` to query both.
- ``configure(page, js)`` sets ``window.webSocketConfig`` before the client reads it.
"""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import ConsoleMessage, Page, WebSocket

LIVEVIEW_EVENTS = [
    "liveview:connecting",
    "liveview:connected",
    "liveview:disconnected",
    "liveview:sent",
    "liveview:queued",
    "liveview:queue-dropped",
    "liveview:message",
    "liveview:ack",
    "liveview:history-restored",
    "liveview:room-refused",
    "liveview:session-ended",
    "liveview:error",
    "liveview:upload-progress",
    "liveview:upload-done",
    "liveview:upload-error",
]

# Runs in the page before its own scripts. Details are copied as plain JSON (elements become
# "<tag>") so that tests can read them back.
_RECORDER = """
(() => {
  const record = [];
  Object.defineProperty(window, "__liveviewEvents", { value: record });
  const plain = (value) =>
    JSON.parse(
      JSON.stringify(value === undefined ? null : value, (key, item) =>
        item instanceof Node ? "<" + item.nodeName.toLowerCase() + ">" : item,
      ),
    );
  for (const name of %s) {
    document.addEventListener(name, (event) => record.push({ type: event.type, detail: plain(event.detail) }));
  }
})();
"""


# Waits are written as functions: Playwright evaluates a bare expression with eval(), which a
# strict Content-Security-Policy (the strict CSP demo page) forbids.
_SETTLED = """() => {
  const events = window.__liveviewEvents;
  const acked = new Set(events.filter((e) => e.type === "liveview:ack").map((e) => e.detail.ref));
  return events
    .filter((e) => e.type === "liveview:sent")
    .every((e) => acked.has(e.detail.message.ref));
}"""


def _count_js(name: str) -> str:
    return f"window.__liveviewEvents.filter((e) => e.type === {json.dumps(name)}).length"


class Watcher:
    """The ``liveview:*`` events of one page and the frames of its sockets."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.sockets: list[str] = []
        self.sent: list[dict[str, Any]] = []
        self.received: list[dict[str, Any]] = []
        page.add_init_script(_RECORDER % json.dumps(LIVEVIEW_EVENTS))
        page.on("websocket", self._attach)

    def _attach(self, socket: WebSocket) -> None:
        self.sockets.append(socket.url)
        socket.on("framesent", lambda payload: self.sent.append(_decode(payload)))
        socket.on("framereceived", lambda payload: self.received.append(_decode(payload)))

    # Frames ----------------------------------------------------------------------------

    def calls(self, function: str) -> list[dict[str, Any]]:
        """Messages sent to the server for ``function``, in order."""
        return [m for m in self.sent if m.get("function") == function]

    # Events ----------------------------------------------------------------------------

    def events(self, name: str | None = None) -> list[dict[str, Any]]:
        """Details of the recorded events called ``name`` (all events, with type, if None)."""
        recorded = self.page.evaluate("window.__liveviewEvents")
        if name is None:
            return list(recorded)
        return [event["detail"] for event in recorded if event["type"] == name]

    def count(self, name: str) -> int:
        return int(self.page.evaluate(_count_js(name)))

    def wait_for(self, name: str, count: int = 1) -> dict[str, Any]:
        """Wait until ``name`` happened ``count`` times in all; return the last detail."""
        self.page.wait_for_function(f"() => {_count_js(name)} >= {count}")
        return self.events(name)[-1]

    def updates(self) -> list[dict[str, Any]]:
        """Server messages applied so far, acknowledgements left out."""
        messages = [e["message"] for e in self.events("liveview:message")]
        return [m for m in messages if set(m) - {"ack"}]

    def settled(self) -> None:
        """Wait until the server has acknowledged every message this page sent. A handler's
        updates reach the page before its acknowledgement, so they are all applied by then:
        what has not happened yet will not happen."""
        self.page.wait_for_function(_SETTLED)

    def sent_functions(self) -> list[str]:
        """Function names of every ``liveview:sent`` so far, as the page saw them."""
        return [e["message"]["function"] for e in self.events("liveview:sent")]

    def sent_messages(self, function: str) -> list[dict[str, Any]]:
        """Messages for ``function`` the page has written to its socket so far. Unlike
        ``calls()`` (frames, reported to the test asynchronously) this is exact at once."""
        sent = self.events("liveview:sent")
        return [e["message"] for e in sent if e["message"]["function"] == function]


def _decode(payload: str | bytes) -> dict[str, Any]:
    if isinstance(payload, bytes):  # an upload chunk: id, offset and size
        return {"chunk": payload[:16].hex(), "offset": int.from_bytes(payload[16:24], "big"),
                "size": len(payload) - 24}  # fmt: skip
    return json.loads(payload)


def watch(page: Page) -> Watcher:
    return Watcher(page)


def configure(page: Page, config: str) -> None:
    """Set ``window.webSocketConfig`` to the JavaScript object literal ``config`` before any
    script of the page runs (a literal, so that ``Infinity`` can be written)."""
    page.add_init_script(f"window.webSocketConfig = {config};")


def wait_connected(page: Page) -> None:
    page.wait_for_function("() => window.myWebSocket && window.myWebSocket.readyState === 1")


def open_page(page: Page, url: str) -> None:
    """Load ``url`` and wait until its socket is open."""
    page.goto(url)
    wait_connected(page)


class Console:
    """Every console message of a page, by type."""

    def __init__(self, page: Page) -> None:
        self.messages: list[tuple[str, str]] = []
        page.on("console", self._add)

    def _add(self, message: ConsoleMessage) -> None:
        self.messages.append((message.type, message.text))

    def of_type(self, kind: str) -> list[str]:
        return [text for type_, text in self.messages if type_ == kind]

    def from_liveview(self) -> list[tuple[str, str]]:
        return [(type_, text) for type_, text in self.messages if text.startswith("[liveview]")]


def next_frame(page: Page) -> None:
    """Let the page render twice (intersection and resize observers report by then)."""
    page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
