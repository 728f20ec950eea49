"""Resumable delivery through the log shared in Redis (issue 14), in Chromium: a tab on
one of two processes, cut off while 50 broadcasts and 10 topic messages are sent, gets
every one of them, in order and once, when it reconnects to the same or the other
process; a handler's reply lost with the socket is shown after the replay on the other
process."""

from __future__ import annotations

import json
import re
import shutil
import threading
import time

import pytest
import redis
from playwright.sync_api import expect

from tests.browser.support import configure, open_page
from tests.browser.test_resume import FAST, _run, banner
from tests.deploy import call, next_frame, page_socket
from tests.servers import DemoServer, count_orders
from tests.tcp_proxy import TcpProxy


@pytest.fixture
def two_servers(redis_server, migrated_db, tmp_path):
    database = tmp_path / "demo.sqlite3"
    shutil.copy(migrated_db, database)
    servers = [
        DemoServer(database, redis_url=redis_server.url, settings="tests.redis_settings")
        for _ in range(2)
    ]
    try:
        for server in servers:
            server.start()
        yield servers
    finally:
        for server in servers:
            server.close()


def send_from_elsewhere(server, broadcasts, said):
    """Post ``broadcasts`` and say ``said`` in #general, from other clients straight to
    ``server``; returns once each came back to its sender (so each was published)."""

    async def run():
        async with (
            page_socket(server.url, "/broadcast/") as poster,
            page_socket(server.url, "/chat/") as chatter,
        ):
            enter = {"function": "chat_enter", "form": {"nick": "other"}}
            await chatter.send(json.dumps({**enter, "data": {"chat": "general"}}))
            await next_frame(chatter, "#chat")
            for text in broadcasts:
                await call(poster, "post_message", author="elsewhere", message=text)
                assert text in (await next_frame(poster, "#messages"))["html"]
            for text in said:
                await call(chatter, "chat_say", text=text)
                assert text in (await next_frame(chatter, "#chat-log"))["html"]

    failure = []
    thread = threading.Thread(target=lambda: failure.extend(_run(run)))
    thread.start()  # not on this thread: Playwright's event loop runs here
    thread.join()
    assert not failure, failure[0]


@pytest.mark.parametrize("back_to", ["the same process", "the other process"])
def test_a_cut_off_tab_gets_every_broadcast_and_topic_message_in_order_once(
    page, two_servers, back_to
):
    first, other = two_servers
    proxy = TcpProxy(first.port)
    try:
        configure(page, FAST)
        received = []  # every frame the page's sockets got
        page.on("websocket", lambda ws: ws.on("framereceived", lambda p: received.append(p)))
        # The chat re-enters its topic on every reconnect (server code joins it again).
        page.add_init_script(
            "window.connects = 0; document.addEventListener('liveview:connected', () => {"
            "  connects += 1;"
            "  if (connects > 1) document.querySelector('[data-data-chat=general]').click(); });"
        )
        open_page(page, f"{proxy.url}/chat/")
        page.click("[data-data-chat=general]")
        expect(page.locator("#chat-log")).to_have_count(1)
        send_from_elsewhere(other, ["before the cut"], ["said before"])
        expect(page.locator("#chat-log li")).to_have_count(1)

        proxy.cut()
        expect(banner(page)).to_have_class(re.compile(r"\bno-connection--show\b"))
        missed = [f"missed {index:02}" for index in range(50)]
        said = [f"said {index:02}" for index in range(10)]
        send_from_elsewhere(other, missed, said)
        if back_to == "the other process":
            proxy.backend_port = other.port
        proxy.restore()

        expect(banner(page)).to_have_class(re.compile(r"\bno-connection--hide\b"))
        page.wait_for_function("() => window.connects === 2")
        send_from_elsewhere(first, ["after the cut"], ["said after"])
        # The chat panel was rendered again on re-entering: it holds what was said since.
        expect(page.locator("#chat-log li")).to_have_count(len(said) + 1)
        log = page.locator("#chat-log li").all_inner_texts()
        assert [next(t for t in [*said, "said after"] if t in text) for text in log] == [
            *said,
            "said after",
        ]
        frames = [json.loads(payload) for payload in received]
        broadcasts = [f["html"] for f in frames if f.get("target") == "#messages"]
        expected = ["before the cut", *missed, "after the cut"]
        assert [next(t for t in expected if t in html) for html in broadcasts] == expected
        topic = [f["html"] for f in frames if f.get("target") == "#chat-log"]
        expected = ["said before", *said, "said after"]
        assert [next(t for t in expected if t in html) for html in topic] == expected
    finally:
        proxy.close()


def wait_in_redis(redis_url, pattern, member=None, timeout=10.0):
    """Wait until a key matching ``pattern`` exists (holding ``member`` as a hash field,
    if given): the servers write refs and replies batched, off the message path."""
    client = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            for name in client.scan_iter(pattern):
                if member is None or client.hexists(name, member):
                    return
            time.sleep(0.02)
    finally:
        client.close()
    raise AssertionError(f"nothing like {pattern} {member or ''} in Redis after {timeout}s")


def test_a_reply_lost_with_the_socket_is_shown_after_the_replay_on_the_other_process(
    page, two_servers, redis_server
):
    first, other = two_servers
    proxy = TcpProxy(first.port)
    try:
        configure(page, FAST)
        received = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda p: received.append(p)))
        open_page(page, f"{proxy.url}/reliability/?slow=2")
        expect(page.locator("#orders")).to_have_text("0 orders placed")
        page.click("#place-order")
        ref = page.locator("#in-flight li").get_attribute("data-ref")
        wait_in_redis(redis_server.url, "liveview:running:*")  # the handler runs on first
        proxy.cut()
        expect(banner(page)).to_have_class(re.compile(r"\bno-connection--show\b"))
        proxy.backend_port = other.port
        wait_in_redis(redis_server.url, "liveview:replies:*", ref)  # done, reply never seen
        expect(page.locator("#orders")).to_have_text("0 orders placed")
        proxy.restore()

        expect(page.locator("#orders")).to_have_text("1 order placed")
        expect(page.locator("#in-flight li")).to_have_count(0)
        assert {"ack": ref, "duplicate": True} in [json.loads(p) for p in received]
        assert count_orders(first.database) == 1
    finally:
        proxy.close()
