"""The log of group frames shared through Redis (issue 14), with a real redis-server and
two real servers: Redis restarted mid-stream, and positions forged for other groups."""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
import time
from contextlib import AsyncExitStack

from websockets.asyncio.client import connect

from liveview.groups import topic_group
from tests.servers import DemoServer, open_page
from tests.test_redis import (
    DEADLINE,
    assert_no_tracebacks_to_clients,
    broadcast_position,
    open_sockets,
    post,
    resuming_socket,
)

__all__ = ["own_redis", "start_servers"]
from tests.test_redis import own_redis, start_servers  # fixtures


async def frames_until(ws, text, timeout=10.0, frames=None):
    """Every frame ``ws`` gets up to (and with) the #messages frame containing ``text``,
    appended to ``frames`` as they come (kept when the wait times out)."""
    frames = [] if frames is None else frames
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        assert "error" not in frame, frame
        frames.append(frame)
        if frame.get("target") == "#messages" and text in frame["html"]:
            return frames


def seqs(frames):
    return [(f["seq"]["epoch"], f["seq"]["n"]) for f in frames if "target" in f and "seq" in f]


async def test_redis_killed_and_restarted_mid_stream_no_duplicate_and_a_resync(
    own_redis, start_servers
):
    servers = start_servers(2, own_redis.url)
    async with AsyncExitStack() as stack:
        tab = await resuming_socket(stack, servers[0], "/broadcast/", {})
        await broadcast_position(tab)
        sender = (await open_sockets(stack, servers[1:], per_server=1))[0]
        frames = []
        for index in range(5):
            await post(sender, f"before {index}")
            frames += await frames_until(tab, f"before {index}")

        own_redis.stop(signal.SIGKILL)
        own_redis.start()  # the same port, empty: the log and its numbers are gone

        deadline = time.monotonic() + DEADLINE
        attempt = 0
        while True:  # until Redis is back for both processes
            attempt += 1
            await post(sender, f"after #{attempt}")
            try:
                await frames_until(tab, f"after #{attempt}", 1.0, frames)
                break
            except TimeoutError:
                assert time.monotonic() < deadline, "the tab never heard broadcasts again"
        for index in range(5):
            await post(sender, f"later {index}")
            frames += await frames_until(tab, f"later {index}")

        numbered = seqs(frames)
        assert len(numbered) == len(set(numbered)), "a frame number was delivered twice"
        htmls = [f["html"] for f in frames if f.get("target") == "#messages"]
        assert len(htmls) == len(set(htmls)), "a broadcast was delivered twice"
        assert all(any(f"later {i}" in h for h in htmls) for i in range(5))
        resyncs = [f["resync"] for f in frames if "resync" in f]
        assert any("broadcast" in r for r in resyncs), "the lost frames were not re-synced"
        new_epoch = next(r["broadcast"][0] for r in resyncs if "broadcast" in r)
        assert new_epoch != numbered[0][0]
        # After the resync, the new log's frames come in order.
        after = [n for epoch, n in numbered if epoch == new_epoch]
        assert after == sorted(after)
    assert_no_tracebacks_to_clients(servers)


async def chat_socket(stack, server, positions):
    ws = await resuming_socket(stack, server, "/chat/", positions)
    await ws.send(
        json.dumps({"function": "chat_enter", "form": {"nick": "n"}, "data": {"chat": "general"}})
    )
    return ws


async def say(ws, text):
    await ws.send(json.dumps({"function": "chat_say", "form": {"text": text}, "data": {}}))


