"""Upload state and per-user budgets in Redis: two real uvicorn processes on one real
redis-server, sharing the upload directory, driven by a raw WebSocket client."""

from __future__ import annotations

import contextlib
import hashlib
import http.cookiejar
import json
import os
import re
import shutil
import urllib.parse
import urllib.request

import pytest
import redis
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from tests.servers import DemoServer, open_page
from tests.tcp_proxy import TcpProxy
from tests.test_uploads_servers import CHUNK, MB, attach, send_chunks, start

UPLOAD_TIMEOUT_MS = 600 * 1000  # LIVEVIEW["UPLOAD_TIMEOUT"] by default
ATTACHMENT = 20 * MB  # the demo's attachment limit


def forget_uploads(client: redis.Redis) -> None:
    for key in client.scan_iter("liveview:upload*"):
        client.delete(key)


@pytest.fixture
def store(redis_server):
    """A client of the test Redis, without upload keys of earlier tests."""
    client = redis.Redis.from_url(redis_server.url)
    forget_uploads(client)
    yield client
    forget_uploads(client)
    client.close()


@pytest.fixture
def servers(migrated_db, redis_server, store, tmp_path):
    """Two demo processes: one database, one Redis, one upload directory."""
    database = tmp_path / "demo.sqlite3"
    shutil.copy(migrated_db, database)
    env = {"DEMO_MEDIA": str(tmp_path / "media"), "DEMO_UPLOAD_DIR": str(tmp_path / "parts")}
    started = [DemoServer(database, redis_url=redis_server.url, extra_env=env) for _ in range(2)]
    for server in started:
        server.start()
    yield started
    for server in started:
        server.close()


def upload_state(store, upload_id: str) -> dict[str, str]:
    raw = store.hgetall(f"liveview:upload:{upload_id}")
    return {k.decode(): v.decode() for k, v in raw.items()}


def test_cut_upload_resumes_on_another_process_from_redis_state(servers, store, tmp_path):
    first, second = servers
    proxy = TcpProxy(first.port)
    try:
        room, headers = open_page(first.url, "/uploads/")
        data = os.urandom(3 * MB + 12345)
        url = f"ws://127.0.0.1:{proxy.port}/ws/liveview/{room}/"
        with connect(url, additional_headers={**headers, "Origin": proxy.url}) as ws:
            upload_id = start(ws, len(data))["upload"]
            send_chunks(ws, upload_id, data, 0, MB)
            proxy.cut()  # the network drops: no close frame
            with pytest.raises(ConnectionClosed):
                ws.recv(timeout=10)
    finally:
        proxy.close()
    state = upload_state(store, upload_id)
    assert state["offset"] == str(MB)  # the last acknowledged offset
    assert state["size"] == str(len(data))
    assert len(state["owner"]) == 32
    assert 0 < store.pttl(f"liveview:upload:{upload_id}") <= UPLOAD_TIMEOUT_MS
    parts = tmp_path / "parts"
    assert sorted(os.listdir(parts)) == [upload_id + ".part"]  # no description on disk

    # Another session, on the other process, knows the id: it gets nothing.
    other_room, other_headers = open_page(second.url, "/uploads/")
    url = f"{second.ws_url}/ws/liveview/{other_room}/"
    with connect(url, additional_headers=other_headers) as ws:
        assert "unknown upload" in start(ws, len(data), upload_id)["uploadError"]
        ws.send(bytes.fromhex(upload_id) + MB.to_bytes(8, "big") + b"x" * 100)
        assert "start an upload first" in json.loads(ws.recv(timeout=10))["error"]
    assert upload_state(store, upload_id) == state  # neither taken over nor moved

    # The tab reconnects to the other process and finishes there.
    headers = {**headers, "Origin": second.url}
    with connect(f"{second.ws_url}/ws/liveview/{room}/", additional_headers=headers) as ws:
        resumed = start(ws, len(data), upload_id)
        assert resumed["offset"] == MB
        send_chunks(ws, upload_id, data, MB, len(data))
        assert upload_state(store, upload_id)["offset"] == str(len(data))
        assert attach(ws, room, upload_id) == hashlib.sha256(data).hexdigest()
    # Handed to the handler and removed: nothing left in Redis or on disk.
    assert store.exists(f"liveview:upload:{upload_id}") == 0
    assert os.listdir(parts) == []
    assert store.hvals("liveview:upload-bytes:client:127.0.0.1") == []


def test_socket_left_behind_cannot_move_a_resumed_upload(servers, store):
    first, second = servers
    room, headers = open_page(first.url, "/uploads/")
    data = os.urandom(MB)
    with connect(f"{first.ws_url}/ws/liveview/{room}/", additional_headers=headers) as old:
        upload_id = start(old, len(data))["upload"]
        send_chunks(old, upload_id, data, 0, CHUNK)
        other = {**headers, "Origin": second.url}
        with connect(f"{second.ws_url}/ws/liveview/{room}/", additional_headers=other) as new:
            assert start(new, len(data), upload_id)["offset"] == CHUNK
            # The old socket (a half-open connection, say) sends its next chunk.
            old.send(bytes.fromhex(upload_id) + CHUNK.to_bytes(8, "big") + data[CHUNK : 2 * CHUNK])
            assert "unknown upload" in json.loads(old.recv(timeout=10))["uploadError"]
            assert upload_state(store, upload_id)["offset"] == str(CHUNK)
            send_chunks(new, upload_id, data, CHUNK, len(data))
            assert attach(new, room, upload_id) == hashlib.sha256(data).hexdigest()


