"""What a tab keeps belongs to the user its pages were rendered for: history snapshots and
persisted messages in sessionStorage are dropped when another user signs in in the same tab,
and a logout in another tab reconnects this one as the new visitor."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import open_page, wait_connected, watch


def sign_in(page, server, name):
    open_page(page, server.url + "/account/")
    page.fill("#login-name", name)
    page.click("#login")
    expect(page.locator("#account-name")).to_have_text(name)
    wait_connected(page)


def read_diary(page, watcher, pages):
    for n in pages:
        page.click(f"#diary-{n}")
        page.wait_for_url(f"**/account/?page={n}")
    watcher.settled()


def test_back_after_another_user_signs_in_shows_nothing_of_the_previous_one(shared_server, page):
    watcher = watch(page)
    sign_in(page, shared_server, "ada")
    read_diary(page, watcher, [1, 2, 3])
    expect(page.locator("#diary")).to_have_text("Private diary of ada, page 3.")
    page.click("#logout")
    page.wait_for_selector("#login-name")
    page.fill("#login-name", "bob")
    page.click("#login")
    expect(page.locator("#account-name")).to_have_text("bob")
    wait_connected(page)
    # Back through every entry of this tab, ada's included: none shows her diary.
    seen = []
    for _ in range(6):
        page.go_back()
        page.wait_for_load_state()
        wait_connected(page)
        seen.append(page.locator("main").inner_text())
    assert not [text for text in seen if "ada" in text], seen
    assert any("Private diary of bob" in text for text in seen)


def test_logout_in_another_tab_reconnects_this_one_as_the_new_visitor(shared_server, new_page):
    first = new_page()
    watcher = watch(first)
    sign_in(first, shared_server, "carol")
    read_diary(first, watcher, [1])
    # Stored by the history part, which loads on demand at the first pushed URL.
    first.wait_for_function(
        "() => !['[]', null].includes(sessionStorage.getItem('liveview:snapshot-order'))"
    )
    identity = first.get_attribute("html", "data-liveview-identity")
    other = first.context.new_page()
    open_page(other, shared_server.url + "/account/")
    other.click("#logout")
    ended = watcher.wait_for("liveview:session-ended")
    assert ended["code"] == 4401
    watcher.wait_for("liveview:connected", 2)
    expect(first.locator("#session-status")).to_have_text(
        "ended in another tab; reconnected as the new visitor"
    )
    # What the tab kept for carol is gone, and it now speaks as the anonymous visitor.
    assert first.evaluate("sessionStorage.getItem('liveview:snapshot-order')") is None
    assert first.evaluate("sessionStorage.getItem('liveview:identity')") != identity
    first.click("#diary-2")
    expect(first.locator("#diary")).to_have_text("Sign in to read your diary.")
