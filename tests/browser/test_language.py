"""SPEC 4.12: every message carries lang, read from <html lang> when it is sent."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import open_page, watch


def test_every_message_carries_the_page_lang(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/language/fr/")
    assert page.get_attribute("html", "lang") == "fr"
    # From init (sent on page load) and from a click.
    expect(page.locator("#lang-init")).to_contain_text("Bonjour! The server received lang = fr")
    page.click("#ask-lang")
    expect(page.locator("#lang-result")).to_contain_text("Bonjour! The server received lang = fr")
    # gettext and {% translate %} in the handler's template speak the page's language.
    expect(page.locator("#lang-result .active")).to_have_text("fr")
    expect(page.locator("#lang-result .translated")).to_have_text(
        "Cette phrase a été traduite sur le serveur, dans la langue de la page."
    )
    watcher.settled()
    assert [(m["function"], m["lang"]) for m in watcher.sent] == [
        ("show_lang", "fr"),
        ("show_lang", "fr"),
    ]


def test_default_lang_is_the_one_of_the_page(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/language/")
    page.click("#ask-lang")
    expect(page.locator("#lang-result")).to_contain_text("Hello! The server received lang = en")
    assert {m["lang"] for m in watcher.calls("show_lang")} == {"en"}


def test_lang_is_read_when_each_message_is_sent(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/language/es/")
    page.click("#switch-lang")  # sets <html lang="de"> in the browser
    page.click("#ask-lang")
    expect(page.locator("#lang-result")).to_contain_text("Hallo! The server received lang = de")
    expect(page.locator("#lang-result .active")).to_have_text("de")
    assert watcher.calls("show_lang")[-1]["lang"] == "de"
