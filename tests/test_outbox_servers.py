"""The outbox on real servers: the slow-reader bound on daphne, whose send returns at
once (frames must not pile up in its transport's buffer without limit), and the order
of frames when the server's send waits, on each server."""

from __future__ import annotations

import asyncio
import json
import re
import socket

import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

from tests.deploy import HypercornServer
from tests.servers import DemoServer, open_page
from tests.test_reliability_servers import frozen_tab


async def test_slow_reader_is_disconnected_on_daphne_memory_bounded(demo_db):
    server = DemoServer(demo_db, server="daphne", settings="tests.reliability_settings")
    server.start()
    try:
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
                grown = server.rss_kib() - before
                await normal.send(json.dumps({"function": "say_hello", "form": {"name": "after"}}))
                assert "after" in json.loads(await asyncio.wait_for(normal.recv(), 10))["html"]
            finally:
                frozen.close()
    finally:
        server.close()
    assert grown < 64 * 1024, f"RSS grew by {grown} KiB"


SERVERS = {
    "uvicorn-websockets": {"server_args": ["--ws", "websockets"]},
    "uvicorn-websockets-sansio": {"server_args": ["--ws", "websockets-sansio"]},
    "uvicorn-wsproto": {"server_args": ["--ws", "wsproto"]},
    "daphne": {"server": "daphne"},
    "hypercorn": {},
}


async def read_feed(ws: ClientConnection, numbers: list[int]) -> None:
    """Collect the firehose's frame numbers until the socket closes."""
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
        numbers.append(int(re.match(r"<b>(\d+)</b>", frame["html"])[1]))


@pytest.mark.parametrize("kind", list(SERVERS))
async def test_frames_behind_a_waiting_send_keep_their_order_until_the_overflow(demo_db, kind):
    # A tab that stops reading (the client takes one frame from its socket, which
    # has a 4 KiB receive buffer): once the buffers are full the server's send waits
    # (flow control; on daphne, its transport holds the frames), the outbox hands
    # that send to a task and queues the next frames behind it, and closes the socket
    # past 20 of them. The tab then gets every frame from the first, in order, and
    # the close; the writer task left waiting in the server's send is cancelled.
    options = {
        "settings": "tests.reliability_settings",
        "extra_env": {"LIVEVIEW_TEST_MAX_QUEUED": "20"},
    }
    if kind == "hypercorn":
        server: DemoServer = HypercornServer(demo_db, **options)
    else:
        server = DemoServer(demo_db, **options, **SERVERS[kind])
    server.start()
    numbers = []
    try:
        room, headers = open_page(server.url, "/")
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", server.port))
        async with connect(
            f"{server.ws_url}/ws/liveview/{room}/",
            additional_headers=headers,
            sock=sock,
            max_size=None,
            max_queue=1,
            compression=None,  # the frames are dots: deflated, they would never fill a buffer
        ) as ws:
            call = {"function": "firehose", "data": {"count": 3000, "size": 65536}}
            await ws.send(json.dumps(call))
            assert server.process is not None
            await asyncio.to_thread(server.process.wait_for, r"frames unread", 60)
            with pytest.raises(ConnectionClosed) as closed:
                await read_feed(ws, numbers)
    finally:
        server.close()
    assert numbers == list(range(len(numbers)))
    if kind != "daphne":
        # autobahn drops the connection when its close handshake times out, and what its
        # transport still held may never reach the client: only the order is checked.
        assert closed.value.rcvd is not None
        assert closed.value.rcvd.code == 4008
        assert len(numbers) > 20
