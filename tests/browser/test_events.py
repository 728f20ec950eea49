"""SPEC 4 (Stimulus actions) and 4.1: any event can call a handler; page#run, page#stop."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.support import Console, open_page, watch


@pytest.fixture
def events_page(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/events/")
    return page, watcher


def logged(page, event):
    return page.locator(f'#event-log li[data-event="{event}"]')


def test_click_runs_the_handler(events_page):
    page, watcher = events_page
    page.click("#ev-click")
    expect(logged(page, "click")).to_have_count(1)
    [message] = watcher.calls("log_event")
    assert message["data"] == {"dataEvent": "click"}


def test_input_runs_on_every_keystroke(events_page):
    page, watcher = events_page
    page.locator("#ev-input").press_sequentially("abc")
    expect(logged(page, "input")).to_have_count(3)
    assert [m["form"] for m in watcher.calls("log_event")] == [
        {"typed": "a"},
        {"typed": "ab"},
        {"typed": "abc"},
    ]


def test_submit_runs_without_the_browser_submitting(events_page, shared_server):
    page, _ = events_page
    page.evaluate("window.__sameDocument = true")
    page.fill("#ev-submit-text", "hello")
    page.click("#ev-submit")
    expect(logged(page, "submit")).to_contain_text('{"message": "hello"}')
    # run prevented the default action: no POST, no new document.
    assert page.evaluate("window.__sameDocument") is True
    assert page.url == shared_server.url + "/events/"


def test_enter_in_a_field_submits_through_the_handler_too(events_page):
    page, _ = events_page
    page.evaluate("window.__sameDocument = true")
    page.fill("#ev-submit-text", "by enter")
    page.press("#ev-submit-text", "Enter")
    expect(logged(page, "submit")).to_contain_text('{"message": "by enter"}')
    assert page.evaluate("window.__sameDocument") is True


def test_change_runs_the_handler(events_page):
    page, _ = events_page
    page.select_option("#ev-change", "pistachio")
    expect(logged(page, "change")).to_contain_text('{"flavour": "pistachio"}')


def test_blur_runs_when_the_focus_leaves(events_page):
    page, watcher = events_page
    page.fill("#ev-blur", "Bob")
    page.focus("#ev-submit-text")
    expect(logged(page, "blur")).to_contain_text('{"nickname": "Bob"}')
    # Nothing went out while typing: the one message carries the whole value.
    assert [m["form"] for m in watcher.calls("log_event")] == [{"nickname": "Bob"}]


def test_keydown_with_a_key_filter_runs_on_that_key_only(events_page):
    page, watcher = events_page
    page.locator("#ev-keydown").press_sequentially("go")
    page.press("#ev-keydown", "Enter")
    expect(logged(page, "keydown")).to_contain_text('{"command": "go"}')
    # The letters were typed normally: only the matching keydown was taken over.
    expect(page.locator("#ev-keydown")).to_have_value("go")
    assert len(watcher.calls("log_event")) == 1


def test_run_prevents_a_link_from_navigating(events_page, shared_server):
    page, _ = events_page
    page.click("#ev-link")
    expect(logged(page, "link click")).to_have_count(1)
    assert page.url == shared_server.url + "/events/"


def test_click_bubbles_to_an_outer_action(events_page):
    page, _ = events_page
    page.click("#ev-bubbles")
    expect(logged(page, "box click")).to_have_count(1)


def test_stop_keeps_the_event_from_the_outer_action(events_page):
    page, watcher = events_page
    page.click("#ev-stops")
    # A click that does bubble, afterwards: once its reply is in, the first one's would be too.
    page.click("#ev-bubbles")
    expect(logged(page, "box click")).to_have_count(1)
    assert len(watcher.calls("log_event")) == 1


def test_missing_function_logs_an_error_and_sends_nothing(events_page):
    page, watcher = events_page
    console = Console(page)
    page.click("#ev-missing")
    error = watcher.wait_for("liveview:error")
    assert "data-liveview-function is missing" in error["message"]
    assert error["element"] == "<button>"
    page.click("#ev-click")
    expect(logged(page, "click")).to_have_count(1)
    assert [m["function"] for m in watcher.sent] == ["log_event"]
    assert any("data-liveview-function is missing" in text for text in console.of_type("error"))


def test_stimulus_application_is_exposed_for_user_controllers(events_page):
    page, _ = events_page
    # The page has no controller of its own: the full Stimulus is not fetched until asked for.
    assert page.evaluate("Boolean(window.liveviewChunks?.stimulus)") is False
    # Reading window.Stimulus loads it; the application then takes over the page actions.
    page.evaluate("window.Stimulus")
    page.wait_for_function(
        "typeof window.Stimulus.getControllerForElementAndIdentifier === 'function'"
    )
    page.evaluate(
        """() => {
        const pageController = window.Stimulus.getControllerForElementAndIdentifier(document.body, "page");
        const Controller = Object.getPrototypeOf(pageController.constructor);
        window.Stimulus.register("user-greeter", class extends Controller {
          connect() { this.element.textContent = "connected by a user controller"; }
        });
        const element = document.createElement("p");
        element.id = "user-controller";
        element.dataset.controller = "user-greeter";
        document.body.append(element);
    }"""
    )
    expect(page.locator("#user-controller")).to_have_text("connected by a user controller")
    # The page actions still work, run by Stimulus now, each once.
    page.click("#ev-click")
    expect(logged(page, "click")).to_have_count(1)


def test_an_element_naming_another_controller_loads_stimulus(events_page):
    """A page that uses a controller of its own gets the full Stimulus without asking."""
    page, _ = events_page
    page.evaluate(
        """() => {
        const element = document.createElement("p");
        element.id = "late-controller";
        element.dataset.controller = "late";
        document.body.append(element);
    }"""
    )
    page.wait_for_function("Boolean(window.liveviewChunks?.stimulus)")
    page.wait_for_function(
        "typeof window.Stimulus.getControllerForElementAndIdentifier === 'function'"
    )
    page.evaluate(
        """() => {
        const pageController = window.Stimulus.getControllerForElementAndIdentifier(document.body, "page");
        const Controller = Object.getPrototypeOf(pageController.constructor);
        window.Stimulus.register("late", class extends Controller {
          connect() { this.element.textContent = "connected late"; }
        });
    }"""
    )
    expect(page.locator("#late-controller")).to_have_text("connected late")
    page.click("#ev-click")
    expect(logged(page, "click")).to_have_count(1)


def test_messages_carry_the_documented_keys(events_page, shared_server):
    page, watcher = events_page
    page.click("#ev-click")
    expect(logged(page, "click")).to_have_count(1)
    [message] = watcher.calls("log_event")
    room = page.get_attribute("html", "data-room")
    assert set(message) == {"function", "form", "data", "lang", "room", "ref"}
    assert message["room"] == room
    assert message["lang"] == "en"
    assert json.dumps(message["form"])  # the nearest fields of the button: a JSON object
