"""SPEC 4.9 without restarting the server: the socket URL and its overrides, the room,
window.myWebSocket and the offline banner. Refused rooms: test_refusals.py."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import Console, configure, open_page, wait_connected, watch
from tests.servers import DemoServer

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
    watcher = watch(page)
    page.add_init_script(BEFORE_CLIENT % 'document.documentElement.removeAttribute("data-room");')
    page.goto(shared_server.url + "/")
    watcher.wait_for("liveview:connecting")
    # The first socket: where rooms must be issued, the client then renews it (test_refusals).
    url = watcher.events("liveview:connecting")[0]["url"]
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


def test_altered_room_page_is_served_by_default(shared_server, page):
    page.goto(shared_server.url + "/room-refused/")
    wait_connected(page)
    expect(page.locator("#refused-status")).to_have_text("connected")


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
