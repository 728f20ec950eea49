"""Tabs never stay stale: the server restarts with a new build identifier while a page of the
old build is open; the tab reconnects, hears of the new build, and reloads at a safe moment,
never losing what the user typed."""

from __future__ import annotations

import itertools
import shutil

import pytest
from playwright.sync_api import expect

from tests.browser.support import configure, open_page, watch
from tests.servers import DemoServer

FAST = "{reconnectDelay: 100, reconnectMultiplier: 1, jitter: 0, maxReconnectAttempts: Infinity}"

STALE_EVENTS = """
window.__stale = [];
document.addEventListener("liveview:stale", (event) => {
  window.__stale.push(event.detail);
  // Kept across reloads, for tests that see the page reload at once.
  const seen = JSON.parse(sessionStorage.getItem("test:stale") || "[]");
  sessionStorage.setItem("test:stale", JSON.stringify([...seen, event.detail]));
});
"""

_builds = itertools.count(1)


@pytest.fixture(scope="module")
def server(migrated_db, tmp_path_factory):
    """This module's own server, restarted with a new build by the tests."""
    database = tmp_path_factory.mktemp("builds") / "demo.sqlite3"
    shutil.copy(migrated_db, database)
    server = DemoServer(database, extra_env={"DEMO_BUILD_ID": f"build-{next(_builds)}"})
    server.start()
    yield server
    server.close()


def deploy(server):
    """Restart the server with a new build identifier; returns it."""
    build = f"build-{next(_builds)}"
    server.pause()
    server.extra_env["DEMO_BUILD_ID"] = build
    server.resume()
    return build


def open_hello(page, server):
    configure(page, FAST)
    page.add_init_script(STALE_EVENTS)
    open_page(page, server.url + "/")
    page.evaluate("window.__documentTag = 'kept'")
    return page.get_attribute("html", "data-liveview-build")


def test_page_and_handshake_carry_the_build(server, page):
    watcher = watch(page)
    build = open_hello(page, server)
    assert build == server.extra_env["DEMO_BUILD_ID"]
    room = page.get_attribute("html", "data-room")
    expected = f"{server.ws_url}/ws/liveview/{room}/?build={build}&path=%2F"
    assert watcher.sockets == [expected]


def test_unsent_edits_delay_the_reload_until_they_are_sent(server, page):
    watcher = watch(page)
    old = open_hello(page, server)
    page.fill("#name", "Grace")
    new = deploy(server)
    page.wait_for_function("() => window.__stale.length === 1")
    assert page.evaluate("window.__stale[0]") == {"reason": "build", "build": old, "server": new}
    # Edited since the last send: the tab waits, nothing lost.
    assert page.evaluate("window.__documentTag") == "kept"
    expect(page.locator("#name")).to_have_value("Grace")
    page.click("button:has-text('Say hello')")
    # Sent, acknowledged, then reloaded into the new build.
    expect(page.locator("html")).to_have_attribute("data-liveview-build", new)
    assert page.evaluate("window.__documentTag") is None
    assert [call["form"] for call in watcher.calls("say_hello")] == [{"name": "Grace"}]
    assert page.evaluate("window.__stale") == []


def test_hidden_tab_reloads_at_once_and_keeps_unsent_values(server, page):
    open_hello(page, server)
    page.fill("#name", "Ada")
    page.evaluate(
        """Object.defineProperty(document, "visibilityState", {value: "hidden", configurable: true});
        document.dispatchEvent(new Event("visibilitychange"));"""
    )
    new = deploy(server)
    expect(page.locator("html")).to_have_attribute("data-liveview-build", new)
    assert page.evaluate("window.__documentTag") is None
    # What was typed and never sent came over the reload.
    expect(page.locator("#name")).to_have_value("Ada")


def test_a_cancelled_stale_event_keeps_the_page(server, page):
    open_hello(page, server)
    page.evaluate("document.addEventListener('liveview:stale', (event) => event.preventDefault())")
    deploy(server)
    page.wait_for_function("() => window.__stale.length === 1")
    page.fill("#name", "Lin")
    page.click("button:has-text('Say hello')")
    expect(page.locator("#greeting")).to_contain_text("Hello, Lin!")
    assert page.evaluate("window.__documentTag") == "kept"


@pytest.fixture(scope="module")
def strict_server(migrated_db, tmp_path_factory):
    database = tmp_path_factory.mktemp("strict-builds") / "demo.sqlite3"
    shutil.copy(migrated_db, database)
    server = DemoServer(database, extra_env={"DEMO_REQUIRE_SIGNED_ROOMS": "1"})
    server.start()
    yield server
    server.close()


def test_a_credential_that_cannot_be_renewed_reloads_the_page(strict_server, page):
    """The page's room is refused, and the server answers the renewal's fetch with an error
    page: no fresh room can be had, so the tab reloads (when safe) to show what it says now."""
    watcher = watch(page)
    address = strict_server.url + "/room-refused/"
    loads = []

    def second_load_fails(route):
        loads.append(route.request.url)
        if len(loads) == 2:
            route.fulfill(status=503, content_type="text/html", body="<p>Back soon</p>")
        else:
            route.continue_()

    page.route(address, second_load_fails)
    page.add_init_script(STALE_EVENTS)
    page.goto(address)
    # Reloaded (the third load), which renews its room and connects.
    page.wait_for_function("() => window.myWebSocket && window.myWebSocket.readyState === 1")
    watcher.wait_for("liveview:connected")
    assert len(loads) >= 3
    seen = page.evaluate("JSON.parse(sessionStorage.getItem('test:stale'))")
    assert seen == [{"reason": "credentials", "build": None, "server": None}]
