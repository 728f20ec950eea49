"""Sync worker threads under abuse, on a real uvicorn: one client cannot take them all,
and a hung handler frees its socket."""

from __future__ import annotations

import asyncio
import json
import signal

import pytest
from websockets.asyncio.client import connect

from liveview.workers import default_size
from tests.servers import DemoServer, open_page


@pytest.fixture
def start_server(demo_db):
    servers = []

    def start(**env):
        server = DemoServer(demo_db, settings="tests.abuse_settings", extra_env=env)
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        # Killed, not stopped: a graceful stop would wait for the handlers still queued
        # behind the hung ones (5 s each), past Process.stop's 10 s grace, for nothing
        # these tests check.
        server.stop(signal.SIGKILL)
        server.close()


def place(ref: str, slow: float) -> str:
    return json.dumps(
        {"function": "place_order", "form": {"item": "tea"}, "data": {"slow": slow}, "ref": ref}
    )


async def test_one_client_cannot_hold_every_sync_worker(start_server):
    server = start_server()
    room, headers = open_page(server.url, "/")
    url = f"{server.ws_url}/ws/liveview/{room}/"
    threads = default_size()  # what the server runs on this machine
    greedy = [await connect(url, additional_headers=headers) for _ in range(threads)]
    try:
        for i, ws in enumerate(greedy):  # one 5-second sync handler per thread
            await ws.send(place(f"a.{i}", slow=5))
        for _ in range(max(1, threads // 2)):  # what one client may hold at once
            await asyncio.to_thread(server.process.wait_for, r"Placing order a\.")
        async with connect(url, additional_headers=headers, local_addr=("127.0.0.2", 0)) as other:
            await other.send(json.dumps({"function": "say_hello", "form": {"name": "B"}}))
            reply = json.loads(await asyncio.wait_for(other.recv(), 10))
        assert "Hello, B" in reply["html"]
        # Served before any of the greedy client's handlers finished.
        for ws in greedy:
            with pytest.raises(TimeoutError):
                await asyncio.wait_for(ws.recv(), 0.01)
    finally:
        for ws in greedy:
            await ws.close()


async def test_handler_past_the_time_limit_gets_an_error_and_the_socket_goes_on(start_server):
    server = start_server(LIVEVIEW_TEST_HANDLER_TIMEOUT="1")
    room, headers = open_page(server.url, "/")
    async with connect(f"{server.ws_url}/ws/liveview/{room}/", additional_headers=headers) as ws:
        await ws.send(place("t.1", slow=5))
        error = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert error == {
            "error": "Handler error: ran past LIVEVIEW['HANDLER_TIMEOUT'] (1s)",  # demo: DEBUG
            "function": "place_order",
        }
        assert json.loads(await asyncio.wait_for(ws.recv(), 10)) == {"ack": "t.1"}
        # The socket is free again while the hung call still sleeps in its thread.
        await ws.send(json.dumps({"function": "say_hello", "form": {"name": "after"}}))
        assert "after" in json.loads(await asyncio.wait_for(ws.recv(), 10))["html"]
