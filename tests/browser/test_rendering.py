"""SPEC 3 (server message keys) and 4.10 (rendering, scripts, __cleanup, missing targets)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.support import Console, open_page, watch

# Resolves with what a listener on document saw of the next `name` event.
NEXT_EVENT = """(name) => {
  window.__nextEvent = new Promise((resolve) => {
    document.addEventListener(name, (event) => resolve({
      detail: event.detail,
      bubbles: event.bubbles,
      onDocument: event.target === document,
      custom: event instanceof CustomEvent,
    }), { once: true });
  });
}"""


@pytest.fixture
def rendering(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/rendering/")
    return page, watcher


def test_html_replaces_the_content_of_the_target(rendering):
    page, _ = rendering
    page.click("#do-replace")
    expect(page.locator("#replace-target > *")).to_have_count(1)
    expect(page.locator("#replace-target p.replaced")).to_have_text(
        "Replaced by the server (1 time(s))."
    )


def test_append_adds_at_the_end(rendering):
    page, _ = rendering
    page.click("#do-append")
    page.click("#do-append")
    expect(page.locator("#append-list li")).to_have_text(
        ["Item 0 (from the page)", "Item 1 (appended)", "Item 2 (appended)"]
    )


def test_remove_removes_the_target_itself(rendering):
    page, _ = rendering
    page.click("#do-remove")
    expect(page.locator("#removable")).to_have_count(0)


def test_scripts_run_after_insertion_with_el_and_this_bound_to_the_target(rendering):
    page, _ = rendering
    page.click("#do-el-script")
    target = page.locator("#script-target")
    expect(target.locator(".from-script")).to_have_text(
        "Rewritten by a script that ran with el = #script-target"
    )
    expect(target).to_have_attribute("data-el-id", "script-target")
    expect(target).to_have_attribute("data-this-is-el", "true")
    expect(target).to_have_attribute("data-text-javascript", "ran")
    # The classic script was taken out; data scripts stay and module scripts never run.
    expect(target.locator("script:not([type])")).to_have_count(0)
    expect(target.locator('script[type="application/json"]')).to_have_js_property(
        "textContent", '{"kept": true}'
    )
    assert page.evaluate("window.moduleScriptRan") is None


def test_cleanup_runs_before_the_content_is_replaced(rendering):
    page, watcher = rendering
    page.click("#do-ticker")
    expect(page.locator("#ticker-slot .ticker")).to_be_attached()
    page.click("#do-replace-ticker")
    expect(page.locator("#ticker-slot")).to_have_text("The ticker was replaced.")
    expect(page.locator("#cleanup-log")).to_have_text("cleanup ran, ticker still in place;")
    # Called once: it is forgotten after it ran.
    page.click("#do-replace-ticker")
    watcher.settled()
    expect(page.locator("#cleanup-log")).to_have_text("cleanup ran, ticker still in place;")


def test_cleanup_runs_before_an_ancestor_is_removed(rendering):
    page, _ = rendering
    page.click("#do-ticker")
    expect(page.locator("#ticker-slot .ticker")).to_be_attached()
    page.click("#do-remove-ticker")
    expect(page.locator("#ticker-box")).to_have_count(0)
    expect(page.locator("#cleanup-log")).to_have_text("cleanup ran, ticker still in place;")


def test_title_sets_the_document_title(rendering):
    page, _ = rendering
    page.click("#do-title")
    expect(page).to_have_title("Title set by the server")


def test_scroll_brings_the_element_into_view(rendering):
    page, _ = rendering
    expect(page.locator("#far-away")).not_to_be_in_viewport()
    page.click("#do-scroll")
    expect(page.locator("#far-away")).to_be_in_viewport()


def test_scroll_top_scrolls_to_the_top(rendering):
    page, _ = rendering
    page.locator("#far-away").scroll_into_view_if_needed()
    assert page.evaluate("window.scrollY") > 1000
    page.click("#do-scroll-top-2")
    page.wait_for_function("() => window.scrollY === 0")


def test_script_key_runs_with_this_bound_to_the_body(rendering):
    page, _ = rendering
    page.click("#do-script")
    expect(page.locator("#script-key-out")).to_have_text("ran with this = body, el = body")


def test_event_is_dispatched_on_document_with_event_data(rendering):
    page, _ = rendering
    page.evaluate(NEXT_EVENT, "demo:cart-updated")
    page.click("#do-event")
    seen = page.evaluate("window.__nextEvent")
    assert seen == {
        "detail": {"count": 1, "items": ["tea"]},
        "bubbles": True,
        "onDocument": True,
        "custom": True,
    }
    expect(page.locator("#event-out")).to_have_text('demo:cart-updated {"count":1,"items":["tea"]}')


def test_message_with_several_keys_applies_them_all(rendering):
    page, _ = rendering
    page.evaluate(NEXT_EVENT, "demo:cart-updated")
    page.click("#do-all")
    expect(page.locator("#replace-target")).to_have_text(
        "Replaced, with a title, a script and an event."
    )
    expect(page).to_have_title("Several keys at once")
    expect(page.locator("#script-key-out")).to_have_text("ran (several keys)")
    assert page.evaluate("window.__nextEvent")["detail"] == {"count": 0, "items": []}


def test_message_without_target_still_applies_its_other_keys(rendering):
    page, _ = rendering
    page.evaluate(NEXT_EVENT, "demo:cart-updated")
    page.click("#do-no-target")
    expect(page).to_have_title("No target needed")
    expect(page.locator("#script-key-out")).to_have_text("ran (no target)")
    assert page.evaluate("window.__nextEvent")["detail"] == {"count": -1, "items": []}
    expect(page.locator("#far-away")).to_be_in_viewport()


def test_url_alone_pushes_a_history_entry(rendering, shared_server):
    page, _ = rendering
    length = page.evaluate("history.length")
    page.click("#do-url")
    page.wait_for_url(shared_server.url + "/rendering/?pushed=1")
    assert page.evaluate("history.length") == length + 1
    expect(page.locator("#replace-target")).to_have_text("The original content.")


def test_missing_target_logs_an_error_and_changes_nothing(rendering):
    page, watcher = rendering
    console = Console(page)
    title = page.title()
    page.click("#do-missing")
    error = watcher.wait_for("liveview:error")
    watcher.settled()
    assert error["source"] == "client"
    assert error["target"] == "#not-on-this-page"
    assert any("target not found" in text for text in console.of_type("error"))
    # Not even the title or the script of that message: it was ignored entirely.
    assert page.title() == title
    expect(page.locator("#script-key-out")).to_have_text("not run")
    assert watcher.updates() == []


def test_failing_handler_is_reported_and_the_connection_stays(rendering):
    page, watcher = rendering
    console = Console(page)
    page.click("#do-fail")
    error = watcher.wait_for("liveview:error")
    assert error == {
        "source": "server",
        "message": "Handler error: this handler fails on purpose",  # the demo runs with DEBUG
        "function": "fail_on_purpose",
    }
    expect(page.locator("#error-out")).to_have_text(
        "server: Handler error: this handler fails on purpose"
    )
    assert any("server error" in text for text in console.of_type("error"))
    page.click("#do-replace")
    expect(page.locator("#replace-target p.replaced")).to_be_visible()
    assert watcher.count("liveview:connecting") == 1
