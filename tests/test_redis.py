"""Issue #5 with a real redis-server: faults survived, several processes, both Redis layers."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import time
from contextlib import AsyncExitStack

import pytest
from websockets.asyncio.client import connect

from liveview.backlog import MAX_SEND_AGE
from tests.servers import DemoServer, RedisServer, open_page

DEADLINE = 20.0  # seconds Redis may take to be usable again; a bound, not a measurement


@pytest.fixture
def own_redis(redis_binary):
    """A redis-server this test may kill or pause."""
    server = RedisServer(redis_binary)
    server.start()
    yield server
    if server.process is not None and server.process.proc.poll() is None:
        os.kill(server.process.proc.pid, signal.SIGCONT)
    server.stop(signal.SIGKILL)


@pytest.fixture
def start_servers(tmp_path, migrated_db):
    started = []

    def start(count, redis_url, **env):
        for _ in range(count):
            db = tmp_path / f"db{len(started)}.sqlite3"
            shutil.copy(migrated_db, db)
            server = DemoServer(
                db, redis_url=redis_url, settings="tests.redis_settings", extra_env=env
            )
            server.start()
            started.append(server)
        return started[-count:]

    yield start
    for server in started:
        server.close()


async def open_sockets(stack, servers, per_server):
    sockets = []
    for server in servers:
        for _ in range(per_server):
            room, headers = open_page(server.url, "/broadcast/")
            ws = await stack.enter_async_context(
                connect(f"{server.ws_url}/ws/liveview/{room}/", additional_headers=headers)
            )
            sockets.append(ws)
    return sockets


async def post(ws, text):
    await ws.send(
        json.dumps({"function": "post_message", "form": {"author": "t", "message": text}})
    )


async def next_broadcast(ws, timeout):
    """The next #messages frame, skipping the sender's own #post-error reset."""
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        assert "error" not in frame, frame  # nothing about the infrastructure, ever
        if frame.get("target") == "#messages":
            return frame


async def all_receive(sender, sockets, text, timeout=10):
    await post(sender, text)
    for ws in sockets:
        frame = await next_broadcast(ws, timeout)
        assert text in frame["html"]


def assert_no_tracebacks_to_clients(servers):
    for server in servers:
        assert server.process.proc.poll() is None, f"server died:\n{server.process.log()}"


async def test_redis_killed_and_restarted_every_client_hears_broadcasts_again(
    own_redis, start_servers
):
    servers = start_servers(2, own_redis.url)
    async with AsyncExitStack() as stack:
        sockets = await open_sockets(stack, servers, per_server=3)
        await all_receive(sockets[0], sockets, "before the outage")

        own_redis.stop(signal.SIGKILL)
        # While Redis is down: the sender still gets its reply, processes stay up.
        await post(sockets[3], "during the outage")
        frame = await next_broadcast(sockets[3], 10)  # delivered locally by the hub
        assert "during the outage" in frame["html"]
        own_redis.start()

        # Every socket, on both processes, receives broadcasts again within the deadline.
        deadline = time.monotonic() + DEADLINE
        attempt = 0
        pending = set(range(len(sockets)))
        while pending and time.monotonic() < deadline:
            attempt += 1
            text = f"after the outage #{attempt}"
            await post(sockets[0], text)
            for index in sorted(pending):
                try:
                    while True:
                        frame = await next_broadcast(sockets[index], 1.0)
                        if text in frame["html"]:
                            pending.discard(index)
                            break
                except TimeoutError:
                    pass
        assert not pending, f"deaf sockets after Redis came back: {sorted(pending)}"
    assert_no_tracebacks_to_clients(servers)


async def test_idle_sockets_survive_past_socket_timeout_and_group_expiry(
    redis_server, start_servers
):
    # group_expiry of 3 s and 16 s of silence: redis-py 8's 5 s socket timeout would
    # have fired three times on an idle receive, and the groups expired five times over.
    servers = start_servers(2, redis_server.url, LIVEVIEW_TEST_GROUP_EXPIRY="3")
    async with AsyncExitStack() as stack:
        sockets = await open_sockets(stack, servers, per_server=2)
        idle_until = time.monotonic() + 16
        while time.monotonic() < idle_until:
            # Idle on purpose: this test is about time passing with no traffic.
            await asyncio.sleep(idle_until - time.monotonic())
        await all_receive(sockets[0], sockets, "still listening")
    for server in servers:
        assert "Traceback" not in server.process.log(), server.process.log()


