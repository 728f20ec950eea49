"""An upload in Debian's chromium resumes on another process after the network drops:
two uvicorn processes on one redis-server, sharing the upload directory, behind
tests/tcp_proxy.py (the tab's one address, as behind a load balancer)."""

from __future__ import annotations

import os
import re
import shutil

import pytest
import redis
from playwright.sync_api import expect

from tests.browser.support import configure, open_page, watch
from tests.browser.test_uploads import CHUNK, FAST, MB, attached, file_payload
from tests.servers import DemoServer
from tests.tcp_proxy import TcpProxy

STALL_AFTER = 20  # chunks the first process acknowledges


@pytest.fixture
def balanced(migrated_db, redis_server, tmp_path):
    """Two demo processes (one database, Redis, upload directory) behind one proxy."""
    database = tmp_path / "demo.sqlite3"
    shutil.copy(migrated_db, database)
    parts = tmp_path / "parts"
    env = {"DEMO_MEDIA": str(tmp_path / "media"), "DEMO_UPLOAD_DIR": str(parts)}
    servers = [DemoServer(database, redis_url=redis_server.url, extra_env=env) for _ in range(2)]
    for server in servers:
        server.start()
    proxy = TcpProxy(servers[0].port)
    client = redis.Redis.from_url(redis_server.url)
    for key in client.scan_iter("liveview:upload*"):  # earlier tests' uploads
        client.delete(key)
    yield servers, proxy, parts, client
    client.close()
    proxy.close()
    for server in servers:
        server.close()


def test_upload_cut_on_one_process_resumes_on_the_other(balanced, page):
    (_, second), proxy, parts, client = balanced
    watcher = watch(page)
    configure(page, "{" + FAST + "}")
    stall = {"held": False, "forwarded": 0}

    def route(ws):
        upstream = ws.connect_to_server()

        def from_page(message):
            if isinstance(message, bytes):
                if stall["held"] or stall["forwarded"] >= STALL_AFTER:
                    stall["held"] = True
                    return  # lost with the connection: never acknowledged
                stall["forwarded"] += 1
            upstream.send(message)

        ws.on_message(from_page)

    page.route_web_socket(re.compile(r".*/ws/liveview/.*"), route)
    open_page(page, proxy.url + "/uploads/")
    data = os.urandom(3 * MB)
    page.set_input_files("#attachments-input", files=[file_payload("moving.bin", data)])
    page.wait_for_function(
        "(offset) => window.__liveviewEvents.some("
        "(e) => e.type === 'liveview:upload-progress' && e.detail.sent >= offset)",
        arg=STALL_AFTER * CHUNK,
    )
    (key,) = client.keys("liveview:upload:*")
    assert client.hget(key, "offset") == str(STALL_AFTER * CHUNK).encode()
    holder = client.hget(key, "holder")
    # The network drops; the tab's next connection lands on the other process.
    proxy.backend_port = second.port
    stall["held"] = False
    stall["forwarded"] = -10_000
    proxy.cut()
    proxy.restore()
    watcher.wait_for("liveview:upload-done")
    offset = STALL_AFTER * CHUNK
    resumed = [m for m in watcher.received if m.get("key") and m.get("offset") == offset]
    assert resumed, "the other process resumed from the offset acknowledged in Redis"
    assert client.hget(key, "holder") != holder  # taken over there
    assert not [name for name in os.listdir(parts) if name.endswith(".json")]
    page.click("#attach")
    expect(attached(page, data)).to_have_count(1)
    watcher.settled()  # the call was acknowledged: its upload is removed
    assert client.exists(key) == 0
    assert os.listdir(parts) == []
