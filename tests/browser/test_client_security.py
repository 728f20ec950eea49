"""Client-side safeguards: pushed URLs stay on the origin, unknown keys (__proto__ included)
are ignored, server scripts work under a strict nonce CSP and can be switched off."""

from __future__ import annotations

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


def test_strict_nonce_csp_page_still_runs_server_scripts(shared_server, page):
    watcher = watch(page)
    response = page.goto(shared_server.url + "/strict-csp/")
    policy = response.headers["content-security-policy"]
    assert policy.startswith("script-src 'nonce-")
    assert "unsafe" not in policy
    # The policy is in force: the inline script without the nonce was blocked.
    expect(page.locator("#csp-nonced")).to_have_text("ran")
    expect(page.locator("#csp-inline")).to_have_text("blocked by the CSP")
    wait_connected(page)
    page.click("#csp-html-script")
    expect(page.locator("#csp-target .csp-result")).to_have_text(
        "Inserted and run under the strict CSP"
    )
    expect(page.locator("#csp-target")).to_have_attribute("data-ran", "yes")
    page.click("#csp-script-key")
    expect(page.locator("#csp-key-out")).to_have_text("ran")
    assert watcher.events("liveview:error") == []


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
