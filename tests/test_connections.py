"""Topics, rooms and pushes from outside handlers (issue #5), in one process."""

from __future__ import annotations

import threading

import pytest
from asgiref.sync import sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter

from liveview import apush, join, leave, liveview_handler, push, send
from liveview.groups import room_group, topic_group
from liveview.rooms import issue_room
from liveview.routing import get_liveview_urlpatterns
from liveview.testing import LiveViewCommunicator

pytestmark = pytest.mark.django_db(transaction=True)
application = URLRouter(get_liveview_urlpatterns())
with_sessions = AuthMiddlewareStack(application)


async def new_session() -> str:
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    await sync_to_async(store.create)()
    return store.session_key


@pytest.fixture
def chat(registry):
    @liveview_handler("enter")
    def enter(consumer, content):
        join(consumer, content["data"]["topic"])
        send(consumer, {"joined": content["data"]["topic"]})

    @liveview_handler("exit")
    async def exit_(consumer, content):
        leave(consumer, content["data"]["topic"])
        send(consumer, {"left": content["data"]["topic"]})

    @liveview_handler("say")
    def say(consumer, content):
        send(consumer, {"html": content["form"]["text"]}, topic=content["data"]["topic"])

    @liveview_handler("tabs")
    def tabs(consumer, content):
        send(consumer, {"html": "all my tabs"}, room=True)


async def enter(comm, topic):
    await comm.call("enter", data={"topic": topic})
    assert await comm.receive_json_from() == {"joined": topic}


async def test_topic_reaches_members_only(chat):
    async with (
        LiveViewCommunicator(application) as a,
        LiveViewCommunicator(application) as b,
        LiveViewCommunicator(application) as outsider,
    ):
        await enter(a, "chat:42")
        await enter(b, "chat:42")
        await enter(outsider, "chat:7")
        await a.call("say", form={"text": "hi 42"}, data={"topic": "chat:42"})
        assert await a.receive_json_from() == {"html": "hi 42"}
        assert await b.receive_json_from() == {"html": "hi 42"}
        assert await outsider.receive_nothing(timeout=0.1)


async def test_leave_stops_delivery(chat):
    async with LiveViewCommunicator(application) as a, LiveViewCommunicator(application) as b:
        await enter(a, "news")
        await enter(b, "news")
        await b.call("exit", data={"topic": "news"})
        assert await b.receive_json_from() == {"left": "news"}
        await a.call("say", form={"text": "only a"}, data={"topic": "news"})
        assert await a.receive_json_from() == {"html": "only a"}
        assert await b.receive_nothing(timeout=0.1)


async def test_join_then_send_in_one_handler_reaches_the_joiner(registry):
    @liveview_handler("join_and_say")
    def join_and_say(consumer, content):
        join(consumer, "fresh-topic")
        send(consumer, {"html": "to the topic"}, topic="fresh-topic")

    async with LiveViewCommunicator(application) as a:
        await a.call("join_and_say")
        assert await a.receive_json_from() == {"html": "to the topic"}


async def test_room_reaches_every_tab_of_the_room_only(chat):
    key = await new_session()
    room = issue_room(key)
    async with (
        LiveViewCommunicator(with_sessions, room=room, session_key=key) as tab1,
        LiveViewCommunicator(with_sessions, room=room, session_key=key) as tab2,
        LiveViewCommunicator(with_sessions, session_key=await new_session()) as other_room,
    ):
        await tab1.call("tabs")
        assert await tab1.receive_json_from() == {"html": "all my tabs"}
        assert await tab2.receive_json_from() == {"html": "all my tabs"}
        assert await other_room.receive_nothing(timeout=0.1)


async def test_send_takes_one_target_only(registry):
    @liveview_handler("both")
    def both(consumer, content):
        send(consumer, {}, broadcast=True, topic="x")

    async with LiveViewCommunicator(application) as comm:
        await comm.call("both")
        assert (await comm.receive_json_from())["function"] == "both"


async def test_push_from_a_plain_thread(chat):
    async with LiveViewCommunicator(application) as a, LiveViewCommunicator(application) as b:
        await enter(a, "alerts")
        thread = threading.Thread(
            target=push, args=({"html": "from a thread"},), kwargs={"topic": "alerts"}
        )
        thread.start()
        assert await a.receive_json_from() == {"html": "from a thread"}
        thread.join()
        assert await b.receive_nothing(timeout=0.1)


async def test_push_from_sync_code_like_a_view(chat):
    async with LiveViewCommunicator(application) as a:
        await sync_to_async(push)({"html": "everyone"}, broadcast=True)
        assert await a.receive_json_from() == {"html": "everyone"}


async def test_apush_to_room_from_async_code(chat):
    async with (
        LiveViewCommunicator(with_sessions, session_key=await new_session()) as a,
        LiveViewCommunicator(with_sessions, session_key=await new_session()) as b,
    ):
        await apush({"html": "your room"}, room=a.room)
        assert await a.receive_json_from() == {"html": "your room"}
        assert await b.receive_nothing(timeout=0.1)


async def test_push_in_async_code_says_to_use_apush():
    with pytest.raises(RuntimeError, match="apush"):
        push({"x": 1}, broadcast=True)


@pytest.mark.parametrize(
    "kwargs", [{}, {"topic": "a", "broadcast": True}, {"room": "r", "topic": "t"}]
)
def test_push_needs_exactly_one_target(kwargs):
    with pytest.raises(TypeError, match="exactly one"):
        push({"x": 1}, **kwargs)


@pytest.mark.parametrize("topic", ["", "x" * 201, None, 5])
def test_bad_topic_names_are_refused(topic):
    with pytest.raises(ValueError, match="topic"):
        topic_group(topic)


def test_group_names_are_valid_channels_group_names():
    from channels.layers import BaseChannelLayer

    layer = BaseChannelLayer()
    for name in [topic_group("chat:42 ünïcode/…"), room_group("anything at all")]:
        assert layer.require_valid_group_name(name)


async def test_push_when_no_socket_in_process_goes_through_the_layer(chat):
    # No consumer has started a hub on this loop yet: apush uses the layer directly,
    # and a hub started later is not affected.
    await apush({"html": "nobody"}, broadcast=True)
    async with LiveViewCommunicator(application) as a:
        await apush({"html": "somebody"}, broadcast=True)
        assert await a.receive_json_from() == {"html": "somebody"}
        assert await a.receive_nothing(timeout=0.05)
