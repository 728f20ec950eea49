"""Tabs never stay stale: the server restarts with a new build identifier while a page of the
old build is open; the tab reconnects, hears of the new build, and reloads at a safe moment,
never losing what the user typed."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.browser.support import configure, open_page, watch
from tests.servers import EXAMPLE, ROOT, DemoServer

FAST = "{reconnectDelay: 100, reconnectMultiplier: 1, jitter: 0, maxReconnectAttempts: Infinity}"

STALE_EVENTS = """
window.__stale = [];
document.addEventListener("liveview:stale", (event) => {
  window.__stale.push(event.detail);
  // Kept across reloads, for tests that see the page reload at once.
  const seen = JSON.parse(sessionStorage.getItem("test:stale") || "[]");
  sessionStorage.setItem("test:stale", JSON.stringify([...seen, event.detail]));
});
"""

_builds = itertools.count(1)


@pytest.fixture(scope="module")
def server(migrated_db, tmp_path_factory):
    """This module's own server, restarted with a new build by the tests."""
    database = tmp_path_factory.mktemp("builds") / "demo.sqlite3"
    shutil.copy(migrated_db, database)
    server = DemoServer(database, extra_env={"DEMO_BUILD_ID": f"build-{next(_builds)}"})
    server.start()
    yield server
    server.close()


def deploy(server):
    """Restart the server with a new build identifier; returns it."""
    build = f"build-{next(_builds)}"
    server.pause()
    server.extra_env["DEMO_BUILD_ID"] = build
    server.resume()
    return build


def open_hello(page, server):
    configure(page, FAST)
    page.add_init_script(STALE_EVENTS)
    open_page(page, server.url + "/")
    page.evaluate("window.__documentTag = 'kept'")
    return page.get_attribute("html", "data-liveview-build")


def test_page_and_handshake_carry_the_build(server, page):
    watcher = watch(page)
    build = open_hello(page, server)
    assert build == server.extra_env["DEMO_BUILD_ID"]
    room = page.get_attribute("html", "data-room")
    expected = f"{server.ws_url}/ws/liveview/{room}/?build={build}&path=%2F"
    assert watcher.sockets == [expected]


def test_unsent_edits_delay_the_reload_until_they_are_sent(server, page):
    watcher = watch(page)
    old = open_hello(page, server)
    page.fill("#name", "Grace")
    new = deploy(server)
    page.wait_for_function("() => window.__stale.length === 1")
    assert page.evaluate("window.__stale[0]") == {"reason": "build", "build": old, "server": new}
    # Edited since the last send: the tab waits, nothing lost.
    assert page.evaluate("window.__documentTag") == "kept"
    expect(page.locator("#name")).to_have_value("Grace")
    page.click("button:has-text('Say hello')")
    # Sent, acknowledged, then reloaded into the new build.
    expect(page.locator("html")).to_have_attribute("data-liveview-build", new)
    assert page.evaluate("window.__documentTag") is None
    assert [call["form"] for call in watcher.calls("say_hello")] == [{"name": "Grace"}]
    assert page.evaluate("window.__stale") == []


def test_hidden_tab_reloads_at_once_and_keeps_unsent_values(server, page):
    open_hello(page, server)
    page.fill("#name", "Ada")
    page.evaluate(
        """Object.defineProperty(document, "visibilityState", {value: "hidden", configurable: true});
        document.dispatchEvent(new Event("visibilitychange"));"""
    )
    new = deploy(server)
    expect(page.locator("html")).to_have_attribute("data-liveview-build", new)
    assert page.evaluate("window.__documentTag") is None
    # What was typed and never sent came over the reload.
    expect(page.locator("#name")).to_have_value("Ada")


def test_a_cancelled_stale_event_keeps_the_page(server, page):
    open_hello(page, server)
    page.evaluate("document.addEventListener('liveview:stale', (event) => event.preventDefault())")
    deploy(server)
    page.wait_for_function("() => window.__stale.length === 1")
    page.fill("#name", "Lin")
    page.click("button:has-text('Say hello')")
    expect(page.locator("#greeting")).to_contain_text("Hello, Lin!")
    assert page.evaluate("window.__documentTag") == "kept"


