"""Live navigation (data-liveview-navigate): plain Django views swapped in over one socket,
Back and Forward from snapshots then revalidated, permanent elements, focus and the polite
announcement. Stale tabs after a new build: test_stale.py."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.support import configure, open_page, watch

# Records the client's navigation events (support.watch records the older ones).
NAVIGATION_EVENTS = """
window.__navigations = [];
document.addEventListener("liveview:navigated", (event) => window.__navigations.push(event.detail));
"""


def navigations(page):
    return page.evaluate("window.__navigations")


def wait_navigated(page, count):
    page.wait_for_function(f"() => window.__navigations.length >= {count}")
    return navigations(page)[-1]


def mark_socket(page):
    """Tag the open socket and the document: a page load would lose both tags."""
    page.evaluate("window.myWebSocket.__tag = 'first'; window.__documentTag = 'kept'")


def same_socket_and_document(page):
    return page.evaluate("window.myWebSocket.__tag === 'first' && window.__documentTag === 'kept'")


def open_navigation(page, server):
    page.add_init_script(NAVIGATION_EVENTS)
    open_page(page, server.url + "/navigation/")
    mark_socket(page)


def test_navigating_across_views_keeps_the_socket(shared_server, page):
    watcher = watch(page)
    open_navigation(page, shared_server)

    # A view with a handler: reached live, its button answers on the same socket.
    page.click("#to-counter")
    assert wait_navigated(page, 1)["status"] == 200
    expect(page).to_have_url(shared_server.url + "/navigation/counter/")
    expect(page).to_have_title("Handler page · Live navigation · liveview demo")
    page.click("#nav-count")
    expect(page.locator("#nav-count-out")).to_contain_text("Counted 1 on this socket")
    # The server was told the new path before the handler ran.
    expect(page.locator("#nav-path")).to_have_text("/navigation/counter/")

    # login_required redirects to the sign-in page; history shows where the request ended.
    page.click("#back-to-navigation")
    wait_navigated(page, 2)
    page.click("#to-private")
    arrived = wait_navigated(page, 3)
    assert arrived["status"] == 200
    assert arrived["url"].endswith("/account/?next=/navigation/private/")
    expect(page).to_have_url(re.compile(r"/account/\?next=/navigation/private/$"))
    expect(page.locator("#login-name")).to_be_visible()

    # A 404 shows Django's 404 page, as a full load would.
    page.go_back()
    expect(page).to_have_url(shared_server.url + "/navigation/")
    assert wait_navigated(page, 4)["mode"] == "restore"  # revalidated after Back
    page.click("#to-missing")
    missing = wait_navigated(page, 5)
    assert missing["status"] == 404
    expect(page.locator("body")).to_contain_text("This page does not exist, on purpose.")

    assert same_socket_and_document(page)
    assert len(watcher.sockets) == 1
    assert watcher.count("liveview:disconnected") == 0


def test_handler_sees_the_path_of_the_handshake_and_of_each_navigation(shared_server, page):
    open_navigation(page, shared_server)
    page.fill("#nav-query", "berry")
    page.click("#nav-search-go")
    wait_navigated(page, 1)
    expect(page).to_have_url(shared_server.url + "/navigation/?q=berry")
    expect(page.locator("#nav-results")).to_contain_text("blackberry, blueberry")
    page.click("#to-counter")
    wait_navigated(page, 2)
    page.click("#nav-count")
    expect(page.locator("#nav-path")).to_have_text("/navigation/counter/")
    assert same_socket_and_document(page)


def test_a_full_load_link_opts_out(shared_server, page):
    open_navigation(page, shared_server)
    page.click("#to-full")
    expect(page).to_have_url(shared_server.url + "/navigation/counter/")
    page.wait_for_function("() => window.__documentTag === undefined")
    assert navigations(page) == []


def test_back_and_forward_show_the_snapshot_then_revalidate(shared_server, page):
    open_navigation(page, shared_server)
    first = int(page.inner_text("#nav-renders"))
    page.click("#to-counter")
    wait_navigated(page, 1)

    # Hold the revalidation request: Back must show the snapshot without it.
    held = []
    page.route(re.compile(r"/navigation/$"), lambda route: held.append(route))
    with page.expect_request(re.compile(r"/navigation/$")):
        page.go_back()
    expect(page).to_have_url(shared_server.url + "/navigation/")
    expect(page.locator("#nav-renders")).to_have_text(str(first))
    expect(page.locator("h1")).to_have_text("Live navigation")
    page.wait_for_function(
        "() => document.documentElement.classList.contains('liveview-navigating')"
    )
    assert len(held) == 1
    held[0].continue_()
    page.unroute(re.compile(r"/navigation/$"))
    # The server rendered the page again since: the newer count is morphed in.
    expect(page.locator("#nav-renders")).to_have_text(str(first + 1))
    assert wait_navigated(page, 2)["mode"] == "restore"

    page.go_forward()
    expect(page).to_have_url(shared_server.url + "/navigation/counter/")
    expect(page.locator("h1")).to_have_text("A page with a handler")
    # After its revalidation: a reply that came before it would be morphed away by it.
    assert wait_navigated(page, 3)["mode"] == "restore"
    page.click("#nav-count")
    expect(page.locator("#nav-count-out")).to_contain_text("Counted 1 on this socket")
    assert same_socket_and_document(page)


def test_permanent_element_keeps_its_state(shared_server, page):
    open_navigation(page, shared_server)
    page.fill("#nav-notes", "remember me")
    page.evaluate("document.getElementById('nav-scratchpad').__tag = 'same element'")
    page.click("#to-counter")
    wait_navigated(page, 1)
    expect(page.locator("h1")).to_have_text("A page with a handler")
    assert page.evaluate("document.getElementById('nav-scratchpad').__tag") == "same element"
    expect(page.locator("#nav-notes")).to_have_value("remember me")
    page.go_back()
    wait_navigated(page, 2)
    assert page.evaluate("document.getElementById('nav-scratchpad').__tag") == "same element"
    expect(page.locator("#nav-notes")).to_have_value("remember me")


def test_focus_moves_to_main_and_the_title_is_announced(shared_server, page):
    open_navigation(page, shared_server)
    page.click("#to-counter")
    wait_navigated(page, 1)
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    announcer = page.locator("#liveview-announcer")
    expect(announcer).to_have_attribute("aria-live", "polite")
    expect(announcer).to_have_text("Handler page · Live navigation · liveview demo")
    # Busy only while the page is fetched and swapped in.
    expect(page.locator("main")).not_to_have_attribute("aria-busy", "true")


def test_loading_state_is_exposed_while_the_page_is_fetched(shared_server, page):
    open_navigation(page, shared_server)
    held = []
    page.route(re.compile(r"/navigation/counter/$"), lambda route: held.append(route))
    with page.expect_request(re.compile(r"/navigation/counter/$")):
        page.click("#to-counter")
    expect(page.locator("main")).to_have_attribute("aria-busy", "true")
    expect(page.locator("html")).to_have_class(re.compile(r"\bliveview-navigating\b"))
    assert len(held) == 1
    held[0].continue_()
    wait_navigated(page, 1)
    expect(page.locator("main")).not_to_have_attribute("aria-busy", "true")
    expect(page.locator("html")).not_to_have_class(re.compile(r"\bliveview-navigating\b"))


def test_hover_prefetches_and_the_click_uses_it(shared_server, page):
    open_navigation(page, shared_server)
    requests = []
    page.on(
        "request",
        lambda request: (
            requests.append(request.headers.get("x-liveview-navigate"))
            if "/navigation/counter/" in request.url
            else None
        ),
    )
    page.hover("#to-counter")
    page.wait_for_function(
        "() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/navigation/counter/'))"
    )
    page.click("#to-counter")
    wait_navigated(page, 1)
    expect(page.locator("h1")).to_have_text("A page with a handler")
    assert requests == ["prefetch"]  # one request, used by the click


def test_pages_that_ask_for_a_full_load_get_one(shared_server, page):
    open_navigation(page, shared_server)
    page.click("nav >> text=Custom socket path")
    expect(page).to_have_url(shared_server.url + "/custom-path/")
    page.wait_for_function("() => window.__documentTag === undefined")
    assert navigations(page) == []


def test_a_new_socket_is_told_the_path_the_tab_navigated_to(shared_server, page):
    watcher = watch(page)
    configure(page, "{reconnectDelay: 50, jitter: 0}")
    open_navigation(page, shared_server)
    page.click("#to-counter")
    wait_navigated(page, 1)
    page.evaluate("window.myWebSocket.close()")
    watcher.wait_for("liveview:connected", 2)
    page.click("#nav-count")
    # A new socket (its count starts again) that knows where the tab is.
    expect(page.locator("#nav-count-out")).to_contain_text("Counted 1 on this socket")
    expect(page.locator("#nav-path")).to_have_text("/navigation/counter/")
    paths = [m["navigate"] for m in watcher.sent if "navigate" in m]
    assert paths == ["/navigation/counter/", "/navigation/counter/"]


def test_a_url_pushed_by_a_handler_is_the_new_path_too(shared_server, page):
    watcher = watch(page)
    open_navigation(page, shared_server)
    page.click("nav >> text=Browser history")
    wait_navigated(page, 1)
    page.click("#step-2")
    expect(page).to_have_url(shared_server.url + "/history/?step=2")
    page.wait_for_function(
        "() => window.__liveviewEvents.filter((e) => e.type === 'liveview:sent' && e.detail.message.navigate).length === 2"
    )
    paths = [
        e["message"]["navigate"]
        for e in watcher.events("liveview:sent")
        if "navigate" in e["message"]
    ]
    assert paths == ["/history/", "/history/?step=2"]
    # Back to the page reached live: its snapshot, then the server's page again.
    page.go_back()
    expect(page).to_have_url(shared_server.url + "/history/")
    assert wait_navigated(page, 2)["mode"] == "restore"
    assert same_socket_and_document(page)


def test_head_is_merged_and_body_scripts_run_each_time_the_page_is_shown(shared_server, page):
    open_navigation(page, shared_server)
    description = page.locator("meta[name=description]")
    expect(description).to_have_count(1)
    page.click("#to-counter")
    wait_navigated(page, 1)
    # The new page's head: its script ran once, the old page's meta is gone, styles stay.
    expect(description).to_have_count(0)
    expect(page.locator("link[rel=stylesheet]")).to_have_count(1)
    assert page.evaluate("[window.navigationScriptRuns, window.navigationCounterVisits]") == [1, 1]
    page.go_back()
    wait_navigated(page, 2)
    expect(description).to_have_count(1)
    page.go_forward()
    wait_navigated(page, 3)
    expect(page.locator("h1")).to_have_text("A page with a handler")
    # Shown again (from the snapshot, then revalidated): its body script ran again, once;
    # the head script is the tab's, never run again.
    assert page.evaluate("[window.navigationScriptRuns, window.navigationCounterVisits]") == [1, 2]
    page.click("#back-to-navigation")
    wait_navigated(page, 4)
    page.click("#to-counter")
    wait_navigated(page, 5)
    assert page.evaluate("[window.navigationScriptRuns, window.navigationCounterVisits]") == [1, 3]
    assert page.locator("script[src$='navigation_counter.js']").count() == 1


def test_scroll_goes_to_the_top_and_back_restores_it(shared_server, page):
    open_navigation(page, shared_server)
    page.evaluate(
        """document.querySelector("main").insertAdjacentHTML("beforeend", '<div style="height:4000px"></div>');
        window.scrollTo(0, 1500);"""
    )
    page.wait_for_function("() => window.scrollY === 1500")
    # Clicked from script: Playwright would scroll the link into view first.
    page.evaluate("document.querySelector('#to-counter').click()")
    wait_navigated(page, 1)
    assert page.evaluate("window.scrollY") == 0
    held = []
    page.route(re.compile(r"/navigation/$"), lambda route: held.append(route))
    page.go_back()
    page.wait_for_function("() => window.scrollY === 1500")
    for route in held:
        route.continue_()
    page.unroute(re.compile(r"/navigation/$"))


def test_prefetch_is_cancelled_when_the_pointer_leaves(shared_server, page):
    open_navigation(page, shared_server)
    held = []
    failed = []
    page.route(re.compile(r"/navigation/counter/$"), lambda route: held.append(route))
    page.on("requestfailed", lambda request: failed.append(request.url))
    with page.expect_request(re.compile(r"/navigation/counter/$")):
        page.hover("#to-counter")
    with page.expect_event("requestfailed"):
        page.mouse.move(0, 0)
    assert failed == [shared_server.url + "/navigation/counter/"]
    assert len(held) == 1
    # The click that comes later fetches the page afresh.
    page.unroute(re.compile(r"/navigation/counter/$"))
    page.click("#to-counter")
    wait_navigated(page, 1)
    expect(page.locator("h1")).to_have_text("A page with a handler")


def test_touch_prefetches_and_the_tap_uses_it(browser, shared_server, page_errors):
    context = browser.new_context(has_touch=True)
    try:
        page = page_errors.watch(context.new_page())
        open_navigation(page, shared_server)
        requests = []
        page.on(
            "request",
            lambda request: (
                requests.append(request.headers.get("x-liveview-navigate"))
                if "/navigation/counter/" in request.url
                else None
            ),
        )
        page.tap("#to-counter")
        wait_navigated(page, 1)
        expect(page.locator("h1")).to_have_text("A page with a handler")
        assert requests == ["prefetch"]
    finally:
        context.close()


def test_back_announces_the_restored_title(shared_server, page):
    open_navigation(page, shared_server)
    page.click("#to-counter")
    wait_navigated(page, 1)
    page.go_back()
    expect(page.locator("#liveview-announcer")).to_have_text("Live navigation · liveview demo")


def test_pages_that_do_not_navigate_send_no_path_and_keep_the_documented_url(shared_server, page):
    """The demo's menu opts in, but a tab that never follows it behaves as before: handler
    pushes and Back send nothing new, and the socket URL has no query."""
    watcher = watch(page)
    open_page(page, shared_server.url + "/history/")
    page.click("#step-1")
    expect(page).to_have_url(shared_server.url + "/history/?step=1")
    page.go_back()
    watcher.wait_for("liveview:history-restored")
    page.click("#step-2")
    watcher.settled()
    assert [m for m in watcher.sent if "navigate" in m] == []
    room = page.get_attribute("html", "data-room")
    assert watcher.sockets == [f"{shared_server.ws_url}/ws/liveview/{room}/"]
