"""SPEC 4.11: server-pushed URLs, and Back/Forward restoring from snapshots."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.support import open_page, watch

SNAPSHOT = "liveview:snapshot:"

# Makes sessionStorage refuse snapshots, as a full quota does.
QUOTA_EXCEEDED = """
const setItem = Storage.prototype.setItem;
Storage.prototype.setItem = function (key, value) {
  if (String(key).startsWith("liveview:snapshot:")) {
    throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
  }
  return setItem.call(this, key, value);
};
"""


class History:
    """The history page of one tab, driven as a user drives it."""

    def __init__(self, page, watcher, base):
        self.page = page
        self.watcher = watcher
        self.base = base

    def url(self, query=""):
        return f"{self.base}/history/{query}"

    def step(self, n):
        self.page.click(f"#step-{n}")
        self.page.wait_for_url(self.url(f"?step={n}"))
        expect(self.panel()).to_have_text(f"Hello! This is step {n}.")

    def panel(self):
        return self.page.locator("#history-panel")

    def at_step(self, n):
        text = f"Hello! This is step {n}." if n else "Hello! This is the start."
        expect(self.panel()).to_have_text(text)

    def go(self, delta):
        """Move through history like the Back/Forward buttons; wait for the restore."""
        restored = self.watcher.count("liveview:history-restored")
        if delta == -1:
            self.page.go_back()
        elif delta == 1:
            self.page.go_forward()
        else:
            self.page.evaluate("(delta) => history.go(delta)", delta)
        return self.watcher.wait_for("liveview:history-restored", restored + 1)

    def index(self):
        state = self.page.evaluate("history.state")
        assert state["liveview"] is True
        return state["index"]

    def wait_stored(self, index):
        """Wait until the snapshot of entry ``index`` is in sessionStorage: the history part
        that stores it loads on demand at the first pushed URL, so it may come after it."""
        self.page.wait_for_function(
            "(key) => sessionStorage.getItem(key) !== null", arg=f"{SNAPSHOT}{index}"
        )

    def snapshot_keys(self):
        return self.page.evaluate(
            "Object.keys(sessionStorage).filter((key) => key.startsWith('liveview:snapshot:'))"
        )

    def mark_document(self):
        """Tag the current document; a full page load loses the tag."""
        self.page.evaluate("window.__sameDocument = true")

    def same_document(self):
        return self.page.evaluate("window.__sameDocument === true")


@pytest.fixture
def history(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/history/")
    return History(page, watcher, shared_server.url)


def test_pushed_url_adds_an_entry_and_back_and_forward_restore(history):
    page = history.page
    start_index = history.index()
    length = page.evaluate("history.length")
    history.mark_document()
    history.step(1)
    expect(page).to_have_title("Step 1 · Browser history · liveview demo")
    assert page.evaluate("history.length") == length + 1
    step_index = history.index()
    assert step_index > start_index

    restored = history.go(-1)
    assert restored == {"url": history.url(), "index": start_index}
    assert page.url == history.url()
    history.at_step(0)
    expect(page).to_have_title("Browser history · liveview demo")

    restored = history.go(1)
    assert restored == {"url": history.url("?step=1"), "index": step_index}
    history.at_step(1)
    expect(page).to_have_title("Step 1 · Browser history · liveview demo")
    # All of it without loading a page or asking the server.
    assert history.same_document()
    assert history.watcher.sent_functions() == ["history_step"]
    expect(page.locator("#restored")).to_have_text(f"{history.url('?step=1')} (index {step_index})")


def test_snapshot_is_taken_before_the_update_and_kept_in_session_storage(history):
    start_index = history.index()
    history.step(1)
    history.wait_stored(start_index)
    assert history.snapshot_keys() == [f"{SNAPSHOT}{start_index}"]
    snapshot = json.loads(
        history.page.evaluate("(key) => sessionStorage.getItem(key)", f"{SNAPSHOT}{start_index}")
    )
    # The region as it was before the message that pushed the URL changed it.
    [[selector, html]] = snapshot["regions"]
    assert selector == "#history-panel"
    assert "This is the start." in html
    assert snapshot["title"] == "Browser history · liveview demo"
    assert snapshot["lang"] == "en"


def test_pushing_the_current_url_adds_no_entry(history):
    history.step(1)
    length = history.page.evaluate("history.length")
    history.page.click("#step-1")
    history.watcher.settled()
    assert history.page.evaluate("history.length") == length


def test_snapshots_survive_a_reload(history):
    page = history.page
    history.step(1)
    history.step(2)
    page.reload()
    history.at_step(2)  # rendered by the view for ?step=2
    history.mark_document()
    history.go(-1)
    history.at_step(1)
    assert history.same_document()
    history.go(-1)
    history.at_step(0)
    history.go(1)
    history.at_step(1)
    assert history.same_document()


def test_multi_step_jumps(history):
    start_index = history.index()
    for n in (1, 2, 3):
        history.step(n)
    restored = history.go(-3)
    assert restored["index"] == start_index
    history.at_step(0)
    history.go(2)
    history.at_step(2)
    assert history.page.url == history.url("?step=2")
    history.go(-1)
    history.at_step(1)
    history.go(2)
    history.at_step(3)


def test_zigzag(history):
    history.step(1)
    history.step(2)
    for delta, step in [(-1, 1), (-1, 0), (1, 1), (-1, 0), (1, 1), (1, 2), (-1, 1), (1, 2)]:
        history.go(delta)
        history.at_step(step)
        assert history.page.url == history.url(f"?step={step}" if step else "")


def test_branching_drops_the_forward_entries(history):
    page = history.page
    length = page.evaluate("history.length")
    history.step(1)
    history.step(2)
    history.go(-1)
    history.at_step(1)
    history.step(3)  # a new branch: step 2 is gone, as with links
    assert page.evaluate("history.length") == length + 2
    history.go(-1)
    history.at_step(1)
    history.go(1)
    history.at_step(3)
    history.go(-2)
    history.at_step(0)
    history.go(2)
    history.at_step(3)


def test_every_region_touched_so_far_is_restored(history):
    page = history.page
    history.step(1)
    page.click("#remove-note")
    page.wait_for_url(history.url("?note=removed"))
    expect(page.locator("#history-note")).to_have_count(0)
    history.step(2)
    history.go(-3)
    history.at_step(0)
    expect(page.locator("#history-note")).to_be_visible()


def test_removed_element_comes_back_on_back(history):
    page = history.page
    page.click("#remove-note")
    page.wait_for_url(history.url("?note=removed"))
    expect(page.locator("#history-note")).to_have_count(0)
    expect(page).to_have_title("Note removed · Browser history · liveview demo")
    history.go(-1)
    expect(page.locator("#history-note")).to_be_visible()
    history.go(1)
    expect(page.locator("#history-note")).to_have_count(0)


def test_title_lang_and_scroll_position_are_restored(history):
    page = history.page
    page.evaluate("window.scrollTo(0, 600)")
    page.click("#go-french")
    page.wait_for_url(history.url("?lang=fr"))
    expect(history.panel()).to_have_text("Bonjour! This is the start.")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page).to_have_title("Bonjour · Browser history · liveview demo")
    page.evaluate("window.scrollTo(0, 0)")
    history.go(-1)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_title("Browser history · liveview demo")
    assert page.evaluate("window.scrollY") == 600
    history.go(1)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(history.panel()).to_have_text("Bonjour! This is the start.")
    assert page.evaluate("window.scrollY") == 0


def test_entry_without_snapshot_loads_that_url(history):
    page = history.page
    history.step(1)
    history.step(2)
    page.evaluate("sessionStorage.clear()")
    history.mark_document()
    page.go_back()
    page.wait_for_function("() => window.__sameDocument === undefined")
    # A full load of ?step=1: the view rendered it.
    history.at_step(1)
    assert page.url == history.url("?step=1")
    expect(page).to_have_title("Step 1 · Browser history · liveview demo")


def test_at_most_50_snapshots_are_kept_the_oldest_pruned(history):
    page = history.page
    start_index = history.index()
    page.click("#push-many")  # 55 URLs, one message each: steps 101 to 155
    page.wait_for_url(history.url("?step=155"))
    history.wait_stored(start_index + 54)  # the entry of step 154, the last one left
    keys = history.snapshot_keys()
    assert len(keys) == 50
    indexes = sorted(int(key[len(SNAPSHOT) :]) for key in keys)
    # Snapshots of the 55 entries left (the start and steps 101..154): the 5 oldest went.
    assert indexes == list(range(start_index + 5, start_index + 55))
    order = json.loads(page.evaluate("sessionStorage.getItem('liveview:snapshot-order')"))
    assert order == indexes
    # Browsers keep 50 entries of session history themselves: 49 steps back is as far as
    # Back goes, and that entry's snapshot is still there.
    assert page.evaluate("history.length") >= 50
    history.mark_document()
    history.go(-49)
    history.at_step(106)
    assert history.same_document()
    history.go(49)
    history.at_step(155)


def test_snapshots_fall_back_to_memory_when_storage_is_full(shared_server, page):
    watcher = watch(page)
    page.add_init_script(QUOTA_EXCEEDED)
    open_page(page, shared_server.url + "/history/")
    history = History(page, watcher, shared_server.url)
    history.mark_document()
    history.step(1)
    history.step(2)
    assert history.snapshot_keys() == []
    history.go(-1)
    history.at_step(1)
    history.go(-1)
    history.at_step(0)
    history.go(2)
    history.at_step(2)
    assert history.same_document()
