"""Whatever way a socket ends, the server releases what it held for it: a real
uvicorn, raw TCP clients that reset (RST) mid-handshake, mid-handler and mid-close,
and a test-only endpoint (tests/resource_urls.py) that reports what the server holds."""

from __future__ import annotations

import asyncio
import random

import pytest
import redis

from tests.raw_sockets import RawSocket, call_frame, resources, until_resources, upgrade_request
from tests.servers import DemoServer, open_page

#: What a server holds for sockets; all of it is zero when none is open.
NOTHING_HELD = {
    "ip_slots": 0,
    "connections_open": 0,
    "groups": 0,
    "group_members": 0,
    "presence": 0,
}


@pytest.fixture
def server(demo_db):
    """The demo under uvicorn, default liveview settings, plus the resources endpoint."""
    server = DemoServer(demo_db, settings="tests.resource_settings")
    server.start()
    yield server
    server.close()


async def reset_during_handshake(server: DemoServer, request: bytes, rng: random.Random) -> None:
    """Send the upgrade request, then reset 0-8 ms later, answered or not."""
    sock = await RawSocket.open(server)
    await sock.write(request)
    await asyncio.sleep(rng.uniform(0, 0.008))  # the reset's moment is the test's input
    sock.reset()


async def fresh_handshakes(server: DemoServer, request: bytes, count: int) -> int:
    """Open ``count`` sockets at once and keep them open together; how many were accepted."""
    sockets = await asyncio.gather(*(RawSocket.open(server) for _ in range(count)))
    try:
        for sock in sockets:
            await sock.write(request)
        statuses = await asyncio.gather(*(sock.status() for sock in sockets))
    finally:
        await asyncio.gather(*(sock.close() for sock in sockets))
    return sum(status == 101 for status in statuses)


async def test_handshake_resets_leave_the_ip_served(server):
    room, headers = open_page(server.url)
    request = upgrade_request(server, room, headers)
    rng = random.Random(11)
    limit = asyncio.Semaphore(50)

    async def one() -> None:
        async with limit:
            await reset_during_handshake(server, request, rng)

    await asyncio.gather(*(one() for _ in range(300)))
    # The server handles the resets in its own time: retry until a deadline. Every one
    # of the 100 sockets an IP may hold (the default) must be served at the same time.
    deadline = asyncio.get_running_loop().time() + 30
    while (accepted := await fresh_handshakes(server, request, 100)) < 100:
        assert asyncio.get_running_loop().time() < deadline, f"{accepted} of 100 accepted"


async def test_handshake_resets_release_every_slot(server):
    room, headers = open_page(server.url)
    request = upgrade_request(server, room, headers)
    rng = random.Random(12)
    for _ in range(6):
        await asyncio.gather(*(reset_during_handshake(server, request, rng) for _ in range(50)))
    await until_resources(server, NOTHING_HELD)


async def test_resets_mid_handler_release_groups_presence_and_slots(server):
    room, headers = open_page(server.url)
    request = upgrade_request(server, room, headers)
    rng = random.Random(13)

    async def one() -> None:
        sock = await RawSocket.open(server)
        await sock.write(request)
        assert await sock.status() == 101
        # A sync handler that joins a topic and tracks presence, then a slow async
        # one; the reset lands while they run.
        await sock.write(call_frame("chat_enter", chat="general"))
        await sock.write(call_frame("slow_silent", slow=rng.uniform(0.05, 0.2)))
        await asyncio.sleep(rng.uniform(0, 0.02))  # the reset's moment is the test's input
        sock.reset()

    for _ in range(4):
        await asyncio.gather(*(one() for _ in range(25)))
    await until_resources(server, NOTHING_HELD)


async def test_resets_during_a_refusing_close_release_the_slot(server):
    _, headers = open_page(server.url)
    request = upgrade_request(server, "0" * 32, headers)  # a room never issued: closed 4403
    rng = random.Random(14)
    for _ in range(6):
        await asyncio.gather(*(reset_during_handshake(server, request, rng) for _ in range(50)))
    await until_resources(server, NOTHING_HELD)


async def test_resources_endpoint_counts_open_sockets(server):
    """The endpoint the tests above trust: it does see sockets that are open."""
    room, headers = open_page(server.url)
    sock = await RawSocket.open(server)
    await sock.write(upgrade_request(server, room, headers))
    assert await sock.status() == 101
    await sock.write(call_frame("chat_enter", chat="general"))
    await sock.read_frame()  # the chat panel: the handler ran
    held = await until_resources(server, {"presence": 1})
    assert held["ip_slots"] == 1
    assert held["connections_open"] == 1
    assert held["group_members"] >= 3  # broadcast, its room, the chat topic
    await sock.close()
    await until_resources(server, NOTHING_HELD)
    assert resources(server)["connections_total"] == 1


def presence_fields(url: str) -> int:
    """Presence entries in Redis, every topic and process together."""
    client = redis.Redis.from_url(url)
    try:
        return sum(client.hlen(key) for key in client.scan_iter("liveview:presence:liveview.*"))
    finally:
        client.close()


async def test_resets_in_presence_leave_no_entry_in_redis(demo_db, redis_server):
    server = DemoServer(demo_db, settings="tests.resource_settings", redis_url=redis_server.url)
    server.start()
    try:
        before = presence_fields(redis_server.url)
        room, headers = open_page(server.url)
        request = upgrade_request(server, room, headers)
        rng = random.Random(15)

        async def one() -> None:
            sock = await RawSocket.open(server)
            await sock.write(request)
            assert await sock.status() == 101
            await sock.write(call_frame("chat_enter", chat="general"))
            await asyncio.sleep(rng.uniform(0, 0.02))  # the reset's moment is the test's input
            sock.reset()

        # The count this test trusts does see an entry while its socket is there.
        first = await RawSocket.open(server)
        await first.write(request)
        assert await first.status() == 101
        await first.write(call_frame("chat_enter", chat="general"))
        deadline = asyncio.get_running_loop().time() + 10
        while presence_fields(redis_server.url) != before + 1:
            assert asyncio.get_running_loop().time() < deadline, "no entry in Redis"
            await asyncio.sleep(0.05)  # a polling interval, not a synchronisation
        first.reset()

        await asyncio.gather(*(one() for _ in range(40)))
        await until_resources(server, NOTHING_HELD)
        assert presence_fields(redis_server.url) == before
    finally:
        server.close()