@pytest.fixture(scope="module")
def strict_server(migrated_db, tmp_path_factory):
    database = tmp_path_factory.mktemp("strict-builds") / "demo.sqlite3"
    shutil.copy(migrated_db, database)
    server = DemoServer(database, extra_env={"DEMO_REQUIRE_SIGNED_ROOMS": "1"})
    server.start()
    yield server
    server.close()


def test_a_credential_that_cannot_be_renewed_reloads_the_page(strict_server, page):
    """The page's room is refused, and the server answers the renewal's fetch with an error
    page: no fresh room can be had, so the tab reloads (when safe) to show what it says now."""
    watcher = watch(page)
    address = strict_server.url + "/room-refused/"
    loads = []

    def second_load_fails(route):
        loads.append(route.request.url)
        if len(loads) == 2:
            route.fulfill(status=503, content_type="text/html", body="<p>Back soon</p>")
        else:
            route.continue_()

    page.route(address, second_load_fails)
    page.add_init_script(STALE_EVENTS)
    page.goto(address)
    # Reloaded (the third load), which renews its room and connects.
    page.wait_for_function("() => window.myWebSocket && window.myWebSocket.readyState === 1")
    watcher.wait_for("liveview:connected")
    assert len(loads) >= 3
    seen = page.evaluate("JSON.parse(sessionStorage.getItem('test:stale'))")
    assert seen == [{"reason": "credentials", "build": None, "server": None}]


def collectstatic(root, extra):
    """One build of the static files: ``collectstatic`` with its manifest, as a deploy runs it."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.manifest_settings",
        "DEMO_STATIC_ROOT": str(root),
        "DEMO_STATIC_EXTRA": str(extra),
        "PYTHONPATH": os.pathsep.join([str(EXAMPLE), str(ROOT)]),
    }
    command = [sys.executable, str(EXAMPLE / "manage.py"), "collectstatic", "--noinput", "-v", "0"]
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(f"collectstatic failed:\n{result.stdout}\n{result.stderr}")
    return json.loads((root / "staticfiles.json").read_text())["hash"]


@pytest.fixture(scope="module")
def manifest_builds(tmp_path_factory):
    """Two builds whose static files differ by one file: two manifests, two hashes."""
    builds = []
    for release in ("one", "two"):
        base = tmp_path_factory.mktemp(f"static-{release}")
        extra = base / "extra"
        extra.mkdir()
        (extra / "release.css").write_text(f"/* release {release} */\n")
        root = base / "root"
        builds.append({"root": root, "extra": extra, "hash": collectstatic(root, extra)})
    return builds


def test_a_new_static_manifest_is_a_new_build_and_the_tab_reloads(
    manifest_builds, migrated_db, tmp_path, page
):
    first, second = manifest_builds
    assert first["hash"]
    assert second["hash"] != first["hash"]
    database = tmp_path / "demo.sqlite3"
    shutil.copy(migrated_db, database)
    env = {"DEMO_BUILD_ID": "", "DEMO_STATIC_ROOT": str(first["root"])}
    server = DemoServer(
        database,
        settings="tests.manifest_settings",
        extra_env={**env, "DEMO_STATIC_EXTRA": str(first["extra"])},
    )
    server.start()
    try:
        assert open_hello(page, server) == first["hash"]
        # The deploy: the same code on the second build's static files.
        server.pause()
        server.extra_env.update(
            DEMO_STATIC_ROOT=str(second["root"]), DEMO_STATIC_EXTRA=str(second["extra"])
        )
        server.resume()
        expect(page.locator("html")).to_have_attribute("data-liveview-build", second["hash"])
        assert page.evaluate("window.__documentTag") is None  # reloaded
        seen = page.evaluate("JSON.parse(sessionStorage.getItem('test:stale'))")
        assert seen == [{"reason": "build", "build": first["hash"], "server": second["hash"]}]
    finally:
        server.close()
