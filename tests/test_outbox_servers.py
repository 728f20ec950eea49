"""The slow-reader bound on daphne, whose send returns at once: frames must not pile up
in its transport's buffer without limit."""

from __future__ import annotations

import asyncio
import json

from websockets.asyncio.client import connect

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
