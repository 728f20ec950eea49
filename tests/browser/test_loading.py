"""Loading states driven by acknowledgements: on from the click until the server's ack."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.loading_events import watch_loading
from tests.browser.support import configure, open_page

LOADING = re.compile(r"\bliveview-loading\b")

# Records, at the moment each ack is dispatched, whether the page's buttons were busy.
_AT_ACK = """
window.__atAck = [];
document.addEventListener("liveview:ack", () => {
  window.__atAck.push(Array.from(document.querySelectorAll(".toolbar button"), (b) =>
    [b.id, b.classList.contains("liveview-loading"), b.getAttribute("aria-busy"), b.disabled, b.textContent]));
});
"""


def open_loading(page, server, query="?slow=1"):
    watcher = watch_loading(page)
    open_page(page, server.url + "/loading/" + query)
    page.evaluate(_AT_ACK)
    return watcher


def busy(page, selector):
    expect(page.locator(selector)).to_have_class(LOADING)
    expect(page.locator(selector)).to_have_attribute("aria-busy", "true")


def idle(page, selector):
    expect(page.locator(selector)).not_to_have_class(LOADING)
    assert page.get_attribute(selector, "aria-busy") is None


def at_ack(page):
    """{button id: (loading class, aria-busy, disabled, text)} when the last ack came."""
    rows = page.evaluate("window.__atAck")[-1]
    return {row[0]: tuple(row[1:]) for row in rows}


def test_loading_until_the_ack_on_trigger_and_same_function(shared_server, page):
    watcher = open_loading(page, shared_server)
    page.click("#save")
    busy(page, "#save")
    busy(page, "#save-twin")  # same data-liveview-function
    idle(page, "#silent")
    watcher.wait_for("liveview:ack")
    seen = at_ack(page)
    assert seen["save"][:2] == (True, "true")
    assert seen["save-twin"][:2] == (True, "true")
    idle(page, "#save")
    idle(page, "#save-twin")
    expect(page.locator("#save-result")).to_have_text("Saved 1 time(s).")


def test_loading_ends_for_a_handler_that_sends_nothing(shared_server, page):
    watcher = open_loading(page, shared_server)
    page.click("#silent")
    busy(page, "#silent")
    watcher.wait_for("liveview:ack")
    assert at_ack(page)["silent"][:2] == (True, "true")
    idle(page, "#silent")
    assert watcher.updates() == []


def test_loading_events_carry_function_ref_and_element(shared_server, page):
    watcher = open_loading(page, shared_server)
    page.click("#silent")
    end = watcher.wait_for("liveview:loading-end")
    start = watcher.events("liveview:loading-start")[0]
    ref = watcher.sent_messages("slow_silent")[0]["ref"]
    assert start == {"function": "slow_silent", "ref": ref, "element": "<button>"}
    assert end == {**start, "reason": "ack"}


def test_overlapping_calls_stay_loading_until_the_last_ack(shared_server, page):
    watcher = open_loading(page, shared_server)
    page.click("#save")
    page.click("#save-twin")
    watcher.wait_for("liveview:ack")
    assert at_ack(page)["save"][:2] == (True, "true")
    # One ack in: the other call is still in flight, and the function stays busy.
    assert page.evaluate("document.querySelector('#save').classList.contains('liveview-loading')")
    watcher.wait_for("liveview:ack", 2)
    idle(page, "#save")
    idle(page, "#save-twin")


def test_disable_with_disables_and_restores_the_text(shared_server, page):
    watcher = open_loading(page, shared_server)
    button = page.locator("#disable-with")
    page.click("#disable-with")
    expect(button).to_be_disabled()
    expect(button).to_have_text("Saving…")
    watcher.wait_for("liveview:ack")
    assert at_ack(page)["disable-with"] == (True, "true", True, "Saving…")
    expect(button).to_be_enabled()
    expect(button).to_have_text("Save with disable-with")
    idle(page, "#disable-with")


def test_page_loading_class_on_html_during_a_navigation_like_call(shared_server, page):
    watcher = open_loading(page, shared_server)
    html = page.locator("html")
    page.click("#next-page")
    expect(html).to_have_class(re.compile(r"\bliveview-page-loading\b"))
    watcher.wait_for("liveview:ack")
    expect(html).not_to_have_class(re.compile(r"\bliveview-page-loading\b"))
    assert page.url.endswith("/loading/?page=2")


def test_a_reply_with_url_makes_the_function_page_loading(shared_server, page):
    """A function whose reply pushed a URL is navigation-like from then on."""
    watcher = open_loading(page, shared_server)
    page.evaluate("document.querySelector('#next-page').removeAttribute('data-liveview-loading')")
    page.click("#next-page")
    watcher.wait_for("liveview:ack")
    html = page.locator("html")
    page.click("#next-page")
    expect(html).to_have_class(re.compile(r"\bliveview-page-loading\b"))
    watcher.wait_for("liveview:ack", 2)
    expect(html).not_to_have_class(re.compile(r"\bliveview-page-loading\b"))


def test_ack_timeout_ends_loading_and_reports(shared_server, page):
    configure(page, "{ackTimeout: 300}")
    watcher = open_loading(page, shared_server, "?slow=2")
    page.click("#disable-with")
    busy(page, "#disable-with")
    timeout = watcher.wait_for("liveview:ack-timeout")
    assert timeout["function"] == "slow_save"
    assert watcher.count("liveview:ack") == 0
    idle(page, "#disable-with")
    expect(page.locator("#disable-with")).to_be_enabled()
    expect(page.locator("#disable-with")).to_have_text("Save with disable-with")
    assert watcher.events("liveview:loading-end")[0]["reason"] == "timeout"
    # The late ack changes nothing more.
    watcher.wait_for("liveview:ack")
    assert watcher.count("liveview:loading-end") == 1
