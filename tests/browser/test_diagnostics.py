"""Quiet by default: the client reports through liveview:* events on document, and writes
to the console only errors, or everything with webSocketConfig.debug."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.support import Console, configure, open_page, watch

REF = re.compile(r"[0-9a-f]{8}\.(\d+)")


def test_quiet_by_default(shared_server, page):
    console = Console(page)
    watcher = watch(page)
    open_page(page, shared_server.url + "/rendering/")
    for button in ("#do-replace", "#do-append", "#do-title", "#do-event", "#do-el-script"):
        page.click(button)
    watcher.settled()
    expect(page).to_have_title("Title set by the server")
    assert console.messages == []
    # An error is the exception: it is always written.
    page.click("#do-missing")
    watcher.wait_for("liveview:error")
    assert console.from_liveview() == [
        ("error", console.from_liveview()[0][1]),
    ]
    assert "target not found" in console.from_liveview()[0][1]


def test_debug_logs_every_step(shared_server, page):
    console = Console(page)
    configure(page, "{debug: true}")
    open_page(page, shared_server.url + "/")
    page.fill("#name", "Ada")
    with page.expect_console_message(lambda m: "[liveview] liveview:message" in m.text):
        page.click("button:has-text('Say hello')")
    expect(page.locator("#greeting")).to_contain_text("Hello, Ada!")
    logged = " ".join(console.of_type("debug"))
    for step in ("liveview:connecting", "liveview:connected", "liveview:sent", "liveview:message"):
        assert f"[liveview] {step}" in logged, logged


def test_lifecycle_events_in_order_with_their_details(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/")
    page.fill("#name", "Ada")
    page.click("button:has-text('Say hello')")
    expect(page.locator("#greeting")).to_contain_text("Hello, Ada!")
    watcher.settled()
    room = page.get_attribute("html", "data-room")
    url = f"ws://127.0.0.1:{shared_server.port}/ws/liveview/{room}/"
    events = watcher.events()
    assert [e["type"] for e in events] == [
        "liveview:connecting",
        "liveview:connected",
        "liveview:sent",
        "liveview:message",  # the greeting
        "liveview:ack",
        "liveview:message",  # the acknowledgement, applied (it has nothing else)
    ]
    connecting, connected, sent, greeting, ack, _ = (e["detail"] for e in events)
    assert connecting == {"url": url, "attempt": 0}
    assert connected == {"url": url}
    message = sent["message"]
    assert message["function"] == "say_hello"
    assert message["form"] == {"name": "Ada"}
    assert (message["data"], message["lang"], message["room"]) == ({}, "en", room)
    assert REF.fullmatch(message["ref"])
    assert greeting["message"]["target"] == "#greeting"
    assert ack == {"ref": message["ref"]}


def test_refs_increase_per_message(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/")
    for name in ("a", "b", "c"):
        page.fill("#name", name)
        page.click("button:has-text('Say hello')")
    watcher.settled()
    refs = [m["ref"] for m in watcher.sent]
    assert [int(REF.fullmatch(ref)[1]) for ref in refs] == [1, 2, 3]
    assert len({ref.split(".")[0] for ref in refs}) == 1
