"""The demo's foundation pages, driven in Debian's chromium as a user would."""

from __future__ import annotations

from playwright.sync_api import expect


def wait_connected(page):
    page.wait_for_function("window.myWebSocket && window.myWebSocket.readyState === 1")


def test_quickstart_say_hello(demo_server, page):
    page.goto(demo_server.url + "/")
    wait_connected(page)
    page.fill("#name", "Django")
    page.click("button:has-text('Say hello')")
    expect(page.locator("#greeting")).to_contain_text("Hello, Django!")
    # No reload happened: the input still holds what was typed.
    expect(page.locator("#name")).to_have_value("Django")


def test_room_comes_from_html_data_room(demo_server, page):
    page.goto(demo_server.url + "/")
    wait_connected(page)
    room = page.get_attribute("html", "data-room")
    assert page.evaluate("window.myWebSocket.url").endswith(f"/ws/liveview/{room}/")


def test_broadcast_reaches_a_second_tab(demo_server, new_page):
    first, second = new_page(), new_page()
    for tab in (first, second):
        tab.goto(demo_server.url + "/broadcast/")
        wait_connected(tab)
    first.fill("input[name=author]", "Ada")
    first.fill("input[name=message]", "hello from tab one")
    first.click("button[type=submit]")
    for tab in (first, second):
        expect(tab.locator("#messages li")).to_have_count(1)
        expect(tab.locator("#messages")).to_contain_text("hello from tab one")


def test_broadcast_empty_message_shows_error_only_to_sender(demo_server, new_page):
    first, second = new_page(), new_page()
    for tab in (first, second):
        tab.goto(demo_server.url + "/broadcast/")
        wait_connected(tab)
    first.click("button[type=submit]")
    expect(first.locator("#post-error")).to_have_text("Write something first.")
    expect(second.locator("#post-error")).to_have_text("")


def test_form_validation_errors_then_success(demo_server, page):
    page.goto(demo_server.url + "/form/")
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