async def test_pubsub_layer_broadcast_crosses_processes(redis_server, start_servers):
    servers = start_servers(2, redis_server.url, LIVEVIEW_TEST_LAYER="pubsub")
    async with AsyncExitStack() as stack:
        sockets = await open_sockets(stack, servers, per_server=2)
        await all_receive(sockets[0], sockets, "over pub/sub")
        await all_receive(sockets[3], sockets, "and back")
    assert_no_tracebacks_to_clients(servers)


async def test_redis_stalled_stale_broadcasts_never_arrive_late_and_fresh_ones_flow_again(
    own_redis, start_servers
):
    servers = start_servers(2, own_redis.url)
    async with AsyncExitStack() as stack:
        sockets = await open_sockets(stack, servers, per_server=2)
        await all_receive(sockets[0], sockets, "before the stall")

        pid = own_redis.process.proc.pid
        os.kill(pid, signal.SIGSTOP)  # a stall: connections stay open, nothing answers
        try:
            for index in range(3):
                await post(sockets[0], f"during the stall {index}")
                for ws in sockets[:2]:  # this process's sockets get it at once
                    frame = await next_broadcast(ws, 10)
                    assert f"during the stall {index}" in frame["html"]
            # Time passing is the subject: every broadcast above outgrows MAX_SEND_AGE.
            await asyncio.sleep(MAX_SEND_AGE + 2)
        finally:
            os.kill(pid, signal.SIGCONT)

        # Sockets opened after the stall and the old ones, on both processes, hear fresh
        # broadcasts again; the other process never gets the stale ones.
        sockets += await open_sockets(stack, servers, per_server=1)
        seen = []
        deadline = time.monotonic() + DEADLINE
        attempt = 0
        pending = set(range(len(sockets)))
        while pending and time.monotonic() < deadline:
            attempt += 1
            text = f"after the stall #{attempt}"
            await post(sockets[0], text)
            for index in sorted(pending):
                try:
                    while True:
                        frame = await next_broadcast(sockets[index], 1.0)
                        seen.append(frame["html"])
                        if text in frame["html"]:
                            pending.discard(index)
                            break
                except TimeoutError:
                    pass
        assert not pending, f"deaf sockets after the stall: {sorted(pending)}"
        assert not [html for html in seen if "during the stall" in html]
    assert_no_tracebacks_to_clients(servers)


async def resuming_socket(stack, server, page_path, positions):
    """A socket as liveview.js opens it: offering to resume from ``positions``."""
    import base64

    room, headers = open_page(server.url, page_path)
    since = base64.urlsafe_b64encode(json.dumps(positions).encode()).decode().rstrip("=")
    return await stack.enter_async_context(
        connect(
            f"{server.ws_url}/ws/liveview/{room}/",
            additional_headers=headers,
            subprotocols=["liveview.resume", f"liveview.since.{since}"],
        )
    )


async def broadcast_position(ws):
    while True:
        frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
        if set(frame) == {"seq"} and frame["seq"]["group"] == "broadcast":
            return [frame["seq"]["epoch"], frame["seq"]["n"]]


async def test_a_returning_tab_is_replayed_by_its_process_and_by_another(
    redis_server, start_servers
):
    servers = start_servers(2, redis_server.url)
    async with AsyncExitStack() as stack:
        first = await resuming_socket(stack, servers[0], "/broadcast/", {})
        position = await broadcast_position(first)
        sender = (await open_sockets(stack, servers[1:], per_server=1))[0]
        await all_receive(sender, [first, sender], "seen")
        await first.close()  # the tab is cut off ...
        for index in range(3):  # ... while the other process publishes
            await all_receive(sender, [sender], f"missed {index}")

        # Back on either process: what it missed, from the log shared through Redis, in
        # order, then live frames.
        elsewhere = await resuming_socket(stack, servers[1], "/broadcast/", {"broadcast": position})
        back = await resuming_socket(stack, servers[0], "/broadcast/", {"broadcast": position})
        await post(sender, "live")
        expected = ["seen", "missed 0", "missed 1", "missed 2", "live"]
        for ws in (elsewhere, back):
            htmls = [(await next_broadcast(ws, 10))["html"] for _ in range(5)]
            assert [next(t for t in expected if t in h) for h in htmls] == expected
    assert_no_tracebacks_to_clients(servers)


async def test_a_position_in_a_lost_log_is_resynced(redis_server, start_servers):
    servers = start_servers(1, redis_server.url)
    async with AsyncExitStack() as stack:
        ws = await resuming_socket(stack, servers[0], "/broadcast/", {"broadcast": ["gone", 3]})
        frame = {}
        while "resync" not in frame:  # the room's position may come first
            frame = json.loads(await asyncio.wait_for(ws.recv(), 10))
        assert frame["resync"]["broadcast"][0] != "gone"  # where the live log stands
    assert_no_tracebacks_to_clients(servers)
