"""Issue #7 against real server processes: exactly-once intents across a kill and a
graceful restart, and a slow reader that cannot grow the server's memory."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import signal
import socket

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.servers import DemoServer, count_orders, open_page


def orders(server):
    return count_orders(server.database)


def place(ref: str, *, slow: float = 0, replay: bool = False) -> str:
    message = {
        "function": "place_order",
        "form": {"item": "tea"},
        "data": {"slow": slow},
        "ref": ref,
    }
    if replay:
        message["replay"] = True
    return json.dumps(message)


async def until_ack(ws, ref, timeout=10):
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if frame.get("ack") == ref:
            return frame


async def closing_frames(ws) -> ConnectionClosed:
    """Read until the server closes; no ack can arrive, the socket closes first."""
    try:
        while True:
            assert "ack" not in json.loads(await asyncio.wait_for(ws.recv(), 10))
    except ConnectionClosed as closed:
        return closed


@pytest.fixture
def reliable_server(demo_db):
    servers = []

    def start(redis_url=None, **env):
        server = DemoServer(
            demo_db, redis_url=redis_url, settings="tests.reliability_settings", extra_env=env
        )
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


async def test_killed_mid_handler_the_replay_runs_exactly_once(reliable_server):
    server = reliable_server()
    room, headers = open_page(server.url, "/")
    url = f"{server.ws_url}/ws/liveview/{room}/"
    async with connect(url, additional_headers=headers) as ws:
        await ws.send(place("tab.1", slow=3))
        server.process.wait_for(r"Placing order tab\.1")
        server.stop(signal.SIGKILL)  # mid-handler: the order's transaction never commits
        with pytest.raises(ConnectionClosed):
            await asyncio.wait_for(ws.recv(), 10)
    assert orders(server) == 0
    server.start()  # same port, same database
    async with connect(url, additional_headers=headers) as ws:
        await ws.send(place("tab.1", replay=True))  # what the browser re-sends
        assert await until_ack(ws, "tab.1") == {"ack": "tab.1"}
        await ws.send(place("tab.1", replay=True))  # re-sent again: not run again
        assert await until_ack(ws, "tab.1") == {"ack": "tab.1", "duplicate": True}
    assert orders(server) == 1


async def test_graceful_restart_finishes_the_handler_and_the_replay_is_a_duplicate(
    reliable_server, redis_server
):
    server = reliable_server(redis_server.url)
    room, headers = open_page(server.url, "/")
    url = f"{server.ws_url}/ws/liveview/{room}/"
    async with connect(url, additional_headers=headers) as ws:
        await ws.send(place("tab.9", slow=1.5))
        server.process.wait_for(r"Placing order tab\.9")
        server.process.proc.send_signal(signal.SIGTERM)
        closed = await closing_frames(ws)
        assert closed.rcvd is not None
        assert closed.rcvd.code in (1001, 1012)  # going away / service restart
    # uvicorn shuts down gracefully, then re-raises the signal it caught.
    assert server.process.proc.wait(timeout=15) in (0, -signal.SIGTERM)
    assert "Waiting for background tasks to complete" in server.process.log()
    assert orders(server) == 1  # the server waited for the handler before exiting
    server.start()
    async with connect(url, additional_headers=headers) as ws:
        await ws.send(place("tab.9", replay=True))
        # The reply the closing socket could not deliver comes first (kept in Redis).
        reply = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert reply == {"target": "#orders", "html": "1 order placed"}
        assert await until_ack(ws, "tab.9") == {"ack": "tab.9", "duplicate": True}
    assert orders(server) == 1


def frozen_tab(server: DemoServer, call: dict) -> socket.socket:
    """A WebSocket client that sends ``call`` and then never reads again, with a
    small receive buffer: a browser tab frozen by the OS, as the server sees it."""
    room, headers = open_page(server.url, "/")
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", server.port))
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        f"GET /ws/liveview/{room}/ HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
        f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
        f"Sec-WebSocket-Version: 13\r\nOrigin: {headers['Origin']}\r\nCookie: {headers['Cookie']}\r\n\r\n"
    )
    sock.sendall(request.encode())
    response = b""
    while b"\r\n\r\n" not in response:
        response += sock.recv(1)
    assert response.startswith(b"HTTP/1.1 101"), response
    payload = json.dumps(call).encode()
    mask = os.urandom(4)
    assert len(payload) < 126
    sock.sendall(
        bytes([0x81, 0x80 | len(payload)])
        + mask
        + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    )
    return sock


async def test_slow_reader_is_disconnected_memory_bounded_others_unaffected(reliable_server):
    server = reliable_server(LIVEVIEW_TEST_MAX_QUEUED="200")
    room, headers = open_page(server.url, "/")
    async with connect(
        f"{server.ws_url}/ws/liveview/{room}/", additional_headers=headers
    ) as normal:
        await normal.send(json.dumps({"function": "say_hello", "form": {"name": "warm-up"}}))
        await asyncio.wait_for(normal.recv(), 10)
        before = server.rss_kib()
        # 3,000 updates of 64 KiB (190 MiB) at 100 per second, to a tab that never reads.
        frozen = frozen_tab(
            server, {"function": "firehose", "data": {"count": 3000, "size": 65536}}
        )
        try:
            await asyncio.to_thread(server.process.wait_for, r"frames unread", 60)
            for name in ("during", "after"):
                await normal.send(json.dumps({"function": "say_hello", "form": {"name": name}}))
                assert name in json.loads(await asyncio.wait_for(normal.recv(), 10))["html"]
            grown = server.rss_kib() - before
        finally:
            frozen.close()
    # The server kept at most 200 frames for it, plus what the transport buffered.
    assert grown < 64 * 1024, f"RSS grew by {grown} KiB"
