"""Morphing updates (issue "The UI never loses what the user typed"): the server re-renders a
region every 100 ms while the user works in it; what the user did there survives."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import open_page, watch

FAST = "/morphing/?interval=100&count=300"


def tick(page, selector="#dashboard-tick"):
    return int(page.text_content(selector))


def wait_ticks(page, count, selector="#dashboard-tick"):
    """Wait until the server pushed ``count`` more updates to the region."""
    start = tick(page, selector)
    page.wait_for_function(
        "([selector, n]) => Number(document.querySelector(selector).textContent) >= n",
        arg=[selector, start + count],
    )


def open_dashboard(page, server):
    watcher = watch(page)
    open_page(page, server.url + FAST)
    wait_ticks(page, 1)
    return watcher


def test_typed_text_focus_and_caret_survive_updates(shared_server, page):
    open_dashboard(page, shared_server)
    page.click("#dashboard-name")
    page.keyboard.type("hello world", delay=40)  # about four updates arrive while typing
    for _ in range(5):
        page.keyboard.press("ArrowLeft")
    wait_ticks(page, 3)
    state = page.evaluate(
        """() => ({
            value: document.querySelector('#dashboard-name').value,
            focused: document.activeElement && document.activeElement.id,
            start: document.activeElement.selectionStart,
            end: document.activeElement.selectionEnd,
        })"""
    )
    assert state == {"value": "hello world", "focused": "dashboard-name", "start": 6, "end": 6}
    # Typing goes on where the caret is.
    page.keyboard.type("big ")
    wait_ticks(page, 2)
    expect(page.locator("#dashboard-name")).to_have_value("hello big world")


def test_textarea_selection_survives_updates(shared_server, page):
    open_dashboard(page, shared_server)
    page.click("#dashboard-note")
    page.keyboard.type("first line", delay=20)
    page.evaluate("document.querySelector('#dashboard-note').setSelectionRange(0, 5)")
    wait_ticks(page, 3)
    selection = page.evaluate(
        "() => { const n = document.activeElement; return [n.id, n.value, n.selectionStart, n.selectionEnd]; }"
    )
    assert selection == ["dashboard-note", "first line", 0, 5]


def test_fields_not_focused_show_the_servers_value(shared_server, page):
    """The server is the source of truth for the fields the user is not in: the page sends
    what is typed, and the echo keeps it after focus moves on."""
    open_dashboard(page, shared_server)
    page.fill("#dashboard-name", "Ada")
    # The draft reached the server.
    page.wait_for_function(
        """() => {
            const events = window.__liveviewEvents;
            const sent = events.filter((e) => e.type === "liveview:sent"
                && e.detail.message.function === "dashboard_draft"
                && e.detail.message.form.name === "Ada");
            return sent.some((s) => events.some((e) => e.type === "liveview:ack"
                && e.detail.ref === s.detail.message.ref));
        }"""
    )
    page.click("#dashboard-note")
    wait_ticks(page, 3)
    expect(page.locator("#dashboard-name")).to_have_value("Ada")


def test_open_details_stays_open(shared_server, page):
    open_dashboard(page, shared_server)
    page.click("#dashboard-details summary")
    expect(page.locator("#dashboard-details")).to_have_attribute("open", "")
    wait_ticks(page, 3)
    assert page.evaluate("document.querySelector('#dashboard-details').open") is True
    # The server's new content inside it is applied all the same.
    texts = page.evaluate(
        "[document.querySelector('#dashboard-tick').textContent,"
        " document.querySelector('#dashboard-details p').textContent]"
    )
    assert texts[1] == f"Rendered by the server at update {texts[0]}."


def test_scroll_position_inside_the_target_survives(shared_server, page):
    open_dashboard(page, shared_server)
    page.evaluate("document.querySelector('#dashboard-log').scrollTop = 120")
    wait_ticks(page, 3)
    assert page.evaluate("document.querySelector('#dashboard-log').scrollTop") == 120


def test_page_script_listener_survives(shared_server, page):
    open_dashboard(page, shared_server)
    wait_ticks(page, 2)
    assert page.evaluate("document.querySelector('#dashboard-button').__pageListener") is True
    page.click("#dashboard-button")
    expect(page.locator("#dashboard-clicks")).to_have_text("1")
    # Focused after the click, the button still takes the server's new content.
    wait_ticks(page, 2)
    state = page.evaluate(
        """() => [document.activeElement.id,
                  document.querySelector('#dashboard-button .button-tick').textContent,
                  document.querySelector('#dashboard-tick').textContent]"""
    )
    assert state[0] == "dashboard-button"
    assert state[1] == state[2]


def test_keyed_rows_keep_their_elements(shared_server, page):
    open_dashboard(page, shared_server)
    page.evaluate(
        "document.querySelectorAll('#dashboard-rows li').forEach((li) => { li.__mine = li.textContent; })"
    )
    wait_ticks(page, 2)
    rows = page.evaluate(
        "Array.from(document.querySelectorAll('#dashboard-rows li'), (li) => [li.textContent, li.__mine, li.id])"
    )
    # The order changed with each update, yet every row is the same element as before, and
    # the temporary ids used for matching are gone.
    assert sorted(r[0] for r in rows) == [f"Row {n}" for n in range(5)]
    assert all(text == mine and element_id == "" for text, mine, element_id in rows)


def test_morph_false_ancestor_replaces(shared_server, page):
    open_dashboard(page, shared_server)
    page.fill("#plain-input", "gone soon")
    wait_ticks(page, 2, "#plain-tick")
    expect(page.locator("#plain-input")).to_have_value("")
    assert page.evaluate("document.querySelector('#plain-button').__pageListener") is None
    page.click("#plain-button")
    expect(page.locator("#plain-clicks")).to_have_text("0")


def test_morph_false_message_replaces(shared_server, page):
    watcher = open_dashboard(page, shared_server)
    page.click("#dashboard-details summary")
    page.click("#replace-dashboard")
    watcher.wait_for("liveview:ack")
    watcher.settled()
    # The replacement (tick 0) may be followed by the next morphed update at once; either
    # way the elements are new: the page's listener and the open <details> are gone.
    assert page.evaluate("document.querySelector('#dashboard-button').__pageListener") is None
    assert page.evaluate("document.querySelector('#dashboard-details').open") is False
    page.click("#dashboard-button")
    expect(page.locator("#dashboard-clicks")).to_have_text("0")
    replace = [m for m in watcher.received if m.get("morph") is False]
    assert len(replace) == 1


def test_cleanup_runs_on_the_target_and_on_removed_elements_only(shared_server, page):
    open_dashboard(page, shared_server)
    page.evaluate(
        """() => {
            window.__cleaned = [];
            const dashboard = document.querySelector('#dashboard');
            dashboard.__cleanup = () => window.__cleaned.push('target');
            const extra = document.createElement('p');
            extra.id = 'not-from-the-server';
            extra.innerHTML = '<b>inside</b>';
            extra.__cleanup = () => window.__cleaned.push('removed');
            extra.firstChild.__cleanup = () => window.__cleaned.push('removed child');
            dashboard.append(extra);
            document.querySelector('#dashboard-button').__cleanup = () => window.__cleaned.push('kept');
        }"""
    )
    wait_ticks(page, 2)
    assert page.evaluate("window.__cleaned") == ["target", "removed", "removed child"]
    assert page.locator("#not-from-the-server").count() == 0
    assert (
        page.evaluate("typeof document.querySelector('#dashboard-button').__cleanup") == "function"
    )
