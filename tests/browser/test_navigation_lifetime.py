"""What a page sets up lives as long as the page, under live navigation: bindings on <body>
of a page reached live are armed and those of the page left are released; page scripts run
each time their page is shown and take their document listeners down when it is left; under
a strict nonce CSP only the scripts the new response vouches for run. (Navigation itself:
test_navigation.py.)"""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import open_page, watch
from tests.browser.test_navigation import (
    navigations,
    open_navigation,
    same_socket_and_document,
    wait_navigated,
)

MENU = "nav[aria-label='Demo pages']"


def board_position(page):
    return page.inner_text("#board-position")


def moves_sent(watcher):
    """How many move_right calls the page wrote (path messages of navigations left out)."""
    sent = watcher.events("liveview:sent")
    return sum(1 for e in sent if e["message"].get("function") == "move_right")


def keyboard_maps_armed(page):
    """Wait until the keyboard page's maps are bound, the first time a page with one is
    shown: the bindings part, loaded on demand, binds every waiting element at once and
    gives the non-focusable ones a tabindex (a key pressed before is not seen,
    docs/frontend.md)."""
    expect(page.locator("#key-tester")).to_have_attribute("tabindex", "-1")


def press_and_wait_for_move(page, key):
    """Press `key` on the keyboard page and wait for the dot to move."""
    before = board_position(page)
    page.keyboard.press(key)
    expect(page.locator("#board-position")).not_to_have_text(before)


def test_body_keyboard_map_of_a_page_reached_live_is_armed_and_released(shared_server, page):
    watcher = watch(page)
    open_navigation(page, shared_server)  # its body has no keyboard map
    page.click(f"{MENU} >> text=Keyboard")
    wait_navigated(page, 1)
    keyboard_maps_armed(page)
    page.locator("h1").click()  # the focus outside any field, as a user's click leaves it
    press_and_wait_for_move(page, "d")
    assert moves_sent(watcher) == 1

    # Left for a page without a map: the key does nothing, and nothing complains.
    page.click(f"{MENU} >> text=Live navigation")
    wait_navigated(page, 2)
    page.keyboard.press("d")
    page.click("#to-counter")
    wait_navigated(page, 3)
    page.click("#nav-count")
    expect(page.locator("#nav-count-out")).to_contain_text("Counted 1")
    assert moves_sent(watcher) == 1

    # A→B→A: the map of the page is armed again, once.
    page.click(f"{MENU} >> text=Keyboard")
    wait_navigated(page, 4)
    page.locator("h1").click()
    press_and_wait_for_move(page, "d")
    assert moves_sent(watcher) == 2

    # Back (a page without a map) and Forward (the keyboard page): the same.
    page.go_back()
    wait_navigated(page, 5)
    page.keyboard.press("d")
    page.click("#nav-count")
    expect(page.locator("#nav-count-out")).to_contain_text("Counted 2")
    assert moves_sent(watcher) == 2
    page.go_forward()
    wait_navigated(page, 6)
    page.locator("h1").click()
    press_and_wait_for_move(page, "d")
    assert moves_sent(watcher) == 3
    assert watcher.count("liveview:error") == 0
    assert same_socket_and_document(page)


def test_keyboard_map_of_an_element_still_hears_keys_after_back_and_forward(shared_server, page):
    # The map gives #key-tester a tabindex so a click focuses it. Forward shows the page's
    # snapshot, then morphs it into the server's version, which has no tabindex: the
    # element must keep the one its map gave it, or clicking it no longer focuses it.
    watcher = watch(page)
    open_navigation(page, shared_server)
    page.click(f"{MENU} >> text=Keyboard")
    wait_navigated(page, 1)
    keyboard_maps_armed(page)
    page.go_back()
    wait_navigated(page, 2)
    page.go_forward()
    assert wait_navigated(page, 3)["mode"] == "restore"  # the server's version is in
    page.click("#key-tester")
    expect(page.locator("#key-tester")).to_be_focused()
    page.keyboard.press("z")
    expect(page.locator("#last-key")).to_have_text("z")
    assert watcher.count("liveview:error") == 0


def keys_heard(page, key):
    """Press `key` and return how many times the counter page's document listener counted
    a key so far (a press is handled by the time the next evaluate runs)."""
    page.keyboard.press(key)
    return page.evaluate("window.navigationCounterKeys || 0")


def test_page_script_listener_is_never_doubled_across_visits_back_and_forward(shared_server, page):
    open_navigation(page, shared_server)
    page.click("#to-counter")
    wait_navigated(page, 1)
    page.locator("h1").click()
    assert keys_heard(page, "k") == 1
    expect(page.locator("#nav-last-key")).to_have_text("k")

    # Left: its listener is gone.
    page.click("#back-to-navigation")
    wait_navigated(page, 2)
    page.locator("h1").click()
    assert keys_heard(page, "k") == 1

    # A→B→A: the script ran again, and one listener hears each key.
    page.click("#to-counter")
    wait_navigated(page, 3)
    page.locator("h1").click()
    assert keys_heard(page, "k") == 2

    # Back: gone again. Forward: the script runs once the page is revalidated, once.
    page.go_back()
    assert wait_navigated(page, 4)["mode"] == "restore"
    page.locator("h1").click()
    assert keys_heard(page, "k") == 2
    page.go_forward()
    assert wait_navigated(page, 5)["mode"] == "restore"
    page.locator("h1").click()
    assert keys_heard(page, "k") == 3
    assert page.evaluate("window.navigationCounterVisits") == 3
    assert same_socket_and_document(page)


