"""SPEC 4.5 (focus), 4.6 (init) and 4.7 (intersection), on page load and on insertion."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import next_frame, open_page, watch

# Focus ------------------------------------------------------------------------------


def test_focus_on_page_load(shared_server, page):
    open_page(page, shared_server.url + "/focus/")
    expect(page.locator("#focus-on-load")).to_be_focused()


def test_focus_on_insertion(shared_server, page):
    open_page(page, shared_server.url + "/focus/")
    page.click("#add-reply")
    expect(page.locator("#reply-1")).to_be_focused()
    # The user can type at once.
    page.keyboard.type("thanks")
    expect(page.locator("#reply-1")).to_have_value("thanks")
    page.click("#add-reply")
    expect(page.locator("#reply-2")).to_be_focused()


# Init -------------------------------------------------------------------------------


def test_init_on_page_load_calls_once_with_its_data(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/init/")
    expect(page.locator("#init-stats")).to_contain_text("Loaded by init_widget for stats (call 1")
    [message] = watcher.calls("init_widget")
    assert message["data"] == {"dataWidget": "stats"}
    assert message["lang"] == "en"


def test_init_on_inserted_elements_once_each(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/init/")
    page.click("#add-widget")
    expect(page.locator("#init-extra-1")).to_contain_text("extra-1 (call 1")
    page.click("#add-widget")
    expect(page.locator("#init-extra-2")).to_contain_text("extra-2 (call 1")
    widgets = [m["data"]["dataWidget"] for m in watcher.calls("init_widget")]
    assert sorted(widgets) == ["extra-1", "extra-2", "stats"]
    expect(page.locator("#init-stats")).to_contain_text("(call 1 ")


def test_init_does_not_repeat_when_an_element_moves(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/init/")
    expect(page.locator("#init-stats")).to_contain_text("(call 1 ")
    # Moving an element re-inserts it; it has been initialised already.
    page.evaluate(
        "document.getElementById('widget-slot').append(document.getElementById('init-stats'))"
    )
    page.click("#add-widget")
    expect(page.locator("#init-extra-1")).to_contain_text("(call 1 ")
    assert [m["data"]["dataWidget"] for m in watcher.calls("init_widget")] == ["stats", "extra-1"]


# Intersection -----------------------------------------------------------------------


def scroll_to_bottom_of(page, selector, offset=0):
    """Scroll so that the top of ``selector`` is ``offset`` px below the viewport's bottom."""
    page.evaluate(
        """([selector, offset]) => {
        const top = document.querySelector(selector).getBoundingClientRect().top;
        window.scrollBy(0, top - window.innerHeight - offset);
    }""",
        [selector, offset],
    )


def test_infinite_scroll_loads_a_page_each_time_the_end_appears(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/intersection/")
    posts = page.locator("#feed li:not(#feed-more):not(#feed-end)")
    expect(posts).to_have_count(20)
    for page_number in (2, 3, 4, 5):
        page.locator("#feed-more").scroll_into_view_if_needed()
        expect(posts).to_have_count(page_number * 20)
    expect(page.locator("#feed-end")).to_be_attached()
    expect(page.locator("#feed-more")).to_have_count(0)
    # Each sentinel, inserted by the server, called the handler exactly once.
    assert [m["data"]["dataPage"] for m in watcher.calls("load_more")] == ["2", "3", "4", "5"]
    assert {m["lang"] for m in watcher.calls("load_more")} == {"en"}


def test_disappear_fires_when_a_seen_element_leaves_the_viewport(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/intersection/")
    status = page.locator("#watched-status")
    page.locator("#watched").scroll_into_view_if_needed()
    expect(status).to_have_text("on screen (1)")
    page.evaluate("window.scrollTo(0, 0)")
    expect(status).to_have_text("off screen (1)")
    page.locator("#watched").scroll_into_view_if_needed()
    expect(status).to_have_text("on screen (2)")
    # Starting below the fold is not "leaving" the viewport: no disappear came first.
    watched = [f for f in watcher.sent_functions() if f.startswith("watched_")]
    assert watched == ["watched_appeared", "watched_disappeared", "watched_appeared"]


def test_threshold_fires_that_many_pixels_early(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/intersection/")
    # Both markers 100 px below the viewport: inside the early one's 200 px margin only.
    scroll_to_bottom_of(page, "#marker-exact", offset=100)
    expect(page.locator("#marker-early-status")).to_have_text("seen")
    next_frame(page)
    assert page.text_content("#marker-exact-status") == "waiting"
    assert [m["data"]["dataMarker"] for m in watcher.sent_messages("marker_seen")] == ["early"]
    # 100 px further down, the default threshold of 0 is reached too.
    page.evaluate("window.scrollBy(0, 110)")
    expect(page.locator("#marker-exact-status")).to_have_text("seen")
