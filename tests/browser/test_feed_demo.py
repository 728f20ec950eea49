"""The demo's resumable feed page in Chromium: the tab is cut off with its own control
(``liveview.disconnect()``), messages are published meanwhile, and once restored
(``liveview.connect()``) it shows every number once, in order; an overflow of the log
fires ``liveview:resync`` and the page marks the gap; with Redis, the tab may come back to
another process."""

from __future__ import annotations

import json
import re
import threading

from playwright.sync_api import expect

from tests.browser.support import open_page
from tests.browser.test_resume import _run, banner, short_log_server  # noqa: F401 (fixture)
from tests.browser.test_resume_redis import two_servers  # noqa: F401 (fixture)
from tests.deploy import call, next_frame, page_socket
from tests.tcp_proxy import TcpProxy


def burst_from_elsewhere(server):
    """Ten numbered broadcasts from another feed tab, straight to the server; returns once
    that tab got all ten back (so each was published)."""

    async def run():
        async with page_socket(server.url, "/feed/") as ws:
            await call(ws, "feed_burst")
            for n in range(1, 11):
                frame = await next_frame(ws, "#feed-log")
                assert f'data-n="{n}"' in frame["html"], frame

    failure = []
    thread = threading.Thread(target=lambda: failure.extend(_run(run)))
    thread.start()  # not on this thread: Playwright's event loop runs here
    thread.join()
    assert not failure, failure[0]


def feed_numbers(page):
    return page.eval_on_selector_all(
        "#feed-log li[data-n]", "items => items.map(i => [i.dataset.series, Number(i.dataset.n)])"
    )


def test_a_cut_off_feed_tab_gets_every_number_once_in_order_when_restored(page, shared_server):
    received = []  # every frame the page's sockets got
    page.on("websocket", lambda ws: ws.on("framereceived", lambda p: received.append(p)))
    open_page(page, f"{shared_server.url}/feed/")
    expect(page.locator("#feed-connection")).to_have_text("connected")
    expect(page.locator("#feed-log .feed-mark")).to_contain_text("Feed since")

    page.click("#feed-tick")  # 20 numbers to this tab's room, 4 a second, on the server
    expect(page.locator("#feed-log")).to_contain_text("1 of 20")
    page.click("#feed-cut")
    expect(page.locator("#feed-connection")).to_have_text("cut off")
    expect(banner(page)).to_have_class(re.compile(r"\bno-connection--show\b"))
    seen_while_cut = len(feed_numbers(page))
    burst_from_elsewhere(shared_server)
    assert len(feed_numbers(page)) == seen_while_cut  # really cut off: nothing arrived
    page.click("#feed-restore")

    expect(page.locator("#feed-connection")).to_have_text("connected")
    expect(page.locator("#feed-log")).to_contain_text("20 of 20", timeout=15_000)
    expect(page.locator("#feed-received")).to_have_text("30")
    expect(page.locator("#feed-order")).to_have_text("in order, each once")
    numbers = feed_numbers(page)
    by_series = {}
    for series, n in numbers:
        by_series.setdefault(series, []).append(n)
    assert sorted(by_series.values()) == [list(range(1, 11)), list(range(1, 21))]
    assert page.locator("#feed-resyncs").inner_text() == "0"
    # Once on the wire too, or the client dropped what the server sent twice.
    frames = [json.loads(payload) for payload in received]
    items = [f["html"] for f in frames if f.get("target") == "#feed-log" and "data-n" in f["html"]]
    assert len(items) == 30


def test_an_overflow_of_the_log_resyncs_the_feed(page, short_log_server):  # noqa: F811
    open_page(page, f"{short_log_server.url}/feed/")
    expect(page.locator("#feed-log .feed-mark")).to_contain_text("Feed since")
    # A socket of this tab's session in its room (a legitimate member) sees the overflow
    # published while the tab itself is cut off.
    page.evaluate(
        """() => { window.overflowDone = new Promise((resolve) => {
          const room = document.documentElement.dataset.room;
          const ws = new WebSocket(`ws://${location.host}/ws/liveview/${room}/`);
          ws.onmessage = (e) => { if (e.data.includes("55 of 55")) { ws.close(); resolve(true); } };
          ws.onopen = () => { window.watcherOpen = true; };
        }); }"""
    )
    page.wait_for_function("() => window.watcherOpen === true")
    page.click("#feed-overflow")  # the page cuts itself off once the server took it
    expect(page.locator("#feed-connection")).to_have_text("cut off")
    assert page.evaluate("() => window.overflowDone")  # 55 published, the log keeps 5
    expect(page.locator("#feed-received")).to_have_text("0")
    page.click("#feed-restore")

    expect(page.locator("#feed-resyncs")).to_contain_text("1 (")
    expect(page.locator("#feed-log .feed-mark[data-synced=resync]")).to_contain_text("Re-synced")
    expect(page.locator("#feed-order")).to_have_text("in order, each once")
    assert len(feed_numbers(page)) < 55  # what the log lost is not made up


def test_with_redis_a_feed_tab_restored_on_the_other_process_gets_every_number(
    page,
    two_servers,  # noqa: F811
):
    first, other = two_servers
    proxy = TcpProxy(first.port)
    try:
        open_page(page, f"{proxy.url}/feed/")
        expect(page.locator("#feed-connection")).to_have_text("connected")
        page.click("#feed-tick")  # runs on the first process
        expect(page.locator("#feed-log")).to_contain_text("1 of 20")
        page.click("#feed-cut")
        expect(banner(page)).to_have_class(re.compile(r"\bno-connection--show\b"))
        burst_from_elsewhere(other)
        proxy.backend_port = other.port
        page.click("#feed-restore")

        expect(page.locator("#feed-connection")).to_have_text("connected")
        expect(page.locator("#feed-log")).to_contain_text("20 of 20", timeout=15_000)
        expect(page.locator("#feed-received")).to_have_text("30")
        expect(page.locator("#feed-order")).to_have_text("in order, each once")
        counts = sorted(
            [n for s, n in feed_numbers(page) if s == series]
            for series in {s for s, _ in feed_numbers(page)}
        )
        assert counts == [list(range(1, 11)), list(range(1, 21))]
    finally:
        proxy.close()
