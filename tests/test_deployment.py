"""The deployments docs/deployment.md describes, each run for real and used through
real WebSockets: a say_hello round trip, and a broadcast that must reach every socket
on every process wherever several processes share a Redis channel layer."""

from __future__ import annotations

import shutil
from contextlib import AsyncExitStack, ExitStack

import pytest
from websockets.exceptions import InvalidStatus

from tests.deploy import (
    DaphneServer,
    HypercornServer,
    Nginx,
    RunserverDaphne,
    UvicornWorkers,
    assert_broadcast,
    assert_round_trip,
    documented_nginx_locations,
    page_socket,
    sockets_on_every_worker,
)
from tests.servers import DemoServer

REDIS_SETTINGS = "tests.redis_settings"


@pytest.fixture
def servers():
    """Starts servers for a test; every one is closed afterwards, last started first,
    even when starting or closing another one failed."""
    with ExitStack() as started:

        def start(server):
            started.callback(server.close)
            server.start()
            return server

        yield start


async def test_uvicorn_workers_share_broadcasts_over_redis(redis_server, demo_db, servers):
    server = servers(
        UvicornWorkers(demo_db, workers=2, redis_url=redis_server.url, settings=REDIS_SETTINGS)
    )
    assert len(server.worker_pids) == 2
    async with AsyncExitStack() as stack:
        holders = await sockets_on_every_worker(stack, server, server.worker_pids)
        sockets = list(holders)
        await assert_round_trip(sockets[0], "Uvicorn workers")
        for pid in server.worker_pids:  # a broadcast made on each worker reaches all
            sender = next(ws for ws, holder in holders.items() if holder == pid)
            await assert_broadcast(sender, sockets, f"from worker {pid}")


async def test_daphne_and_uvicorn_share_broadcasts_over_redis(
    redis_server, tmp_path, migrated_db, servers
):
    mixed = {}
    for name, cls in (("daphne", DaphneServer), ("uvicorn", DemoServer)):
        db = tmp_path / f"{name}.sqlite3"
        shutil.copy(migrated_db, db)
        mixed[name] = servers(cls(db, redis_url=redis_server.url, settings=REDIS_SETTINGS))
    async with AsyncExitStack() as stack:
        sockets = {
            name: [
                await stack.enter_async_context(page_socket(server.url, "/broadcast/"))
                for _ in range(2)
            ]
            for name, server in mixed.items()
        }
        everyone = sockets["daphne"] + sockets["uvicorn"]
        await assert_round_trip(sockets["daphne"][0], "Daphne")
        await assert_round_trip(sockets["uvicorn"][0], "Uvicorn")
        await assert_broadcast(sockets["daphne"][1], everyone, "from daphne")
        await assert_broadcast(sockets["uvicorn"][1], everyone, "from uvicorn")


async def test_hypercorn_workers_share_broadcasts_over_redis(redis_server, demo_db, servers):
    server = servers(
        HypercornServer(demo_db, workers=2, redis_url=redis_server.url, settings=REDIS_SETTINGS)
    )
    assert len(set(server.worker_pids)) == 2
    async with AsyncExitStack() as stack:
        holders = await sockets_on_every_worker(stack, server, server.worker_pids)
        sockets = list(holders)
        await assert_round_trip(sockets[0], "Hypercorn")
        for pid in server.worker_pids:
            sender = next(ws for ws, holder in holders.items() if holder == pid)
            await assert_broadcast(sender, sockets, f"from hypercorn worker {pid}")


async def test_runserver_with_daphne_serves_websockets(demo_db, servers):
    server = servers(RunserverDaphne(demo_db))
    async with page_socket(server.url) as ws:
        await assert_round_trip(ws, "Runserver")
    async with (
        page_socket(server.url, "/broadcast/") as one,
        page_socket(server.url, "/broadcast/") as two,
    ):
        await assert_broadcast(one, [one, two], "from runserver")


async def test_nginx_proxies_pages_and_websockets(redis_server, demo_db, tmp_path, servers):
    app = servers(
        UvicornWorkers(demo_db, workers=2, redis_url=redis_server.url, settings=REDIS_SETTINGS)
    )
    nginx = servers(Nginx(tmp_path, app.port, documented_nginx_locations()))
    async with AsyncExitStack() as stack:
        # Pages come through nginx, so each socket's Origin is nginx's host:port.
        hello = await stack.enter_async_context(page_socket(nginx.url))
        await assert_round_trip(hello, "nginx")
        sockets = [
            await stack.enter_async_context(page_socket(nginx.url, "/broadcast/")) for _ in range(4)
        ]
        await assert_broadcast(sockets[0], sockets, "through nginx")
        await assert_broadcast(sockets[-1], sockets, "through nginx again")


async def test_nginx_host_without_port_fails_the_origin_check(demo_server, tmp_path, servers):
    # What the docs warn about: `proxy_set_header Host $host;` drops the port, so on a
    # non-default port the Host no longer matches the page's Origin.
    nginx = servers(Nginx(tmp_path, demo_server.port, documented_nginx_locations("$host")))
    with pytest.raises(InvalidStatus) as refused:
        async with page_socket(nginx.url):
            pass
    assert refused.value.response.status_code == 403
    # Refused by liveview's origin check, not by nginx or ALLOWED_HOSTS.
    demo_server.process.wait_for(r"Refused a WebSocket handshake from origin", timeout=10)
