"""Client-side safeguards: pushed URLs stay on the origin, unknown keys (__proto__ included)
are ignored, server scripts work under a strict nonce CSP and can be switched off."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import configure, open_page, wait_connected, watch

BAD_URL_CASES = [
    "javascript",
    "protocol-relative",
    "other-origin",
    "data",
    "control-characters",
    "backslashes",
]


@pytest.mark.parametrize("case", BAD_URL_CASES)
def test_url_leaving_the_origin_is_refused(shared_server, page, case):
    watcher = watch(page)
    open_page(page, shared_server.url + "/client-security/")
    length = page.evaluate("history.length")
    page.click(f"#bad-url-{case}")
    error = watcher.wait_for("liveview:error")
    assert error["message"] == "url refused: not a same-origin http(s) URL"
    # The rest of the message still applies; history and location do not move.
    expect(page.locator("#bad-url-result")).to_contain_text(f"The rest of the “{case}” message")
    assert page.url == shared_server.url + "/client-security/"
    assert page.evaluate("history.length") == length


def test_proto_and_constructor_keys_have_no_effect(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/client-security/")
    page.click("#proto-keys")
    expect(page.locator("#proto-result")).to_have_text(
        "Applied: only the message's own documented keys were read."
    )
    watcher.settled()
    assert page.evaluate("({}).polluted === undefined && Object.prototype.polluted === undefined")
    expect(page.locator("#proto-victim")).to_have_text("Nothing here may change.")
    assert watcher.events("liveview:error") == []


def test_server_scripts_run_by_default(shared_server, page):
    open_page(page, shared_server.url + "/client-security/")
    page.click("#run-scripts")
    expect(page.locator("#html-script-out")).to_have_text("ran")
    expect(page.locator("#key-script-out")).to_have_text("ran")


@pytest.mark.parametrize("how", ["demo page", "init script"])
def test_scripts_false_disables_server_scripts(shared_server, page, how):
    watcher = watch(page)
    if how == "demo page":
        address = "/client-security/?scripts=off"
    else:
        configure(page, "{scripts: false}")
        address = "/client-security/"
    open_page(page, shared_server.url + address)
    page.click("#run-scripts")
    watcher.settled()
    # The HTML was applied, its script taken out and not run; the script key not run either.
    expect(page.locator("#html-script-out")).to_have_text("waiting")
    expect(page.locator("#html-script-out script")).to_have_count(0)
    expect(page.locator("#key-script-out")).to_have_text("not run")


def test_strict_nonce_csp_page_runs_the_script_key_only(shared_server, page):
    watcher = watch(page)
    response = page.goto(shared_server.url + "/strict-csp/")
    policy = response.headers["content-security-policy"]
    assert policy.startswith("script-src 'nonce-")
    assert "unsafe" not in policy
    # The policy is in force: the inline script without the nonce was blocked.
    expect(page.locator("#csp-nonced")).to_have_text("ran")
    expect(page.locator("#csp-inline")).to_have_text("blocked by the CSP")
    wait_connected(page)
    page.click("#csp-script-key")
    expect(page.locator("#csp-key-out")).to_have_text("ran")
    # A <script> inside html is markup: it never gets the page's nonce.
    page.click("#csp-html-script")
    expect(page.locator("#csp-target .csp-result")).to_have_text("Waiting for the script.")
    error = watcher.wait_for("liveview:error")
    assert error["message"].startswith("script in server HTML not run")
    expect(page.locator("#csp-target")).not_to_have_attribute("data-ran", "yes")


def test_parts_loaded_on_demand_carry_the_nonce_under_a_strict_csp(shared_server, page):
    """The full Stimulus is a separate file the client adds as a script: it gets the main
    script's nonce, or the page's CSP would block it."""
    open_page(page, shared_server.url + "/strict-csp/")
    nonce = page.evaluate("document.querySelector('script[src*=\"liveview.min.js\"]').nonce")
    assert nonce
    page.evaluate("window.Stimulus")
    # A function, not a string: the page's CSP forbids the eval a string predicate needs.
    page.wait_for_function(
        "() => typeof window.Stimulus.getControllerForElementAndIdentifier === 'function'"
    )
    assert (
        page.evaluate("document.querySelector('script[src*=\"liveview-stimulus\"]').nonce") == nonce
    )


def test_html_injection_under_the_nonce_csp_runs_no_script(shared_server, page):
    """The attacker posts a comment that a buggy handler echoes into html unescaped: under the
    page's nonce CSP, none of it runs (before, the client gave the injected script the nonce)."""
    watcher = watch(page)
    open_page(page, shared_server.url + "/strict-csp/")
    attack = (
        "<b id='injected'>bold</b>"
        "<script>window.__pwned = 'script'</script>"
        "<img src='data:,' onerror=\"window.__pwned = 'onerror'\">"
    )
    page.fill("#csp-comment", attack)
    page.click("#csp-echo-send")
    watcher.settled()
    expect(page.locator("#csp-echo #injected")).to_have_text("bold")
    assert page.evaluate("window.__pwned === undefined")
    messages = [e["message"] for e in watcher.events("liveview:error")]
    assert any(m.startswith("script in server HTML not run") for m in messages)