def test_demo_page_scripts_work_after_live_navigation(shared_server, page):
    """A demo page that used to ask for a full load: its script runs on a live visit and
    its listeners are not doubled by a second visit."""
    open_navigation(page, shared_server)
    page.click(f"{MENU} >> text=Rendering")
    wait_navigated(page, 1)
    page.click(f"{MENU} >> text=Live navigation")
    wait_navigated(page, 2)
    page.click(f"{MENU} >> text=Rendering")
    wait_navigated(page, 3)
    page.evaluate(
        """() => {
          window.__errorOutWrites = 0;
          const out = document.getElementById("error-out");
          new MutationObserver((records) => { window.__errorOutWrites += records.length; })
            .observe(out, { childList: true });
          document.dispatchEvent(new CustomEvent("liveview:error", {
            detail: { source: "client", message: "shown once" } }));
        }"""
    )
    expect(page.locator("#error-out")).to_have_text("client: shown once")
    # One listener: one write (two would replace the text twice).
    assert page.evaluate("window.__errorOutWrites") == 1
    assert same_socket_and_document(page)


CSP_NEXT_STATES = """() => ["csp-next-nonced", "csp-next-plain", "csp-next-forged"]
  .map((id) => document.getElementById(id).textContent)"""


def test_strict_csp_runs_only_scripts_with_the_new_pages_nonce(shared_server, page):
    """Attacker test: a script injected into the new page with a made-up nonce does not
    get the document's nonce, nor does one without a nonce; the server's own does."""
    # Functions, not bare expressions: Playwright evals those, which the policy forbids.
    watcher = watch(page)
    page.add_init_script(
        "window.__navigations = [];"
        "document.addEventListener('liveview:navigated', (e) => window.__navigations.push(e.detail));"
    )
    response = page.goto(shared_server.url + "/strict-csp/")
    assert response is not None
    assert "script-src 'nonce-" in response.headers["content-security-policy"]
    page.wait_for_function("() => window.myWebSocket && window.myWebSocket.readyState === 1")
    page.evaluate("() => { window.myWebSocket.__tag = 'first'; window.__documentTag = 'kept'; }")
    kept = "() => window.myWebSocket.__tag === 'first' && window.__documentTag === 'kept'"

    page.click("#to-csp-next")
    wait_navigated(page, 1)
    expect(page.locator("#csp-next-nonced")).to_have_text("ran")
    assert page.evaluate(CSP_NEXT_STATES) == ["ran", "not run", "not run"]
    assert page.evaluate(kept)
    refused = [e["message"] for e in watcher.events("liveview:error")]
    assert "page script not run: its nonce is not one the page's CSP allows" in refused
    assert "page script not run: the page has a CSP nonce and this script has none" in refused

    # Back to the first page live: its script without a nonce stays blocked.
    page.click("#to-csp-first")
    wait_navigated(page, 2)
    expect(page.locator("#csp-inline")).to_have_text("blocked by the CSP")
    expect(page.locator("#csp-nonced")).to_have_text("ran")
    assert page.evaluate(kept)


def test_a_page_under_another_script_policy_is_loaded_in_full(shared_server, page):
    # From a page without a policy to one with a nonce policy: a full load, under it.
    open_navigation(page, shared_server)
    page.click(f"{MENU} >> text=Strict CSP")
    expect(page).to_have_url(shared_server.url + "/strict-csp/")
    page.wait_for_function("() => window.__documentTag === undefined")
    expect(page.locator("#csp-nonced")).to_have_text("ran")
    expect(page.locator("#csp-inline")).to_have_text("blocked by the CSP")
    # And back to a page without one: a full load too, its scripts not held by the policy.
    open_page(page, shared_server.url + "/strict-csp/")
    page.evaluate("window.__documentTag = 'kept'")
    page.click(f"{MENU} >> text=Rendering")
    expect(page).to_have_url(shared_server.url + "/rendering/")
    page.wait_for_function("() => window.__documentTag === undefined")
    assert navigations(page) == []


def test_back_and_forward_through_a_url_a_handler_pushed_do_not_leave_the_page(shared_server, page):
    """An entry a handler pushed (the `url` key) shows the same page: Back/Forward to it
    restore its regions without navigate-away (nor a new run of the page's scripts)."""
    page.add_init_script(
        "window.__away = [];"
        "document.addEventListener('liveview:navigate-away', (e) => window.__away.push(e.detail.url));"
    )
    open_navigation(page, shared_server)
    page.click(f"{MENU} >> text=Browser history")
    wait_navigated(page, 1)
    assert page.evaluate("window.__away") == [shared_server.url + "/history/"]
    page.click("#step-1")
    page.wait_for_url(shared_server.url + "/history/?step=1")
    expect(page.locator("#history-panel")).to_have_text("Hello! This is step 1.")

    # Back to the entry reached live: another showing of the page, revalidated.
    page.go_back()
    assert wait_navigated(page, 2)["mode"] == "restore"
    expect(page.locator("#history-panel")).to_have_text("Hello! This is the start.")
    assert len(page.evaluate("window.__away")) == 2
    # Forward to the handler's entry: the same page, nothing left, nothing fetched.
    page.go_forward()
    expect(page.locator("#history-panel")).to_have_text("Hello! This is step 1.")
    assert len(page.evaluate("window.__away")) == 2
    assert len(navigations(page)) == 2
    assert same_socket_and_document(page)
