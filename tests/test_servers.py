"""Through real servers: uvicorn/daphne processes, a real redis-server, real sockets."""

from __future__ import annotations

import asyncio
import json
import shutil
import sys

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from tests.servers import DemoServer, open_page


async def call(ws, function, **form):
    await ws.send(json.dumps({"function": function, "form": form, "data": {}, "lang": "en"}))


async def receive(ws, timeout=10):
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


def socket_for(server: DemoServer, path: str = "/"):
    """A connect() to the socket of a freshly loaded page of ``server``."""
    room, headers = open_page(server.url, path)
    return connect(f"{server.ws_url}/ws/liveview/{room}/", additional_headers=headers)


async def test_handlers_discovered_under_uvicorn(module_demo_server):
    async with socket_for(module_demo_server) as ws:
        await call(ws, "say_hello", name="Uvicorn")
        reply = await receive(ws)
    assert reply["target"] == "#greeting"
    assert "Hello, Uvicorn" in reply["html"]


async def test_handlers_discovered_under_daphne(demo_db):
    server = DemoServer(demo_db, server="daphne")
    server.start()
    try:
        async with socket_for(server) as ws:
            await call(ws, "say_hello", name="Daphne")
            assert "Hello, Daphne" in (await receive(ws))["html"]
    finally:
        server.close()


async def test_bad_frames_do_not_close_a_real_socket(module_demo_server):
    async with socket_for(module_demo_server) as ws:
        for frame in ["nope", "[]", "{}", '{"function": 1}', '{"function": "missing"}']:
            await ws.send(frame)
            assert "error" in await receive(ws)
        await call(ws, "say_hello", name="still here")
        assert "still here" in (await receive(ws))["html"]


async def test_broadcast_crosses_processes_over_redis(redis_server, tmp_path, migrated_db):
    servers = []
    for i in range(2):
        db = tmp_path / f"db{i}.sqlite3"
        shutil.copy(migrated_db, db)
        server = DemoServer(db, redis_url=redis_server.url)
        server.start()
        servers.append(server)
    one, two = servers
    try:
        async with socket_for(one) as first, socket_for(two) as second:
            await call(first, "post_message", author="P1", message="across processes")
            replies = [await receive(first), await receive(first)]
            assert any("across processes" in r.get("html", "") for r in replies)
            theirs = await receive(second)
            assert theirs["target"] == "#messages"
            assert "across processes" in theirs["html"]
    except BaseException:
        for server in servers:
            sys.stderr.write(f"--- {server.url} log ---\n{server.process.log()}\n")
        raise
    finally:
        for server in servers:
            server.close()


async def test_foreign_origin_refused(module_demo_server):
    room, headers = open_page(module_demo_server.url)
    headers["Origin"] = "http://evil.example"
    with pytest.raises(InvalidStatus) as refused:
        async with connect(
            f"{module_demo_server.ws_url}/ws/liveview/{room}/", additional_headers=headers
        ):
            pass
    assert refused.value.response.status_code == 403
