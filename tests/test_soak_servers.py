"""Soak: 5,000 sockets churned through a real uvicorn, ended every way a client can end
them, and afterwards the server holds what it held before (tests/resource_urls.py)."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections import Counter

import pytest

from tests.raw_sockets import RawSocket, call_frame, resources, until_resources, upgrade_request
from tests.servers import DemoServer, open_page
from tests.test_lifecycle_servers import NOTHING_HELD

logger = logging.getLogger(__name__)

SOCKETS = 5000
#: Sockets in flight at once, spread over several client addresses: well under the
#: default per-IP cap, so every handshake that gets an answer must be accepted.
CONCURRENCY = 48
SOURCES = ("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4")
RSS_BOUND_KIB = 32 * 1024

#: How a socket ends, and how often.
ENDINGS = {
    "reset_in_handshake": 25,  # upgrade request sent, reset 0-8 ms later
    "reset_when_open": 15,  # accepted, then reset
    "reset_mid_handler": 20,  # a slow handler running
    "reset_in_presence": 15,  # a chat joined and tracked in presence
    "unissued_room": 5,  # a room never issued: served in a group of its own, reset meanwhile
    "foreign_origin": 5,  # refused with 403 before any slot is taken
    "clean_close": 15,  # a handler answered, then a close handshake
}


@pytest.fixture
def server(demo_db):
    server = DemoServer(demo_db, settings="tests.resource_settings")
    server.start()
    yield server
    server.close()


class Churn:
    def __init__(self, server: DemoServer, seed: int) -> None:
        self.server = server
        room, headers = open_page(server.url)
        self.request = upgrade_request(server, room, headers)
        self.forged = upgrade_request(server, "0" * 32, headers)
        self.foreign = upgrade_request(server, room, {**headers, "Origin": "https://evil.example"})
        self.foreign_statuses: Counter[int] = Counter()
        self.rng = random.Random(seed)
        self.statuses: Counter[int] = Counter()
        self.endings: Counter[str] = Counter()

    async def one(self, ending: str, source: str) -> None:
        rng = self.rng
        sock = await RawSocket.open(self.server, source)
        self.endings[ending] += 1
        if ending == "foreign_origin":
            await sock.write(self.foreign)
            self.foreign_statuses[await sock.status()] += 1
            sock.reset()
            return
        if ending in ("reset_in_handshake", "unissued_room"):
            await sock.write(self.forged if ending == "unissued_room" else self.request)
            await asyncio.sleep(rng.uniform(0, 0.008))  # the reset's moment is an input
            sock.reset()
            return
        await sock.write(self.request)
        status = await sock.status()
        self.statuses[status] += 1
        if status != 101:
            sock.reset()
            return
        if ending == "reset_mid_handler":
            await sock.write(call_frame("slow_silent", slow=rng.uniform(0.02, 0.1)))
            await asyncio.sleep(rng.uniform(0, 0.01))
        elif ending == "reset_in_presence":
            await sock.write(call_frame("chat_enter", chat=rng.choice(["general", "random"])))
            if rng.random() < 0.5:
                await sock.read_frame()  # the chat panel: the handler ran
        elif ending == "clean_close":
            await sock.write(call_frame("say_hello"))
            await sock.read_frame()
            await sock.close()
            return
        sock.reset()

    async def run(self, count: int) -> None:
        kinds = list(ENDINGS)
        weights = list(ENDINGS.values())
        endings = self.rng.choices(kinds, weights, k=count)
        queue: asyncio.Queue[tuple[int, str]] = asyncio.Queue()
        for number, ending in enumerate(endings):
            queue.put_nowait((number, ending))

        async def worker() -> None:
            while not queue.empty():
                number, ending = queue.get_nowait()
                await self.one(ending, SOURCES[number % len(SOURCES)])

        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))


@pytest.mark.soak
@pytest.mark.timeout(300)  # about 45 s on 2 cores; the bound leaves room for a busy machine
async def test_churned_sockets_leave_nothing_held(server):
    # Warm-up: imports, the hub's tasks, caches and allocator pools settle first.
    await Churn(server, seed=0).run(200)
    await until_resources(server, NOTHING_HELD)
    before = resources(server)

    churn = Churn(server, seed=1)
    started = time.monotonic()
    await churn.run(SOCKETS)
    churned = time.monotonic() - started
    # At most as many tasks as before: the baseline may have caught short-lived ones
    # (a presence render, the handler watchdog's last tick) that have ended since.
    after = await until_resources(server, NOTHING_HELD, at_most={"tasks": before["tasks"]})
    settled = time.monotonic() - started

    logger.info(
        "Soak: %d sockets in %.1fs (settled after %.1fs), endings %s, handshake answers %s; "
        "before %s; after %s; RSS %+d KiB",
        SOCKETS,
        churned,
        settled,
        dict(churn.endings),
        dict(churn.statuses),
        before,
        after,
        after["rss_kib"] - before["rss_kib"],
    )
    assert set(churn.statuses) == {101}, churn.statuses  # no IP was ever locked out
    assert after["connections_total"] > before["connections_total"]
    assert after["rss_kib"] - before["rss_kib"] < RSS_BOUND_KIB
    assert server.process.proc.poll() is None
