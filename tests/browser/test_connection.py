"""SPEC 4.9 without restarting the server: the socket URL and its overrides, the room,
window.myWebSocket, the offline banner, and a refused room (close code 4403)."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import Console, configure, open_page, wait_connected, watch
from tests.servers import DemoServer

START = datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc)
UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")

# Runs after the document is parsed and before deferred scripts (the liveview client).
BEFORE_CLIENT = """
document.addEventListener("readystatechange", () => {
  if (document.readyState === "interactive") { %s }
});
"""


def banner(page):
    return page.locator("#no-connection")


def test_socket_url_comes_from_location_and_html_data_room(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/")
    room = page.get_attribute("html", "data-room")
    expected = f"ws://127.0.0.1:{shared_server.port}/ws/liveview/{room}/"
    assert page.evaluate("window.myWebSocket.url") == expected
    assert watcher.sockets == [expected]
    assert watcher.events("liveview:connected") == [{"url": expected}]


def test_my_websocket_is_the_socket_in_use(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/")
    assert page.evaluate("window.myWebSocket instanceof WebSocket") is True
    # What a user's own code writes on it reaches the server like a client message.
    page.evaluate(
        """window.myWebSocket.send(JSON.stringify(
        {function: "say_hello", form: {name: "raw socket"}, data: {}, lang: "en"}))"""
    )
    expect(page.locator("#greeting")).to_contain_text("Hello, raw socket!")
    assert watcher.calls("say_hello")[0]["form"] == {"name": "raw socket"}


def test_page_without_data_room_uses_a_random_uuid(shared_server, page):
    watch(page)
    page.add_init_script(BEFORE_CLIENT % 'document.documentElement.removeAttribute("data-room");')
    page.goto(shared_server.url + "/")
    page.wait_for_function("() => window.myWebSocket !== undefined")
    url = page.evaluate("window.myWebSocket.url")
    prefix = f"ws://127.0.0.1:{shared_server.port}/ws/liveview/"
    assert url.startswith(prefix)
    assert UUID4.fullmatch(url[len(prefix) : -1]), url


@pytest.mark.parametrize(
    ("address", "config"),
    [
        ("/custom-path/", None),  # the demo page sets webSocketConfig itself
        ("/", '{path: "custom/ws"}'),  # slashes are added
    ],
)
def test_web_socket_config_path_is_honoured(shared_server, page, address, config):
    if config:
        configure(page, config)
    open_page(page, shared_server.url + address)
    room = page.get_attribute("html", "data-room")
    assert page.evaluate("window.myWebSocket.url").endswith(f"/custom/ws/{room}/")
    if address == "/custom-path/":
        page.click("#ping")
        expect(page.locator("#pong-path")).to_have_text(f"/custom/ws/{room}/")
    else:
        page.fill("#name", "path")
        page.click("button:has-text('Say hello')")
        expect(page.locator("#greeting")).to_contain_text("Hello, path!")


@pytest.fixture(scope="module")
def socket_host(shared_server):
    """A second server reading the same sessions (same database and SECRET_KEY), which
    accepts sockets from pages of the first: what webSocketConfig.host is for."""
    server = DemoServer(
        shared_server.database, extra_env={"DEMO_ALLOWED_ORIGINS": shared_server.url}
    )
    server.start()
    yield server
    server.close()


def test_web_socket_config_host_is_honoured(shared_server, socket_host, page):
    watcher = watch(page)
    configure(page, f'{{host: "127.0.0.1:{socket_host.port}"}}')
    open_page(page, shared_server.url + "/")
    room = page.get_attribute("html", "data-room")
    expected = f"ws://127.0.0.1:{socket_host.port}/ws/liveview/{room}/"
    assert watcher.sockets == [expected]
    page.fill("#name", "other host")
    page.click("button:has-text('Say hello')")
    expect(page.locator("#greeting")).to_contain_text("Hello, other host!")


def test_web_socket_config_protocol_is_honoured(shared_server, page):
    watcher = watch(page)
    configure(page, '{protocol: "wss", maxReconnectAttempts: 0}')
    page.goto(shared_server.url + "/")
    # The demo speaks plain ws: the TLS handshake fails, but it was the configured protocol.
    closed = watcher.wait_for("liveview:disconnected")
    assert closed["willReconnect"] is False
    room = page.get_attribute("html", "data-room")
    expected = f"wss://127.0.0.1:{shared_server.port}/ws/liveview/{room}/"
    assert watcher.events("liveview:connecting") == [{"url": expected, "attempt": 0}]
    assert watcher.sockets == [expected]


def test_invalid_config_value_is_reported_and_the_default_used(shared_server, page):
    console = Console(page)
    configure(page, '{reconnectDelay: "soon", path: 42}')
    open_page(page, shared_server.url + "/")
    errors = console.of_type("error")
    assert any("webSocketConfig.reconnectDelay must be a number" in e for e in errors), errors
    assert any("webSocketConfig.path must be a string" in e for e in errors), errors
    assert "/ws/liveview/" in page.evaluate("window.myWebSocket.url")


def test_banner_shows_while_the_browser_is_offline(shared_server, page):
    open_page(page, shared_server.url + "/")
    expect(banner(page)).to_have_class(re.compile(r"\bno-connection--hide\b"))
    page.context.set_offline(True)
    expect(banner(page)).to_have_class(re.compile(r"\bno-connection--show\b"))
    expect(banner(page)).not_to_have_class(re.compile(r"\bno-connection--hide\b"))
    expect(banner(page)).to_be_visible()
    page.context.set_offline(False)
    expect(banner(page)).to_have_class(re.compile(r"\bno-connection--hide\b"))
    expect(banner(page)).not_to_have_class(re.compile(r"\bno-connection--show\b"))
    expect(banner(page)).to_be_hidden()
    wait_connected(page)


@pytest.fixture(scope="module")
def strict_rooms_server(migrated_db, tmp_path_factory):
    """The demo with the opt-in strict room mode: rooms not issued to the session get 4403."""
    import shutil

    database = tmp_path_factory.mktemp("strict") / "demo.sqlite3"
    shutil.copy(migrated_db, database)
    server = DemoServer(database, extra_env={"DEMO_REQUIRE_SIGNED_ROOMS": "1"})
    server.start()
    yield server
    server.close()


def stopped_clock(page):
    page.clock.install(time=START)
    page.clock.pause_at(START + datetime.timedelta(seconds=1))


def test_refused_room_stops_reconnecting(strict_rooms_server, page):
    """With REQUIRE_SIGNED_ROOMS the server closes with 4403 a room it did not sign for this
    session (this page alters its own): retrying the same room could never work, so the
    client stops for good."""
    watcher = watch(page)
    console = Console(page)
    stopped_clock(page)
    page.goto(strict_rooms_server.url + "/room-refused/")
    refused = watcher.wait_for("liveview:room-refused")
    assert refused["code"] == 4403
    assert refused["url"] == page.evaluate("window.myWebSocket.url")
    assert watcher.events("liveview:disconnected")[-1]["willReconnect"] is False
    expect(banner(page)).to_have_class(re.compile(r"\bno-connection--show\b"))
    expect(page.locator("#refused-status")).to_have_text(
        "refused (close code 4403); not reconnecting"
    )
    assert any("refused this page's room" in e for e in console.of_type("error"))
    # Nothing brings the same room back: not time, the network, the tab, or the user.
    page.clock.run_for(10 * 60 * 1000)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    page.click("#refused-send")
    error = watcher.wait_for("liveview:error", 2)
    assert error["message"] == "not sent: the connection is closed for good"
    page.clock.run_for(10 * 60 * 1000)
    assert watcher.count("liveview:connecting") == 1
    assert watcher.count("liveview:sent") == 0
    expect(banner(page)).to_have_class(re.compile(r"\bno-connection--show\b"))


def test_altered_room_page_is_served_by_default(shared_server, page):
    page.goto(shared_server.url + "/room-refused/")
    wait_connected(page)
    expect(page.locator("#refused-status")).to_contain_text("served")


def test_room_tampered_in_the_browser_is_refused_when_required(strict_rooms_server, page):
    watcher = watch(page)
    page.add_init_script(
        BEFORE_CLIENT
        % """const html = document.documentElement;
        html.dataset.room = html.dataset.room.slice(0, -4) + "beef";"""
    )
    page.goto(strict_rooms_server.url + "/")
    assert watcher.wait_for("liveview:room-refused")["code"] == 4403
    expect(banner(page)).to_have_class(re.compile(r"\bno-connection--show\b"))
    assert watcher.count("liveview:connecting") == 1


def test_signed_room_of_another_session_hears_nothing_of_it(shared_server, new_page):
    """A room copied from another visitor's page is served, but what the victim sends to
    the room reaches only the victim's own tabs."""
    victim, thief = new_page(), new_page()
    open_page(victim, shared_server.url + "/broadcast/")
    room = victim.get_attribute("html", "data-room")
    thief.add_init_script(BEFORE_CLIENT % f'document.documentElement.dataset.room = "{room}";')
    open_page(thief, shared_server.url + "/broadcast/")
    assert thief.evaluate("window.myWebSocket.url").endswith(f"/{room}/")
    victim.fill("input[name=message]", "for my tabs only")
    victim.click("#to-my-tabs")
    expect(victim.locator("#messages")).to_contain_text("for my tabs only")
    thief.fill("input[name=message]", "thief posts everywhere")
    thief.click("button[type=submit]")  # a broadcast: proves the thief's socket listens
    expect(thief.locator("#messages")).to_contain_text("thief posts everywhere")
    expect(victim.locator("#messages")).to_contain_text("thief posts everywhere")
    expect(thief.locator("#messages")).not_to_contain_text("for my tabs only")


def test_signed_room_of_another_session_is_refused_when_required(strict_rooms_server, new_page):
    """A room copied from another visitor's page: signed, but for another session."""
    first, second = new_page(), new_page()
    open_page(first, strict_rooms_server.url + "/")
    room = first.get_attribute("html", "data-room")
    watcher = watch(second)
    second.add_init_script(BEFORE_CLIENT % f'document.documentElement.dataset.room = "{room}";')
    second.goto(strict_rooms_server.url + "/")
    assert watcher.wait_for("liveview:room-refused")["code"] == 4403