async def test_a_forged_position_gets_no_frame_of_a_group_never_joined(redis_server, start_servers):
    servers = start_servers(2, redis_server.url)
    group = topic_group("chat:general")
    async with AsyncExitStack() as stack:
        member = await chat_socket(stack, servers[0], {})
        epoch = None
        seen = []
        for index in range(3):
            await say(member, f"secret {index}")
            # The handler answers its caller (the form is reset) after publishing to the
            # topic: from then on the secret is in the topic's log. The member hears its
            # own message too, even the first, sent before its join was answered.
            answered = heard = False
            while not (answered and heard):
                try:
                    frame = json.loads(await asyncio.wait_for(member.recv(), 10))
                except TimeoutError:
                    raise AssertionError(seen) from None
                seen.append(frame)
                answered = answered or frame.get("target") == "#chat-form"
                assert len(seen) < 30, seen
                if frame.get("seq", {}).get("group") == group:
                    epoch = frame["seq"]["epoch"]
                    heard = heard or f"secret {index}" in frame.get("html", "")
        assert epoch is not None

        # On either process, a socket that reports a position in the chat's topic (never
        # joined for it by server code) and in another tab's room gets none of their frames.
        for server in servers:
            forged = {group: [epoch, 0], "broadcast": ["x", 0]}
            attacker = await resuming_socket(stack, server, "/broadcast/", forged)
            sender = (await open_sockets(stack, [server], per_server=1))[0]
            await post(sender, f"probe {server.port}")
            frames = await frames_until(attacker, f"probe {server.port}")
            assert not [f for f in frames if "secret" in json.dumps(f)]
            assert not [f for f in frames if f.get("seq", {}).get("group") == group]
            assert not [f for f in frames if group in f.get("resync", {})]
    assert_no_tracebacks_to_clients(servers)


async def test_a_broadcast_between_render_and_socket_open_is_applied(redis_server, start_servers):
    servers = start_servers(2, redis_server.url)
    async with AsyncExitStack() as stack:
        room, headers = open_page(servers[0].url, "/broadcast/")  # the page is rendered ...
        sender = (await open_sockets(stack, servers[1:], per_server=1))[0]
        await post(sender, "in the render gap")  # ... a broadcast is published elsewhere ...
        await frames_until(sender, "in the render gap")
        tab = await stack.enter_async_context(  # ... and only then does its socket open
            connect(
                f"{servers[0].ws_url}/ws/liveview/{room}/",
                additional_headers=headers,
                subprotocols=["liveview.resume"],
            )
        )
        await post(sender, "live")
        frames = await frames_until(tab, "live")
        htmls = [f["html"] for f in frames if f.get("target") == "#messages"]
        assert len(htmls) == 2
        assert "in the render gap" in htmls[0]
        assert "live" in htmls[1]
        numbers = [f["seq"]["n"] for f in frames if f.get("target") == "#messages"]
        assert numbers[1] == numbers[0] + 1
    assert_no_tracebacks_to_clients(servers)


async def test_a_broadcast_between_render_and_socket_open_on_another_process_is_applied(
    redis_server, migrated_db, tmp_path
):
    database = tmp_path / "shared.sqlite3"  # one session store for both processes
    shutil.copy(migrated_db, database)
    async with AsyncExitStack() as stack:
        servers = []
        for _ in range(2):
            server = DemoServer(
                database, redis_url=redis_server.url, settings="tests.redis_settings"
            )
            stack.callback(server.close)
            server.start()
            servers.append(server)
        sender = (await open_sockets(stack, servers[1:], per_server=1))[0]
        await post(sender, "before the render")
        await frames_until(sender, "before the render")
        room, headers = open_page(servers[0].url, "/broadcast/")  # rendered on A ...
        headers["Origin"] = servers[1].url  # (as if both were behind one address)
        await post(sender, "in the render gap")  # ... a broadcast is published ...
        await frames_until(sender, "in the render gap")
        tab = await stack.enter_async_context(  # ... and the socket opens on B
            connect(
                f"{servers[1].ws_url}/ws/liveview/{room}/",
                additional_headers=headers,
                subprotocols=["liveview.resume"],
            )
        )
        await post(sender, "live")
        frames = await frames_until(tab, "live")
        htmls = [f["html"] for f in frames if f.get("target") == "#messages"]
        assert len(htmls) == 2, htmls  # not the one before the render
        assert "in the render gap" in htmls[0]
        assert "live" in htmls[1]
        numbers = [f["seq"]["n"] for f in frames if f.get("target") == "#messages"]
        assert numbers[1] == numbers[0] + 1
        assert_no_tracebacks_to_clients(servers)
