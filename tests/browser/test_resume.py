"""Resumable delivery of server pushes (issue 14) in Chromium: a tab whose connection is
cut off while broadcasts are sent gets every one of them, in order and once, after it
reconnects; a gap older than the server's log fires ``liveview:resync``."""

from __future__ import annotations

import asyncio
import re
import shutil
import threading

import pytest
from playwright.sync_api import expect

from tests.browser.support import configure, open_page
from tests.deploy import call, next_frame, page_socket
from tests.servers import DemoServer
from tests.tcp_proxy import TcpProxy

# Fast reconnection that never gives up, so the test waits for events, not delays.
FAST = "{reconnectDelay: 100, reconnectMultiplier: 1.5, reconnectMaxDelay: 400, jitter: 0, maxReconnectAttempts: Infinity}"


@pytest.fixture
def proxy(shared_server):
    proxy = TcpProxy(shared_server.port)
    yield proxy
    proxy.close()


def post_from_elsewhere(server, texts):
    """Post ``texts`` on the broadcast page from another client, straight to the server,
    and return once that client got every one back (so each was published)."""

    async def run():
        async with page_socket(server.url, "/broadcast/") as ws:
            for text in texts:
                await call(ws, "post_message", author="elsewhere", message=text)
                frame = await next_frame(ws, "#messages")
                assert text in frame["html"]

    failure = []
    thread = threading.Thread(target=lambda: failure.extend(_run(run)))
    thread.start()
    thread.join()
    assert not failure, failure[0]


def _run(coroutine_function):
    try:
        asyncio.run(coroutine_function())
    except BaseException as error:  # reported to the test's thread
        return [error]
    return []


def banner(page):
    return page.locator("#no-connection")


def messages(page):
    return page.locator("#messages li")


def test_a_cut_off_tab_gets_every_broadcast_in_order_once_after_it_reconnects(
    page, proxy, shared_server
):
    configure(page, FAST)
    open_page(page, f"{proxy.url}/broadcast/")
    post_from_elsewhere(shared_server, ["before the cut"])
    expect(messages(page)).to_have_count(1)

    proxy.cut()
    expect(banner(page)).to_have_class(re.compile(r"\bno-connection--show\b"))
    missed = [f"missed {index:02}" for index in range(50)]
    post_from_elsewhere(shared_server, missed)
    proxy.restore()

    expect(banner(page)).to_have_class(re.compile(r"\bno-connection--hide\b"))
    post_from_elsewhere(shared_server, ["after the cut"])
    expected = ["before the cut", *missed, "after the cut"]
    expect(messages(page)).to_have_count(len(expected))
    texts = messages(page).all_inner_texts()
    assert [next(t for t in expected if t in text) for text in texts] == expected


@pytest.fixture
def short_log_server(migrated_db, tmp_path):
    database = tmp_path / "demo.sqlite3"
    shutil.copy(migrated_db, database)
    server = DemoServer(database, settings="tests.resume_settings")
    server.start()
    yield server
    server.close()


def test_a_gap_older_than_the_log_fires_resync_and_reruns_init_handlers(page, short_log_server):
    proxy = TcpProxy(short_log_server.port)
    try:
        configure(page, FAST)
        page.add_init_script(
            "window.resyncs = []; window.inits = 0;"
            "document.addEventListener('liveview:resync', (e) => resyncs.push(e.detail));"
            "document.addEventListener('liveview:sent', (e) => {"
            "  const m = e.detail.message;"
            "  if (m.function === 'init_widget' && !m.replay) inits += 1; });"
        )
        open_page(page, f"{proxy.url}/init/")
        page.wait_for_function("() => window.inits === 1")
        expect(page.locator("#init-stats")).not_to_contain_text("Loading")  # answered

        proxy.cut()
        expect(banner(page)).to_have_class(re.compile(r"\bno-connection--show\b"))
        post_from_elsewhere(short_log_server, [f"missed {index}" for index in range(10)])
        proxy.restore()

        page.wait_for_function("() => window.resyncs.length === 1")
        assert "broadcast" in page.evaluate("window.resyncs[0].groups")
        page.wait_for_function("() => window.inits === 2")  # the page re-synced itself
    finally:
        proxy.close()


def test_the_demo_feed_can_be_cut_off_and_restored(page, shared_server):
    open_page(page, f"{shared_server.url}/broadcast/")
    page.click("#cut-off")
    expect(banner(page)).to_have_class(re.compile(r"\bno-connection--show\b"))
    post_from_elsewhere(shared_server, ["while cut off 1", "while cut off 2"])
    expect(messages(page)).to_have_count(2)  # after it reconnected by itself
    texts = messages(page).all_inner_texts()
    assert "while cut off 1" in texts[0]
    assert "while cut off 2" in texts[1]
