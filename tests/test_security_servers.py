"""Issue #4 against a real uvicorn: raw forged handshakes and a malformed-frame corpus."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import random

import pytest
from websockets.asyncio.client import connect

from tests.servers import DemoServer, open_page

GOOD = "GOOD"


@pytest.fixture
def hardened_server(demo_db):
    """The demo with rate limits lifted, so the corpus is not cut short by them."""
    server = DemoServer(demo_db, settings="tests.server_settings")
    server.start()
    yield server
    server.close()


async def handshake_status(server: DemoServer, room: str, cookie: str, origin: bytes | None) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    key = base64.b64encode(os.urandom(16))
    lines = [
        f"GET /ws/liveview/{room}/ HTTP/1.1".encode(),
        f"Host: 127.0.0.1:{server.port}".encode(),
        b"Upgrade: websocket",
        b"Connection: Upgrade",
        b"Sec-WebSocket-Key: " + key,
        b"Sec-WebSocket-Version: 13",
        f"Cookie: {cookie}".encode(),
    ]
    if origin is not None:
        lines.append(b"Origin: " + origin)
    writer.write(b"\r\n".join(lines) + b"\r\n\r\n")
    await writer.drain()
    status_line = await asyncio.wait_for(reader.readline(), 10)
    writer.close()
    return int(status_line.split()[1])


@pytest.mark.parametrize(
    "origin",
    [
        None,
        b"null",
        b"http://evil.example",
        b"http://127.0.0.1.evil.example:{port}",
        b"http://evil127.0.0.1:{port}",
        b"http://127.0.0.1:1",
        b"HTTP://127.0.0.1:{port}",
        b"http://LOCALHOST:{port}",
        b"http://127.0.0.1:{port}/",
        b"http://127.0.0.1:{port}\x01",
        b"http://user@127.0.0.1:{port}",
        b"https://127.0.0.1:{port}.attacker.tld",
    ],
)
async def test_forged_origin_handshake_refused(module_demo_server, origin):
    room, headers = open_page(module_demo_server.url)
    if origin is not None:
        origin = origin.replace(b"{port}", str(module_demo_server.port).encode())
    status = await handshake_status(module_demo_server, room, headers.get("Cookie", ""), origin)
    assert status != 101
    assert status in (400, 403)


async def test_same_origin_handshake_accepted(module_demo_server):
    room, headers = open_page(module_demo_server.url)
    status = await handshake_status(
        module_demo_server, room, headers["Cookie"], module_demo_server.url.encode()
    )
    assert status == 101


def corpus(seed: int, count: int) -> list[str | bytes]:
    """Malformed frames (none over the size limit), deterministic per seed."""
    rng = random.Random(seed)
    nested = "[" * 600 + "]" * 600
    deep_obj = '{"function": "say_hello", "data": ' + '{"a":' * 200 + "1" + "}" * 200 + "}"
    many_keys = json.dumps({"function": "say_hello", "form": {f"k{i}": i for i in range(2000)}})
    fixed: list[str | bytes] = [
        "",
        " ",
        "null",
        "true",
        "1",
        '"str"',
        "[]",
        "{}",
        nested,
        deep_obj,
        many_keys,
        '{"function": null}',
        '{"function": ["say_hello"]}',
        '{"function": {"a": 1}}',
        '{"function": "say_hello", "form": "x"}',
        '{"function": "say_hello", "data": [1]}',
        '{"function": "__init__"}',
        '{"function": "liveview_push", "text": "x"}',
        '{"type": "websocket.disconnect"}',
        '{"type": "liveview.push", "text": "hi"}',
        '{"function": "say_hello"',
        "\ud7ff\ufffd" * 50,
        b"\x00\xff\xfe",
        b"",
        '{"function": "\\u0000"}',
        '{"__proto__": {"function": "say_hello"}}',
    ]
    frames: list[str | bytes] = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.5:
            frames.append(rng.choice(fixed))
        elif kind < 0.8:
            frames.append(
                "".join(rng.choice('{}[]":,01tfnul\\ ') for _ in range(rng.randint(1, 200)))
            )
        else:
            frames.append(bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 64))))
    return frames


async def test_ten_thousand_malformed_frames_server_survives_memory_bounded(hardened_server):
    connections, per_connection = 10, 1000

    async def hammer(seed: int) -> None:
        room, headers = open_page(hardened_server.url)
        url = f"{hardened_server.ws_url}/ws/liveview/{room}/"
        async with connect(url, additional_headers=headers, max_size=None) as ws:
            for frame in corpus(seed, per_connection):
                await ws.send(frame)
                reply = json.loads(await asyncio.wait_for(ws.recv(), 10))
                assert "error" in reply, (frame, reply)
            # The SAME connection still answers a valid message.
            await ws.send(json.dumps({"function": "say_hello", "form": {"name": GOOD}}))
            assert GOOD in json.loads(await asyncio.wait_for(ws.recv(), 10))["html"]

    await hammer(-1)  # warm-up: imports, caches and allocator pools settle first
    before = hardened_server.rss_kib()
    await asyncio.gather(*(hammer(seed) for seed in range(connections)))
    after = hardened_server.rss_kib()
    assert hardened_server.process.proc.poll() is None, "the server died"
    assert after - before < 64 * 1024, f"RSS grew by {after - before} KiB"


async def test_oversized_frame_closes_1009_and_server_stays_up(module_demo_server):
    room, headers = open_page(module_demo_server.url)
    url = f"{module_demo_server.ws_url}/ws/liveview/{room}/"
    async with connect(url, additional_headers=headers, max_size=None) as ws:
        await ws.send(json.dumps({"function": "say_hello", "form": {"name": "x" * 70_000}}))
        await ws.wait_closed()
        assert ws.close_code == 1009
    room, headers = open_page(module_demo_server.url)
    async with connect(
        f"{module_demo_server.ws_url}/ws/liveview/{room}/", additional_headers=headers
    ) as ws:
        await ws.send(json.dumps({"function": "say_hello", "form": {"name": GOOD}}))
        assert GOOD in json.loads(await asyncio.wait_for(ws.recv(), 10))["html"]
