"""The original Django LiveView's channel-layer contract and consumer surface, through
the real consumer: groups "broadcast" and room_<name>, broadcast_message events sent by
any code, channel_name, send_to_group, broadcast_to_all and send(None, ...)."""

from __future__ import annotations

import asyncio
import threading

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.layers import get_channel_layer
from channels.routing import URLRouter

from liveview import liveview_handler, send
from liveview.routing import get_liveview_urlpatterns
from liveview.testing import LiveViewCommunicator

pytestmark = pytest.mark.django_db(transaction=True)
application = AuthMiddlewareStack(URLRouter(get_liveview_urlpatterns()))


def original_event(html: str) -> dict:
    return {"type": "broadcast_message", "message": {"target": "#t", "html": html}}


async def new_session() -> str:
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    await sync_to_async(store.create)()
    return store.session_key


async def test_group_send_to_broadcast_reaches_every_socket(registry):
    async with LiveViewCommunicator(application) as a, LiveViewCommunicator(application) as b:
        await get_channel_layer().group_send("broadcast", original_event("all"))
        for comm in (a, b):
            assert await comm.receive_json_from() == {"target": "#t", "html": "all"}


async def test_group_send_from_a_plain_thread_reaches_sockets(registry):
    # The original's demo-snake game loop: a daemon thread, async_to_sync, the in-memory layer.
    async with LiveViewCommunicator(application) as comm:

        def loop_tick():
            async_to_sync(get_channel_layer().group_send)("broadcast", original_event("tick"))

        thread = threading.Thread(target=loop_tick, daemon=True)
        thread.start()
        assert await comm.receive_json_from(timeout=5) == {"target": "#t", "html": "tick"}
        await sync_to_async(thread.join)()


async def test_send_none_broadcast_from_a_plain_thread(registry):
    async with LiveViewCommunicator(application) as comm:
        thread = threading.Thread(target=send, args=(None, {"html": "from a task"}, True))
        thread.start()
        assert await comm.receive_json_from() == {"html": "from a task"}
        await sync_to_async(thread.join)()


def test_send_none_without_broadcast_is_refused():
    with pytest.raises(ValueError, match="broadcast"):
        send(None, {"html": "x"})


async def test_consumer_exposes_the_original_names(registry):
    seen = {}

    @liveview_handler("names")
    def names(consumer, content):
        seen.update(
            room_name=consumer.room_name,
            room_group_name=consumer.room_group_name,
            broadcast_group=consumer.broadcast_group,
        )
        send(consumer, {})

    key = await new_session()
    async with LiveViewCommunicator(application, session_key=key) as comm:
        await comm.call("names")
        await comm.receive_json_from()
    assert seen == {
        "room_name": comm.room,
        "room_group_name": f"room_{comm.room}",
        "broadcast_group": "broadcast",
    }


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_send_to_group_and_broadcast_to_all(registry, kind):
    def to_room(consumer, content):
        consumer.send_to_group(consumer.room_group_name, {"html": "room"})
        consumer.broadcast_to_all({"html": "everyone"})

    async def to_room_async(consumer, content):
        to_room(consumer, content)

    liveview_handler("to_room")(to_room if kind == "sync" else to_room_async)
    key = await new_session()
    async with (
        LiveViewCommunicator(application, session_key=key) as me,
        LiveViewCommunicator(application, session_key=await new_session()) as other,
    ):
        await me.call("to_room")
        assert [await me.receive_json_from() for _ in range(2)] == [
            {"html": "room"},
            {"html": "everyone"},
        ]
        assert await other.receive_json_from() == {"html": "everyone"}
        assert await other.receive_nothing(timeout=0.1)


async def test_channel_name_in_a_custom_group_receives_broadcast_message(registry):
    @liveview_handler("subscribe")
    def subscribe(consumer, content):
        layer = get_channel_layer()
        async_to_sync(layer.group_add)("scores", consumer.channel_name)
        send(consumer, {"subscribed": True})

    async with LiveViewCommunicator(application) as fan, LiveViewCommunicator(application) as b:
        await fan.call("subscribe")
        assert await fan.receive_json_from() == {"subscribed": True}
        await get_channel_layer().group_send("scores", original_event("3-1"))
        assert await fan.receive_json_from() == {"target": "#t", "html": "3-1"}
        assert await b.receive_nothing(timeout=0.1)


async def test_channel_layer_send_to_channel_name_reaches_the_socket(registry):
    names = []

    @liveview_handler("whoami")
    async def whoami(consumer, content):
        names.append(consumer.channel_name)  # read on the event loop
        send(consumer, {})

    async with LiveViewCommunicator(application) as comm:
        await comm.call("whoami")
        await comm.receive_json_from()
        await get_channel_layer().send(names[0], original_event("direct"))
        assert await comm.receive_json_from() == {"target": "#t", "html": "direct"}


async def test_channel_task_released_when_the_socket_closes(registry):
    consumers = []

    @liveview_handler("grab")
    def grab(consumer, content):
        consumer.channel_name  # noqa: B018 - the read creates the channel
        consumers.append(consumer)
        send(consumer, {})

    async with LiveViewCommunicator(application) as comm:
        await comm.call("grab")
        await comm.receive_json_from()
        task = consumers[0]._channel_task
        assert task is not None
        assert not task.done()
    await asyncio.wait([task], timeout=5)
    assert task.cancelled()
    assert consumers[0]._channel_task is None


async def test_socket_without_channel_name_has_no_channel_task(registry):
    consumers = []

    @liveview_handler("grab")
    def grab(consumer, content):
        consumers.append(consumer)
        send(consumer, {})

    async with LiveViewCommunicator(application) as comm:
        await comm.call("grab")
        await comm.receive_json_from()
        assert consumers[0]._channel_name is None
        assert consumers[0]._channel_task is None
