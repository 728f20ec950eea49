"""The demo's foundation pages, driven in Debian's chromium as a user would."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import wait_connected, watch


def test_quickstart_say_hello(shared_server, page):
    page.goto(shared_server.url + "/")
    wait_connected(page)
    page.fill("#name", "Django")
    page.click("button:has-text('Say hello')")
    expect(page.locator("#greeting")).to_contain_text("Hello, Django!")
    # No reload happened: the input still holds what was typed.
    expect(page.locator("#name")).to_have_value("Django")


def test_room_comes_from_html_data_room(shared_server, page):
    page.goto(shared_server.url + "/")
    wait_connected(page)
    room = page.get_attribute("html", "data-room")
    assert page.evaluate("window.myWebSocket.url").endswith(f"/ws/liveview/{room}/")


def test_broadcast_reaches_a_second_tab(shared_server, new_page):
    first, second = new_page(), new_page()
    for tab in (first, second):
        tab.goto(shared_server.url + "/broadcast/")
        wait_connected(tab)
    first.fill("input[name=author]", "Ada")
    first.fill("input[name=message]", "hello from tab one")
    first.click("button[type=submit]")
    for tab in (first, second):
        expect(tab.locator("#messages li")).to_have_count(1)
        expect(tab.locator("#messages")).to_contain_text("hello from tab one")


def test_post_from_a_server_thread_reaches_every_tab(shared_server, new_page):
    """The original's pattern: a threading.Thread in the server process does
    async_to_sync(channel_layer.group_send)("broadcast", {"type": "broadcast_message", ...})
    with the in-memory layer."""
    tabs = [new_page(), new_page()]
    for tab in tabs:
        tab.goto(shared_server.url + "/broadcast/")
        wait_connected(tab)
    tabs[0].fill("input[name=message]", "tick from a thread")
    tabs[0].click("#from-thread")
    for tab in tabs:
        expect(tab.locator("#messages")).to_contain_text("tick from a thread")


def test_broadcast_empty_message_shows_error_only_to_sender(shared_server, new_page):
    first, second = new_page(), new_page()
    for tab in (first, second):
        tab.goto(shared_server.url + "/broadcast/")
        wait_connected(tab)
    first.click("button[type=submit]")
    expect(first.locator("#post-error")).to_have_text("Write something first.")
    expect(second.locator("#post-error")).to_have_text("")


def test_form_validation_errors_then_success(shared_server, page):
    page.goto(shared_server.url + "/form/")
    wait_connected(page)
    page.fill("input[name=name]", "Ada")
    page.fill("input[name=email]", "not-an-email")
    page.fill("input[name=age]", "9")
    page.click("button[type=submit]")
    expect(page.locator(".error[data-field=email]")).to_be_visible()
    expect(page.locator(".error[data-field=age]")).to_be_visible()
    page.fill("input[name=email]", "ada@example.com")
    page.fill("input[name=age]", "36")
    page.click("button[type=submit]")
    expect(page.locator(".success")).to_contain_text("Thanks, Ada!")


def test_every_page_in_the_nav_explains_itself_and_connects(shared_server, page):
    watcher = watch(page)
    page.goto(shared_server.url + "/")
    links = page.locator("nav a")
    expect(links.first).to_be_visible()
    pages = [a.get_attribute("href") for a in links.all()]
    assert len(pages) >= 19
    assert len(set(pages)) == len(pages)
    for href in pages:
        page.goto(shared_server.url + href)
        expect(page.locator("main h1")).to_be_visible()
        description = page.locator("main h1 + p")
        expect(description).not_to_be_empty()
        wait_connected(page)  # default settings refuse no room, not even an altered one
        # The nav is the same on every page.
        expect(page.locator("nav a")).to_have_count(len(pages))
    assert len(watcher.sockets) == len(pages) + 1  # one per page: no refusal, no renewal
