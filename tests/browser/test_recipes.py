"""Recipes of the Django LiveView 2.x docs, as written there, keep working now that updates
morph: the custom-events extension script, a counter whose HTML brings its script, bindings
of re-rendered elements, and the infinite scroll of Advanced Features."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.support import open_page, watch


@pytest.fixture
def recipes(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/recipes/")
    return page, watcher


def test_server_event_with_the_extension_script_arrives_once(recipes):
    page, watcher = recipes
    page.click("#recipe-event")
    watcher.settled()
    page.click("#recipe-event-bare")
    watcher.settled()
    expect(page.locator("#recipe-events li")).to_have_count(2)
    assert page.evaluate("window.__recipeEvents") == [
        {"name": "recipe-saved", "detail": {"id": 7}},
        {"name": "recipe-pinged", "detail": {}},
    ]


def test_counter_script_adds_its_listener_once(recipes):
    page, watcher = recipes
    page.click("#counter-show")
    watcher.settled()
    page.click("#counter-show")
    watcher.settled()
    page.click("#counter-plus")
    expect(page.locator("#counter-value")).to_have_text("1")


def test_rerendered_element_with_new_bindings_runs_init_again(recipes):
    page, watcher = recipes
    expect(page.locator("#rearm-log li")).to_have_text(["init ran for version 0"])
    page.click("#rearm-next")
    expect(page.locator("#rearm-log li")).to_have_count(2)
    page.click("#rearm-next")
    expect(page.locator("#rearm-log li")).to_have_text(
        ["init ran for version 0", "init ran for version 1", "init ran for version 2"]
    )
    # The same element, morphed in place: re-armed, not rebuilt.
    assert watcher.calls("rearm_init")[-1]["data"] == {"dataVersion": "2"}


def test_rerendered_element_with_new_bindings_takes_focus_again(recipes):
    page, _ = recipes
    page.evaluate("document.querySelector('#rearm-field').__mine = true")
    page.click("#rearm-next")
    expect(page.locator("#rearm-field")).to_be_focused()
    assert page.evaluate("document.querySelector('#rearm-field').__mine") is True


#: Resolves once a new IntersectionObserver has reported on the page's last item: the
#: page's own observers, made earlier, are notified before it in that same task.
_OBSERVED = """() => new Promise((done) => {
  const observer = new IntersectionObserver(() => { observer.disconnect(); done(); });
  observer.observe(document.querySelector("#items-list li:last-child") ?? document.body);
})"""


def quiet(page, watcher):
    """Settled, and still so once intersection observers have reported on the page as it
    is now (a trigger re-rendered on screen asks for its page only then)."""
    while True:
        sent = len(watcher.sent_functions())
        watcher.settled()
        page.evaluate(_OBSERVED)
        if len(watcher.sent_functions()) == sent:
            return


def test_infinite_scroll_recipe_loads_every_page(recipes):
    """Each page re-renders the same trigger element with the next page number: it must load
    that page whenever it is on screen, to the end of the list (before, it stalled at 20)."""
    page, watcher = recipes
    items = page.locator("#items-list li")
    for _ in range(5):
        # Scrolling between a page's items and its new trigger would ask for a page twice,
        # so the page must be quiet first: every message acknowledged, and no intersection
        # callback still to come (a trigger re-rendered on screen loads its page by itself,
        # one rendering step after the acknowledgement that brought it).
        quiet(page, watcher)
        count = items.count()
        if count == 50:
            break
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_function(
            "(n) => document.querySelectorAll('#items-list li').length > n", arg=count
        )
    expect(items).to_have_text([f"Item {n}" for n in range(1, 51)])
    expect(page.locator("#load-more-trigger")).to_be_empty()
