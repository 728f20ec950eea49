"""What clients can make the server remember by ref, and exactly-once across two real
uvicorn processes sharing one real redis-server."""

from __future__ import annotations

import asyncio
import json
import re

import pytest
import redis
import redis.asyncio
from websockets.asyncio.client import connect

from tests.servers import DemoServer, count_orders, open_page


@pytest.fixture
def start_server(demo_db, redis_server):
    """Start demo servers on the shared Redis (flushed first) and one shared database."""
    redis.Redis.from_url(redis_server.url).flushdb()
    servers = []

    def start(**env):
        server = DemoServer(
            demo_db, redis_url=redis_server.url, settings="tests.abuse_settings", extra_env=env
        )
        server.start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def remembered(redis_url: str) -> dict[str, int]:
    """Every ref-like record in Redis: key name -> refs it holds."""
    client = redis.Redis.from_url(redis_url)
    found = {}
    for name in client.scan_iter("liveview:*"):
        text = name.decode()
        if text.startswith(
            ("liveview:presence:", "liveview:feed:", "liveview:render:", "liveview:replies")
        ):
            # Presence, the log of group frames, render marks and kept replies (bounded
            # in tests/test_replies_servers.py) are not refs.
            continue
        kind = client.type(name)
        found[text] = client.zcard(name) if kind == b"zset" else 1
    return found


async def until_ack(ws, ref, timeout=10):
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if frame.get("ack") == ref:
            return frame


async def test_refs_of_unknown_functions_are_acknowledged_not_remembered(
    start_server, redis_server
):
    server = start_server()
    room, headers = open_page(server.url, "/")
    async with connect(f"{server.ws_url}/ws/liveview/{room}/", additional_headers=headers) as ws:
        for i in range(15):
            await ws.send(json.dumps({"function": f"made_up_{i}", "ref": f"r.{i}"}))
            await until_ack(ws, f"r.{i}")
    assert remembered(redis_server.url) == {}


async def test_one_session_cannot_make_redis_remember_more_than_its_share(
    start_server, redis_server
):
    server = start_server(LIVEVIEW_TEST_UNLIMITED="1")
    room, headers = open_page(server.url, "/")
    async with connect(f"{server.ws_url}/ws/liveview/{room}/", additional_headers=headers) as ws:
        for batch in range(8):  # 400 refs, 50 at a time (a socket queues up to 100)
            for i in range(batch * 50, batch * 50 + 50):
                ref = f"{i:04d}" + "r" * 60  # refs are capped at 64 characters
                await ws.send(json.dumps({"function": "ping", "ref": ref}))
            await until_ack(ws, ref)
    records = remembered(redis_server.url)
    assert sum(records.values()) <= 256, f"{sum(records.values())} refs in {len(records)} keys"
    client = redis.Redis.from_url(redis_server.url)
    assert sum(client.memory_usage(name) or 0 for name in records) < 64 * 1024


async def test_session_keys_never_appear_in_redis_or_logs(start_server, redis_server):
    server = start_server()
    room, headers = open_page(server.url, "/")
    session_key = re.search(r"sessionid=([^;]+)", headers["Cookie"])[1]
    async with connect(f"{server.ws_url}/ws/liveview/{room}/", additional_headers=headers) as ws:
        await ws.send(json.dumps({"function": "ping", "ref": "k.1"}))
        await until_ack(ws, "k.1")
        await ws.send(json.dumps({"function": "ping", "ref": "k.1", "replay": True}))
        assert await until_ack(ws, "k.1") == {"ack": "k.1", "duplicate": True}
    client = redis.Redis.from_url(redis_server.url)
    for _ in range(50):  # recording is batched off the message path: await it
        names = [name.decode() for name in client.scan_iter("*")]
        if names:
            break
        await asyncio.sleep(0.1)
    assert names, "the ref was recorded somewhere"
    assert not [n for n in names if session_key in n]
    server.stop()
    assert session_key not in server.process.log()


def orders(server):
    return count_orders(server.database)


def place(ref: str, *, slow: float = 0, replay: bool = False) -> str:
    message = {"function": "place_order", "form": {"item": "tea"}, "data": {"slow": slow}}
    return json.dumps({**message, "ref": ref, **({"replay": True} if replay else {})})


async def running_mark(redis_url: str) -> None:
    client = redis.asyncio.Redis.from_url(redis_url)

    async def appeared() -> None:
        while not [key async for key in client.scan_iter("liveview:running:*")]:
            await asyncio.sleep(0.01)

    try:
        await asyncio.wait_for(appeared(), 10)
    finally:
        await client.aclose()


async def test_replay_on_another_process_while_the_first_run_goes_on_waits_for_it(
    start_server, redis_server
):
    first, second = start_server(), start_server()
    room, headers = open_page(first.url, "/")
    headers_second = {**headers, "Origin": second.url}
    async with (
        connect(f"{first.ws_url}/ws/liveview/{room}/", additional_headers=headers) as old,
        connect(f"{second.ws_url}/ws/liveview/{room}/", additional_headers=headers_second) as new,
    ):
        await old.send(place("tab.5", slow=3))
        await asyncio.to_thread(first.process.wait_for, r"Placing order tab\.5")
        # The running mark is written batched, off the message path, within moments of
        # the start: long before a real tab could notice the drop and reconnect.
        await running_mark(redis_server.url)
        await new.send(place("tab.5", replay=True))  # the tab reconnected to the other process
        assert await until_ack(new, "tab.5") == {"ack": "tab.5", "duplicate": True}
        assert await until_ack(old, "tab.5") == {"ack": "tab.5"}
    assert orders(first) == 1
