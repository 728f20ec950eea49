"""Attacks on a real uvicorn serving the demo at default limits: what one client can
make the server hold, remember or send."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import re
import sys

from websockets.asyncio.client import connect

from tests.servers import DemoServer, Process, open_page

COMPACT = (",", ":")


async def replies(ws, count: int, timeout: float = 10) -> list[dict]:
    return [json.loads(await asyncio.wait_for(ws.recv(), timeout)) for _ in range(count)]


async def test_frame_of_empty_arrays_is_refused_before_it_reaches_a_handler(demo_server):
    room, headers = open_page(demo_server.url, "/")
    frame = json.dumps(
        {"function": "say_hello", "form": {"name": "x"}, "data": {"x": [[]] * 21_000}},
        separators=COMPACT,
    )
    assert len(frame) < 64 * 1024
    async with connect(
        f"{demo_server.ws_url}/ws/liveview/{room}/", additional_headers=headers
    ) as ws:
        await ws.send(frame)
        (reply,) = await replies(ws, 1)
    assert reply == {"error": "invalid message: message has too many keys and array items"}


async def test_backlog_behind_a_slow_handler_is_bounded_in_bytes(demo_server: DemoServer):
    room, headers = open_page(demo_server.url, "/")
    padding = "x" * 60_000
    async with connect(
        f"{demo_server.ws_url}/ws/liveview/{room}/", additional_headers=headers
    ) as ws:
        await ws.send(json.dumps({"function": "slow_silent", "data": {"slow": 5}}))
        # Twelve 60 KB frames (720 KB) wait behind it: fewer than 100, within the burst.
        for _ in range(12):
            await ws.send(
                json.dumps(
                    {
                        "function": "say_hello",
                        "form": {"name": padding[:10]},
                        "data": {"pad": padding},
                    }
                )
            )
        answers = await replies(ws, 12)
    busy = [a for a in answers if a.get("error", "").startswith("too many messages waiting")]
    assert len(busy) >= 4, answers  # at most 512 KB (8 such frames) may wait


async def test_unknown_function_name_is_not_echoed_without_debug(demo_db):
    server = DemoServer(demo_db, extra_env={"DJANGO_DEBUG": "0"})
    server.start()
    try:
        room, headers = open_page(server.url, "/")
        url = f"{server.ws_url}/ws/liveview/{room}/"
        async with connect(url, additional_headers=headers) as ws:
            await ws.send(json.dumps({"function": "<img src=x onerror=alert(1)>"}))
            (reply,) = await replies(ws, 1)
    finally:
        server.close()
    assert reply == {"error": "Unknown function"}


async def handshake(
    room: str, cookie: str, origin: str, *, tcp=None, uds=None, extra: str = ""
) -> tuple[int, asyncio.StreamWriter]:
    """A raw upgrade request; the status and the still open connection."""
    if uds is not None:
        reader, writer = await asyncio.open_unix_connection(uds)
    else:
        host, port, local = tcp
        reader, writer = await asyncio.open_connection(host, port, local_addr=(local, 0))
    key = base64.b64encode(os.urandom(16)).decode()
    host_header = origin.split("://", 1)[1]
    writer.write(
        (
            f"GET /ws/liveview/{room}/ HTTP/1.1\r\nHost: {host_header}\r\n"
            f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            f"Sec-WebSocket-Version: 13\r\nOrigin: {origin}\r\nCookie: {cookie}\r\n{extra}\r\n"
        ).encode()
    )
    await writer.drain()
    status_line = await asyncio.wait_for(reader.readline(), 10)
    await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
    return int(status_line.split()[1]), writer


async def shut(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(OSError):
        await writer.wait_closed()


async def test_handshake_flood_from_one_address_is_refused_others_are_served(demo_server):
    room, headers = open_page(demo_server.url, "/")
    flood = ("127.0.0.1", demo_server.port, "127.0.0.1")
    statuses: list[int] = []

    async def one() -> None:  # opened and closed at once: never many open at a time
        status, writer = await handshake(room, headers["Cookie"], headers["Origin"], tcp=flood)
        statuses.append(status)
        await shut(writer)

    # Batches of 10 at once, until refused: faster than HANDSHAKE_RATE however busy the
    # machine is, and bounded (the burst is 200; 1,000 handshakes never all pass).
    while 403 not in statuses and len(statuses) < 1000:
        await asyncio.gather(*(one() for _ in range(10)))
    assert 403 in statuses
    other = ("127.0.0.1", demo_server.port, "127.0.0.2")
    status, writer = await handshake(room, headers["Cookie"], headers["Origin"], tcp=other)
    await shut(writer)
    assert status == 101


async def test_unix_socket_clients_are_told_apart_by_the_proxy_header(demo_db, tmp_path):
    path = str(tmp_path / "liveview.sock")
    server = DemoServer(
        demo_db,
        settings="tests.abuse_settings",
        extra_env={"LIVEVIEW_TEST_CLIENT_IP_HEADER": "X-Real-IP"},
    )
    server.sock.close()
    args = [sys.executable, "-m", "uvicorn", "demo.asgi:application", "--uds", path]
    server.process = Process(args, env=server.env())
    server.process.wait_for(r"Uvicorn running")  # printed once the socket is bound
    writers = []
    try:
        reader, writer = await asyncio.open_unix_connection(path)
        writer.write(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        page = (await asyncio.wait_for(reader.read(), 10)).decode()
        await shut(writer)
        room = re.search(r'data-room="([^"]+)"', page)[1]
        cookie = re.search(r"(?i)set-cookie: (sessionid=[^;]+)", page)[1]
        origin = "http://localhost"
        # One visitor opens sockets until refused (its handshake rate or socket cap)...
        for _ in range(120):
            status, writer = await handshake(
                room, cookie, origin, uds=path, extra="X-Real-IP: 203.0.113.5\r\n"
            )
            writers.append(writer)
            if status != 101:
                break
        assert status == 403
        # ...and another visitor behind the same proxy is not affected.
        status, writer = await handshake(
            room, cookie, origin, uds=path, extra="X-Real-IP: 203.0.113.6\r\n"
        )
        writers.append(writer)
        assert status == 101
    finally:
        for writer in writers:
            await shut(writer)
        server.process.stop()


async def test_presence_churn_from_one_socket_is_not_amplified_to_every_member(demo_server):
    room, headers = open_page(demo_server.url, "/")
    url = f"{demo_server.ws_url}/ws/liveview/{room}/"

    def enter(nick: str) -> str:
        return json.dumps(
            {"function": "chat_enter", "form": {"nick": nick}, "data": {"chat": "help"}}
        )

    async def who_frames_until(ws, nick: str) -> int:
        """#who frames received until one lists ``nick``."""
        count = 0
        while True:
            frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
            if frame.get("target") == "#who":
                count += 1
                if f"<li>{nick}</li>" in frame["html"]:
                    return count

    members = [await connect(url, additional_headers=headers) for _ in range(3)]
    try:
        for i, ws in enumerate(members):
            await ws.send(enter(f"member{i}"))
            await who_frames_until(ws, f"member{i}")
        async with connect(url, additional_headers=headers) as churner:
            # A burst at the rate limit: every message leaves and re-enters with a new
            # meta, two presence changes each (40 renders for every member before).
            for i in range(20):
                await churner.send(enter(f"churn{i}"))
            counts = [await who_frames_until(ws, "churn19") for ws in members]
    finally:
        for ws in members:
            await ws.close()
    # The latest state arrives, in a few coalesced renders instead of one per change.
    assert max(counts) <= 10, counts
