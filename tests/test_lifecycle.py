"""However a socket ends, what it held is released once: the consumer's one ``finally``
(consumers.py), driven in-process through every way out."""

from __future__ import annotations

import asyncio
import threading

import pytest
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from django.test import override_settings
from uvicorn.protocols.utils import ClientDisconnected

from liveview import consumers, liveview_handler
from liveview.connections import join
from liveview.hub import running_hubs
from liveview.limits import connections_per_ip
from liveview.metrics import metrics
from liveview.presence import track
from liveview.routing import get_liveview_urlpatterns
from liveview.testing import LiveViewCommunicator

application = URLRouter(get_liveview_urlpatterns())

pytestmark = pytest.mark.django_db(transaction=True)


def held() -> dict[str, int]:
    """What this process holds for sockets (all zero when none is open)."""
    hubs = running_hubs(get_channel_layer())
    return {
        "ip_slots": connections_per_ip.total(),
        "connections_open": metrics.connections_open,
        "group_members": sum(len(m) for hub in hubs for m in hub.members.values()),
        "presence": sum(
            len(entries)
            for hub in hubs
            if hub.presence is not None
            for entries in hub.presence.local.values()
        ),
    }


NOTHING = {"ip_slots": 0, "connections_open": 0, "group_members": 0, "presence": 0}


@pytest.fixture(autouse=True)
def _nothing_held_before():
    assert held() == NOTHING


def raw_call(comm: LiveViewCommunicator, send):
    """Run the consumer for ``comm``'s scope with our own ``send``; it only ever
    receives the handshake."""
    events: asyncio.Queue[dict[str, str]] = asyncio.Queue()
    events.put_nowait({"type": "websocket.connect"})
    return application(comm.scope, events.get, send)


async def test_accept_raising_releases_the_slot(registry):
    async def send(message):
        if message["type"] == "websocket.accept":
            raise ClientDisconnected()  # what uvicorn raises once the client reset

    with pytest.raises(ClientDisconnected):
        await raw_call(LiveViewCommunicator(application), send)
    assert held() == NOTHING


@override_settings(LIVEVIEW={"REQUIRE_SIGNED_ROOMS": True})  # the opt-in mode closes with 4403
async def test_close_raising_releases_the_slot(registry):
    async def send(message):
        if message["type"] == "websocket.close":
            raise ClientDisconnected()

    with pytest.raises(ClientDisconnected):
        await raw_call(LiveViewCommunicator(application, room="0" * 32), send)  # 4403
    assert held() == NOTHING


async def test_server_cancel_releases_everything(registry):
    ready = asyncio.Event()
    cancelled = asyncio.Event()

    @liveview_handler("stay")
    async def stay(consumer, content):
        track(consumer, "lobby", {"n": 1})
        ready.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    comm = LiveViewCommunicator(application)
    await comm.connect()
    await comm.call("stay")
    await ready.wait()
    assert held()["presence"] == 1
    comm.future.cancel()
    with pytest.raises(asyncio.CancelledError):
        await comm.future
    assert cancelled.is_set()  # not waited for: the server is stopping
    assert held() == NOTHING


async def test_handler_past_its_grace_is_cancelled_and_the_slot_released(registry, monkeypatch):
    monkeypatch.setattr(consumers, "HANDLER_GRACE", 0.05)
    ready = asyncio.Event()
    cancelled = asyncio.Event()

    @liveview_handler("hang")
    async def hang(consumer, content):
        ready.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    comm = LiveViewCommunicator(application)
    await comm.connect()
    await comm.call("hang")
    await ready.wait()
    await comm.disconnect(timeout=5)
    assert cancelled.is_set()
    assert held() == NOTHING


async def test_handler_running_after_close_cannot_join_or_track(registry):
    go_on = threading.Event()
    started, done = asyncio.Event(), asyncio.Event()
    loop = asyncio.get_running_loop()

    seen = {}

    @liveview_handler("late")
    def late(consumer, content):
        seen["consumer"] = consumer
        loop.call_soon_threadsafe(started.set)
        go_on.wait(10)
        join(consumer, "late-topic")
        track(consumer, "late-presence", {"n": 1})
        loop.call_soon_threadsafe(done.set)

    comm = LiveViewCommunicator(application)
    await comm.connect()
    await comm.call("late")
    await started.wait()
    await comm.send_input({"type": "websocket.disconnect", "code": 1001})
    while not seen["consumer"].closed:  # the consumer took the disconnect
        await asyncio.sleep(0)
    go_on.set()  # and only now the handler, still running, joins and tracks
    await done.wait()
    await comm.wait(timeout=5)
    assert held() == NOTHING


async def test_two_sockets_one_closed_counts_one(registry):
    first, second = LiveViewCommunicator(application), LiveViewCommunicator(application)
    await first.connect()
    await second.connect()
    await first.disconnect()
    assert held()["ip_slots"] == 1
    assert held()["connections_open"] == 1
    await second.disconnect()
    assert held() == NOTHING
