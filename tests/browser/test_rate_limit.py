"""SPEC 4.4 (debounce) and data-liveview-throttle, timed with Playwright's clock."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.support import open_page, watch

START = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def timed_page(shared_server, page):
    """The debounce/throttle page with the page's clock stopped: time moves only when the
    test says so, and typing takes no time at all."""
    watcher = watch(page)
    page.clock.install(time=START)
    page.clock.pause_at(START + datetime.timedelta(seconds=1))
    open_page(page, shared_server.url + "/debounce-throttle/")
    return page, watcher


def test_debounce_sends_only_the_last_of_a_burst(timed_page):
    page, watcher = timed_page
    page.locator("#search").press_sequentially("ber")
    assert watcher.count("liveview:sent") == 0
    page.clock.run_for(299)
    assert watcher.count("liveview:sent") == 0
    page.clock.run_for(1)
    expect(page.locator("#search-count")).to_contain_text("Request 1 searched “ber”")
    expect(page.locator("#search-results li")).to_have_count(5)
    assert [m["form"] for m in watcher.calls("search_fruits")] == [{"q": "ber"}]


def test_debounce_waits_for_a_pause_after_the_last_event(timed_page):
    page, watcher = timed_page
    search = page.locator("#search")
    search.press_sequentially("b")
    page.clock.run_for(200)
    search.press_sequentially("e")
    page.clock.run_for(200)
    # 400 ms since the first keystroke, but only 200 since the last: still waiting.
    assert watcher.count("liveview:sent") == 0
    page.clock.run_for(100)
    expect(page.locator("#search-count")).to_contain_text("Request 1 searched “be”")
    search.press_sequentially("r")
    page.clock.run_for(300)
    expect(page.locator("#search-count")).to_contain_text("Request 2 searched “ber”")
    assert [m["form"]["q"] for m in watcher.calls("search_fruits")] == ["be", "ber"]


def test_throttle_sends_at_once_then_the_latest_once_per_interval(timed_page):
    page, watcher = timed_page
    draft = page.locator("#draft")
    draft.press_sequentially("a")
    expect(page.locator("#autosave-status")).to_contain_text("Save 1: “a”")
    draft.press_sequentially("bc")
    page.clock.run_for(999)
    assert watcher.count("liveview:sent") == 1
    page.clock.run_for(1)
    expect(page.locator("#autosave-status")).to_contain_text("Save 2: “abc”")
    # Nothing more is pending: a long quiet time sends nothing.
    page.clock.run_for(10_000)
    assert watcher.count("liveview:sent") == 2
    assert [m["form"]["draft"] for m in watcher.calls("autosave")] == ["a", "abc"]