def test_message_over_the_size_limit_is_refused_before_sending(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/client-security/")
    page.evaluate(
        """() => document.querySelector('#measure').addEventListener('liveview:error',
            (event) => { window.__onElement = event.detail; })"""
    )
    page.click("#fill-big")
    page.click("#measure")
    page.wait_for_function("() => window.__onElement !== undefined")
    detail = page.evaluate("window.__onElement")
    assert detail["reason"] == "too-large"
    assert detail["limit"] == 65536
    assert detail["size"] > 70000
    # Never sent, never loading; the socket stays open and a shorter message goes through.
    assert watcher.sent_messages("measure") == []
    expect(page.locator("#measure")).not_to_have_class(re.compile("liveview-loading"))
    page.fill("#big", "short")
    page.click("#measure")
    expect(page.locator("#measure-result")).to_have_text("The server got 5 characters.")
    assert watcher.count("liveview:connecting") == 1


def test_message_the_server_refused_as_too_big_is_never_replayed(shared_server, page):
    """A client that believes the limit is higher (a server configured lower) sends a frame the
    server closes with 1009: it is dropped, not replayed on every reconnect."""
    watcher = watch(page)
    configure(page, "{maxMessageSize: 1000000, reconnectDelay: 0}")
    open_page(page, shared_server.url + "/client-security/")
    page.click("#fill-big")
    page.click("#measure")
    closed = watcher.wait_for("liveview:disconnected")
    assert closed["code"] == 1009
    error = watcher.wait_for("liveview:error")
    assert error["reason"] == "too-large"
    watcher.wait_for("liveview:connected", 2)
    page.fill("#big", "short")
    page.click("#measure")
    expect(page.locator("#measure-result")).to_have_text("The server got 5 characters.")
    # Replays go out first when a socket opens: the big one was sent once, never again.
    assert len(watcher.sent_messages("measure")) == 2
    assert watcher.count("liveview:disconnected") == 1


def test_nonce_mode_runs_scripts_only_on_a_page_with_a_nonce(shared_server, new_page):
    with_nonce, without = new_page(), new_page()
    configure(with_nonce, '{scripts: "nonce"}')
    open_page(with_nonce, shared_server.url + "/strict-csp/")
    with_nonce.click("#csp-script-key")
    expect(with_nonce.locator("#csp-key-out")).to_have_text("ran")

    watcher = watch(without)
    configure(without, '{scripts: "nonce"}')
    open_page(without, shared_server.url + "/client-security/")
    without.click("#run-scripts")
    watcher.settled()
    expect(without.locator("#key-script-out")).to_have_text("not run")
    messages = [e["message"] for e in watcher.events("liveview:error")]
    assert messages == ["server script not run: no CSP nonce found on the page"] * 2