def test_user_budget_holds_across_processes(servers, store):
    """Each socket may hold 100 MB of uploads (UPLOAD_MAX_SOCKET_BYTES) and each user
    200 MB (UPLOAD_MAX_USER_BYTES): without the budget in Redis, each process would
    grant 200 MB and one client would hold 300 MB with three sockets."""
    first, second = servers
    granted = 0
    with contextlib.ExitStack() as sockets:
        for server in (first, second, second):
            room, headers = open_page(server.url, "/uploads/")
            url = f"{server.ws_url}/ws/liveview/{room}/"
            ws = sockets.enter_context(connect(url, additional_headers=headers))
            for _ in range(5):
                reply = start(ws, ATTACHMENT)
                if "uploadError" in reply:
                    assert "too many uploads in progress" in reply["uploadError"], reply
                else:
                    granted += ATTACHMENT
        assert granted == 200 * MB
        sizes = store.hvals("liveview:upload-bytes:client:127.0.0.1")
        assert sum(map(int, sizes)) == 200 * MB
        assert len(sizes) == 10
        budget_key = "liveview:upload-budget:client:127.0.0.1"
        assert 0 < store.pttl(budget_key) <= UPLOAD_TIMEOUT_MS  # a dead process leaks it no longer
        assert all(score > 0 for _, score in store.zrange(budget_key, 0, -1, withscores=True))


def test_budget_of_a_killed_process_expires(servers, store):
    """Reservations of a process killed mid-upload are not released by anyone: they
    expire with the uploads (UPLOAD_TIMEOUT), and expired ones stop counting."""
    first, _ = servers
    room, headers = open_page(first.url, "/uploads/")
    with connect(f"{first.ws_url}/ws/liveview/{room}/", additional_headers=headers) as ws:
        upload_id = start(ws, ATTACHMENT)["upload"]
        first.stop(9)
    budget_key = "liveview:upload-budget:client:127.0.0.1"
    assert store.zscore(budget_key, upload_id) is not None
    # Time passes in Redis: the reservation is due.
    store.zadd(budget_key, {upload_id: 1})
    _, second = servers
    room, headers = open_page(second.url, "/uploads/")
    with connect(f"{second.ws_url}/ws/liveview/{room}/", additional_headers=headers) as ws:
        assert "uploadError" not in start(ws, ATTACHMENT)
    assert store.zscore(budget_key, upload_id) is None
    sizes = store.hvals("liveview:upload-bytes:client:127.0.0.1")
    assert len(sizes) == 1


class Browser:
    """Cookies of one tab, kept across requests as a browser keeps them."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> str:
        with self.opener.open(self.base_url + path, timeout=10) as response:
            return response.read().decode()

    def room(self, path: str = "/uploads/") -> str:
        match = re.search(r'data-room="([^"]+)"', self.get(path))
        assert match
        return match[1]

    def log_in(self, name: str) -> None:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get("/account/"))
        assert token
        body = urllib.parse.urlencode({"name": name, "csrfmiddlewaretoken": token[1]}).encode()
        with self.opener.open(self.base_url + "/account/login/", body, timeout=10) as response:
            assert name in response.read().decode()

    def headers(self, origin: str) -> dict[str, str]:
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.jar)
        return {"Origin": origin, "Cookie": cookie}


def test_upload_resumes_on_another_process_after_a_login(servers, store):
    """The tab's session key changes with the login (Django's cycle_key); the upload's
    resume secret, known only to the tab, carries it over, to any process."""
    first, second = servers
    tab = Browser(first.url)
    room = tab.room()
    session_before = next(c.value for c in tab.jar if c.name == "sessionid")
    data = os.urandom(MB + 777)
    url = f"{first.ws_url}/ws/liveview/{room}/"
    with connect(url, additional_headers=tab.headers(first.url)) as ws:
        reply = start(ws, len(data))
        upload_id, secret = reply["upload"], reply["resume"]
        send_chunks(ws, upload_id, data, 0, 4 * CHUNK)
    tab.log_in("ada")
    assert next(c.value for c in tab.jar if c.name == "sessionid") != session_before
    room = tab.room()
    url = f"{second.ws_url}/ws/liveview/{room}/"
    with connect(url, additional_headers=tab.headers(second.url)) as ws:
        assert "unknown upload" in start(ws, len(data), upload_id)["uploadError"]
        assert start(ws, len(data), upload_id, secret)["offset"] == 4 * CHUNK
        send_chunks(ws, upload_id, data, 4 * CHUNK, len(data))
        assert attach(ws, room, upload_id) == hashlib.sha256(data).hexdigest()
    assert store.exists(f"liveview:upload:{upload_id}") == 0
