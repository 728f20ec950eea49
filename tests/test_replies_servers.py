"""A handler's reply lost with the socket, re-delivered by another process: two real
uvicorn processes on one real redis-server, a raw WebSocket client, a TCP proxy."""

from __future__ import annotations

import asyncio
import json
import secrets

import pytest
import redis
import redis.asyncio
from websockets.asyncio.client import connect

from liveview.intents import WINDOW
from liveview.replies import REPLIES_PER_SESSION, REPLY_BYTES_PER_SESSION
from tests.servers import count_orders, open_page
from tests.tcp_proxy import TcpProxy
from tests.test_intents_servers import place, running_mark, start_server

__all__ = ["start_server"]  # a fixture, shared with test_intents_servers.py


async def until_ack(ws, ref, timeout=10):
    """Every frame up to and including the acknowledgement of ``ref``."""
    frames = []
    while True:
        frames.append(json.loads(await asyncio.wait_for(ws.recv(), timeout)))
        if frames[-1].get("ack") == ref:
            return frames


async def until_in_redis(redis_url: str, pattern: str, member: str) -> None:
    """Wait until a key matching ``pattern`` holds ``member`` (a hash field or sorted set
    member): what the servers write is batched off the message path."""
    client = redis.asyncio.Redis.from_url(redis_url)

    async def holds() -> bool:
        async for name in client.scan_iter(pattern):
            if await client.type(name) == b"hash":
                if await client.hexists(name, member):
                    return True
            elif await client.zscore(name, member) is not None:
                return True
        return False

    async def appeared() -> None:
        while not await holds():
            await asyncio.sleep(0.02)

    try:
        await asyncio.wait_for(appeared(), 10)
    finally:
        await client.aclose()


def note(ref: str, text: str, *, replay: bool = False) -> str:
    message = {"function": "queue_note", "form": {"note": text}, "ref": ref}
    return json.dumps({**message, **({"replay": True} if replay else {})})


@pytest.mark.parametrize("slow", [0, 2], ids=["finished", "still-running"])
async def test_a_reply_lost_with_the_socket_is_re_delivered_by_the_other_process(
    start_server, redis_server, slow
):
    first, second = start_server(), start_server()
    room, headers = open_page(first.url, "/")
    proxy = TcpProxy(first.port)
    try:
        url = f"ws://127.0.0.1:{proxy.port}/ws/liveview/{room}/"
        async with connect(url, additional_headers={**headers, "Origin": proxy.url}) as ws:
            await ws.send(place("tab.1", slow=slow))
            await asyncio.to_thread(first.process.wait_for, r"Placing order tab\.1")
            proxy.cut()  # the network drops: the tab reads neither reply nor ack
    finally:
        proxy.close()
    if slow:  # the replay reaches the other process while the handler still runs
        await running_mark(redis_server.url)
    else:  # ... or after it finished and its reply was saved
        await until_in_redis(redis_server.url, "liveview:replies:*", "tab.1")
    again = {**headers, "Origin": second.url}
    async with connect(f"{second.ws_url}/ws/liveview/{room}/", additional_headers=again) as ws:
        await ws.send(place("tab.1", replay=True))
        assert await until_ack(ws, "tab.1") == [
            {"target": "#orders", "html": "1 order placed"},
            {"ack": "tab.1", "duplicate": True},
        ]
    assert count_orders(first.database) == 1


async def test_another_session_replaying_the_ref_gets_neither_the_reply_nor_a_duplicate(
    start_server, redis_server
):
    first, second = start_server(), start_server()
    room, headers = open_page(first.url, "/")
    secret = secrets.token_hex(8)
    proxy = TcpProxy(first.port)
    try:
        url = f"ws://127.0.0.1:{proxy.port}/ws/liveview/{room}/"
        async with connect(url, additional_headers={**headers, "Origin": proxy.url}) as ws:
            await ws.send(note("tab.1", secret))
            await until_in_redis(redis_server.url, "liveview:replies:*", "tab.1")
            proxy.cut()
    finally:
        proxy.close()

    # Someone who learnt the ref replays it: from a session of their own, and with no
    # session on the victim's room. Their own note runs; nothing of the victim's comes.
    other_room, other_headers = open_page(second.url, "/")
    no_session = {"Origin": second.url}
    for target, sent_headers in ((other_room, other_headers), (room, no_session)):
        url = f"{second.ws_url}/ws/liveview/{target}/"
        async with connect(url, additional_headers=sent_headers) as ws:
            await ws.send(note("tab.1", "mine", replay=True))
            frames = await until_ack(ws, "tab.1")
        assert frames == [
            {"target": "#notes", "html": "<li>mine</li>", "append": True},
            {"ack": "tab.1"},
        ]
        assert secret not in json.dumps(frames)

    # The victim's tab, back on the other process, gets its reply: it was there.
    again = {**headers, "Origin": second.url}
    async with connect(f"{second.ws_url}/ws/liveview/{room}/", additional_headers=again) as ws:
        await ws.send(note("tab.1", "ignored", replay=True))
        assert await until_ack(ws, "tab.1") == [
            {"target": "#notes", "html": f"<li>{secret}</li>", "append": True},
            {"ack": "tab.1", "duplicate": True},
        ]


