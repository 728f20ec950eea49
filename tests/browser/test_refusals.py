"""A refusal is never a dead end. Under the opt-in REQUIRE_SIGNED_ROOMS (a dedicated server:
this is about that mode), a room the server did not issue to the session is closed with 4403;
the tab fetches its page again for a fresh room and reconnects by itself, and only when that
fails too is it told, through ``liveview:room-refused``, and tries again at the next chance."""

from __future__ import annotations

import re
import shutil

import pytest
from playwright.sync_api import expect

from tests.browser.support import open_page, wait_connected, watch
from tests.servers import DemoServer

# Runs after the document is parsed and before deferred scripts (the liveview client).
BEFORE_CLIENT = """
document.addEventListener("readystatechange", () => {
  if (document.readyState === "interactive") { %s }
});
"""


@pytest.fixture(scope="module")
def strict_server(migrated_db, tmp_path_factory):
    database = tmp_path_factory.mktemp("strict") / "demo.sqlite3"
    shutil.copy(migrated_db, database)
    server = DemoServer(database, settings="tests.strict_rooms_settings")
    server.start()
    yield server
    server.close()


def banner(page):
    return page.locator("#no-connection")


def room_of(url):
    return url.rstrip("/").rsplit("/", 1)[-1]


def test_refused_room_is_renewed_and_the_tab_reconnects(strict_server, page):
    """The page's room is stale (this page alters it, as an expired room or a session changed
    by a login in another tab would be): 4403, a fresh room fetched, connected again."""
    watcher = watch(page)
    page.goto(strict_server.url + "/room-refused/")
    stale = page.get_attribute("html", "data-room")
    refused = watcher.wait_for("liveview:disconnected")
    assert refused["code"] == 4403
    assert refused["renew"] is True
    watcher.wait_for("liveview:connected")
    wait_connected(page)
    fresh = room_of(page.evaluate("window.myWebSocket.url"))
    assert fresh != stale
    assert watcher.count("liveview:room-refused") == 0
    expect(page.locator("#refused-status")).to_have_text("connected")
    expect(banner(page)).to_have_class(re.compile(r"\bno-connection--hide\b"))
    page.click("#refused-send")
    expect(page.locator("#pong-path")).to_have_text(f"/ws/liveview/{fresh}/")


def test_room_of_another_session_is_renewed_for_this_one(strict_server, new_page):
    """A room copied from another visitor's page is refused, and the tab gets its own."""
    first, second = new_page(), new_page()
    open_page(first, strict_server.url + "/")
    theirs = first.get_attribute("html", "data-room")
    watcher = watch(second)
    second.add_init_script(BEFORE_CLIENT % f'document.documentElement.dataset.room = "{theirs}";')
    second.goto(strict_server.url + "/")
    assert watcher.wait_for("liveview:disconnected")["code"] == 4403
    # The refused socket had opened (connected #1) before the server closed it: the renewed
    # one is connection #2.
    watcher.wait_for("liveview:connected", count=2)
    assert room_of(second.evaluate("window.myWebSocket.url")) not in {theirs, ""}


def test_room_refused_without_a_fresh_one_is_reported_then_retried(strict_server, page):
    """The page cannot be fetched (offline server, error page): the tab says so and keeps the
    banner up, then tries again when the browser is back online, and connects."""
    watcher = watch(page)
    address = strict_server.url + "/room-refused/"
    loads = []

    def first_load_only(route):
        loads.append(route.request.url)
        if len(loads) == 1:
            route.continue_()
        else:
            route.abort()

    page.route(address, first_load_only)
    page.goto(address)
    refused = watcher.wait_for("liveview:room-refused")
    assert refused["code"] == 4403
    assert refused["reason"] == "no fresh room could be fetched"
    assert watcher.events("liveview:disconnected")[-1]["willReconnect"] is False
    expect(banner(page)).to_have_class(re.compile(r"\bno-connection--show\b"))
    expect(page.locator("#refused-status")).to_have_text(
        "refused (close code 4403): no fresh room could be fetched"
    )
    page.unroute(address)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    watcher.wait_for("liveview:connected")
    expect(banner(page)).to_have_class(re.compile(r"\bno-connection--hide\b"))
    expect(page.locator("#refused-status")).to_have_text("connected")
