"""Attacks on a real uvicorn serving the demo at default limits: what one client can
make the server hold, remember or send."""

from __future__ import annotations

import asyncio
import json

from websockets.asyncio.client import connect

from tests.servers import DemoServer, open_page

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