def replies_in_redis(redis_url: str) -> dict[str, dict]:
    """Every kept-reply key: name -> type, entries, bytes of the values, memory, TTL."""
    client = redis.Redis.from_url(redis_url)
    found = {}
    for name in client.scan_iter("liveview:replies*"):
        kind = client.type(name).decode()
        if kind == "hash":
            entries = client.hlen(name)
            size = sum(len(v) for v in client.hvals(name))
        else:
            entries, size = client.zcard(name), 0
        found[name.decode()] = {
            "type": kind,
            "entries": entries,
            "bytes": size,
            "memory": client.memory_usage(name) or 0,
            "ttl": client.ttl(name),
        }
    return found


def show_form(ref: str, text: str, *, replay: bool = False) -> str:
    message = {"function": "show_form", "form": {"text": text}, "ref": ref}
    return json.dumps({**message, **({"replay": True} if replay else {})})


async def test_one_session_cannot_make_redis_hold_more_replies_than_its_bound(
    start_server, redis_server
):
    server = start_server(LIVEVIEW_TEST_UNLIMITED="1")
    other = start_server()
    room, headers = open_page(server.url, "/")
    url = f"{server.ws_url}/ws/liveview/{room}/"
    async with connect(url, additional_headers=headers) as ws:
        for batch in range(4):  # 200 small replies, 50 at a time (a socket queues 100)
            for n in range(batch * 50, batch * 50 + 50):
                await ws.send(note(f"n.{n}", "x" * 200))
            await until_ack(ws, f"n.{n}")
        await until_in_redis(redis_server.url, "liveview:replies:*", "n.199")
        counted = replies_in_redis(redis_server.url)
        assert [f["entries"] for f in counted.values()] == [REPLIES_PER_SESSION] * 2, counted
        # Each reply about 8,000 '<' escaped to '&lt;': some 32 KiB, under the bound alone.
        for n in range(12):
            await ws.send(show_form(f"big.{n}", "<" * 8000))
        await until_ack(ws, "big.11")
        # This reply alone is over the bound (some 80 KiB): not written to Redis.
        await ws.send(show_form("huge", "<" * 20_000))
        frames = await until_ack(ws, "huge")
        assert len(json.dumps(frames[0])) > REPLY_BYTES_PER_SESSION
    await until_in_redis(redis_server.url, "liveview:refs:*", "huge")

    found = replies_in_redis(redis_server.url)
    assert sorted(f["type"] for f in found.values()) == ["hash", "zset"]  # one session
    for facts in found.values():
        assert facts["entries"] <= REPLIES_PER_SESSION
        assert 0 < facts["ttl"] <= WINDOW
    (frames_key,) = [f for f in found.values() if f["type"] == "hash"]
    assert frames_key["bytes"] <= REPLY_BYTES_PER_SESSION
    assert sum(f["memory"] for f in found.values()) < 2 * REPLY_BYTES_PER_SESSION, found

    # The latest reply that fits is there for another process; the one too large is not.
    again = {**headers, "Origin": other.url}
    async with connect(f"{other.ws_url}/ws/liveview/{room}/", additional_headers=again) as ws:
        await ws.send(show_form("big.11", "", replay=True))
        latest = await until_ack(ws, "big.11")
        assert latest[-1] == {"ack": "big.11", "duplicate": True}
        assert latest[0]["html"].count("&lt;") == 8000
        await ws.send(show_form("huge", "", replay=True))
        assert await until_ack(ws, "huge") == [{"ack": "huge", "duplicate": True}]
