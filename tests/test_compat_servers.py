"""Default settings against real uvicorn: raw clients with made-up rooms or no Origin are
served, a foreign Origin is not, and a client that knows a victim's room but not the
victim's cookie hears nothing addressed to that room (over a real redis-server)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import InvalidStatus

from tests.servers import EXAMPLE, ROOT, DemoServer, open_page

SECRET = "VICTIM-SECRET"


async def call(ws, function, **form):
    await ws.send(json.dumps({"function": function, "form": form, "data": {}, "lang": "en"}))


async def receive(ws, timeout=10):
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def assert_served(ws):
    await call(ws, "say_hello", name="raw")
    assert "Hello, raw" in (await receive(ws))["html"]


@pytest.fixture
def any_host_server(demo_db):
    server = DemoServer(demo_db, settings="tests.any_host_settings")
    server.start()
    yield server
    server.close()


@pytest.fixture
def bare_router_server(demo_db):
    server = DemoServer(demo_db, app="tests.bare_asgi:application")
    server.start()
    yield server
    server.close()


@pytest.fixture(scope="module")
def redis_demo(redis_server, migrated_db, tmp_path_factory):
    """Shared by the eavesdropper tests: each opens its own pages and room."""
    database = tmp_path_factory.mktemp("redis_demo") / "demo.sqlite3"
    shutil.copy(migrated_db, database)
    server = DemoServer(database, redis_url=redis_server.url, settings="tests.redis_settings")
    server.start()
    yield server
    server.close()


async def test_raw_client_with_made_up_room_served(demo_server):
    url = f"{demo_server.ws_url}/ws/liveview/my-made-up-room/"
    async with connect(url, additional_headers={"Origin": demo_server.url}) as ws:
        await assert_served(ws)


async def test_raw_client_without_origin_served(any_host_server):
    async with connect(f"{any_host_server.ws_url}/ws/liveview/bench-1/") as ws:
        await assert_served(ws)


async def test_foreign_origin_refused_with_wildcard_allowed_hosts(any_host_server):
    url = f"{any_host_server.ws_url}/ws/liveview/bench-1/"
    with pytest.raises(InvalidStatus) as refused:
        async with connect(url, additional_headers={"Origin": "http://evil.example"}):
            pass
    assert refused.value.response.status_code == 403


async def test_bare_router_serves_a_visitor_with_a_session_cookie(bare_router_server):
    room, headers = open_page(bare_router_server.url)
    assert "Cookie" in headers  # the page's session, which the bare router never reads
    url = f"{bare_router_server.ws_url}/ws/liveview/{room}/"
    async with connect(url, additional_headers=headers) as ws:
        await assert_served(ws)


async def test_bare_router_serves_a_client_without_origin(bare_router_server):
    async with connect(f"{bare_router_server.ws_url}/ws/liveview/test-room/") as ws:
        await assert_served(ws)


def address_the_room_from_another_process(server: DemoServer, room: str) -> None:
    """What server code may address to a room, from a task worker's process: liveview's
    push(room=...) and the original's broadcast_message event to room_<room>."""
    code = f"""
import django
django.setup()
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from liveview import push
room = {room!r}
push({{"target": "#messages", "html": "push {SECRET}", "append": True}}, room=room)
event = {{"target": "#messages", "html": "event {SECRET}", "append": True}}
async_to_sync(get_channel_layer().group_send)(
    f"room_{{room}}", {{"type": "broadcast_message", "message": event}}
)
"""
    env = {
        **server.env(),
        "PYTHONPATH": os.pathsep.join([str(EXAMPLE), str(ROOT)]),
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("attacker_cookie", [False, True], ids=["no-cookie", "own-cookie"])
async def test_room_eavesdropper_hears_nothing_of_the_victims(redis_demo, attacker_cookie):
    room, victim_headers = open_page(redis_demo.url, "/broadcast/")
    _, attacker_page = open_page(redis_demo.url, "/broadcast/")
    attacker_headers = {"Origin": redis_demo.url}
    if attacker_cookie:
        attacker_headers["Cookie"] = attacker_page["Cookie"]
    url = f"{redis_demo.ws_url}/ws/liveview/{room}/"
    async with (
        connect(url, additional_headers=victim_headers) as victim,
        connect(url, additional_headers=attacker_headers) as attacker,
    ):
        await call(victim, "post_to_my_tabs", message=f"tabs {SECRET}")
        address_the_room_from_another_process(redis_demo, room)
        frames = [(await receive(victim))["html"] for _ in range(3)]
        assert sum(SECRET in html for html in frames) == 3
        # Served, but deaf to the victim's room: its next frame is its own reply.
        await assert_served(attacker)
        with pytest.raises(TimeoutError):
            await receive(attacker, timeout=0.3)
