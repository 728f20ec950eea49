"""Issue #4 through the real consumer: rooms, rate limits, hostile input, no leaks."""

from __future__ import annotations

import json
import logging

import pytest
from asgiref.sync import sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from django.contrib.auth.models import User
from django.test import Client, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liveview import apush, liveview_handler, liveview_registry, send
from liveview.rooms import issue_room, user_room
from liveview.routing import get_liveview_urlpatterns
from liveview.testing import LiveViewCommunicator
from tests.conftest import close_hubs

pytestmark = pytest.mark.django_db(transaction=True)

application = URLRouter(get_liveview_urlpatterns())
CANARY = "CANARY-7f3e9a1c-must-never-reach-a-browser"


async def closed_with(comm) -> int:
    output = await comm.receive_output(timeout=2)
    assert output["type"] == "websocket.close", output
    return output.get("code")


# Rooms -------------------------------------------------------------------------


ROOMS_NOT_ISSUED = ["test-room", "0" * 32, issue_room("someone-else"), "user-1", "a" * 300]


async def new_session() -> str:
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    await sync_to_async(store.create)()
    return store.session_key


@pytest.mark.parametrize("room", ROOMS_NOT_ISSUED)
async def test_room_not_issued_to_this_socket_is_served(registry, room):
    async with LiveViewCommunicator(application, room=room) as comm:
        await comm.call("nothing")
        assert (await comm.receive_json_from())["error"] == "Unknown function"


@override_settings(LIVEVIEW={"REQUIRE_SIGNED_ROOMS": True})
@pytest.mark.parametrize("room", ROOMS_NOT_ISSUED)
async def test_room_not_issued_closed_4403_when_signed_rooms_required(registry, room):
    comm = LiveViewCommunicator(application, room=room)
    connected, _ = await comm.connect()
    assert connected  # accepted, then closed with the application's code
    assert await closed_with(comm) == 4403


@override_settings(LIVEVIEW={"REQUIRE_SIGNED_ROOMS": True})
async def test_issued_room_served_when_signed_rooms_required(registry):
    key = await new_session()
    async with LiveViewCommunicator(AuthMiddlewareStack(application), session_key=key) as comm:
        await comm.call("nothing")
        assert (await comm.receive_json_from())["error"] == "Unknown function"


async def test_room_older_than_room_max_age_is_served(registry):
    # A tab left open past ROOM_MAX_AGE reconnects with its old room.
    import time

    key = await new_session()
    old = issue_room(key, now=time.time() - 2 * 24 * 3600)
    app = AuthMiddlewareStack(application)
    async with LiveViewCommunicator(app, room=old, session_key=key) as comm:
        await comm.call("nothing")
        assert (await comm.receive_json_from())["error"] == "Unknown function"


async def test_room_of_a_rotated_session_is_served(registry):
    # Logging in (in another tab) rotates the session key; this tab's room was issued
    # to the old key and is sent again on the next reconnect.
    room = issue_room(await new_session())
    app = AuthMiddlewareStack(application)
    async with LiveViewCommunicator(app, room=room, session_key=await new_session()) as comm:
        await comm.call("nothing")
        assert (await comm.receive_json_from())["error"] == "Unknown function"


async def addressed_to_room(sender, room: str) -> None:
    """Everything server code can address to ``room``: the sender's room-wide send,
    a push, and the original's event to ``room_<room>``."""
    from channels.layers import get_channel_layer

    await sender.call("tabs")
    await apush({"html": "pushed to the room"}, room=room)
    await get_channel_layer().group_send(
        f"room_{room}", {"type": "broadcast_message", "message": {"html": "original event"}}
    )


ROOM_FRAMES = ["my tabs", "original event", "pushed to the room"]


async def room_frames(comm) -> list[str]:
    """The three frames addressed to the room, in any order (the handler runs in a thread)."""
    return sorted([(await comm.receive_json_from())["html"] for _ in ROOM_FRAMES])


@pytest.fixture
def tabs(registry):
    @liveview_handler("tabs")
    def tabs(consumer, content):
        send(consumer, {"html": "my tabs"}, room=True)


@pytest.mark.parametrize("attacker_session", [False, True])
async def test_stolen_room_hears_nothing_of_the_victims(tabs, attacker_session):
    app = AuthMiddlewareStack(application)
    victim = LiveViewCommunicator(app, session_key=await new_session())
    key = await new_session() if attacker_session else ""
    attacker = LiveViewCommunicator(app, room=victim.room, session_key=key)
    for comm in (victim, attacker):
        assert (await comm.connect())[0]
    await addressed_to_room(victim, victim.room)
    assert await room_frames(victim) == ROOM_FRAMES
    assert await attacker.receive_nothing(timeout=0.1)
    # And what the attacker sends room-wide stays with the attacker.
    await attacker.call("tabs")
    assert await attacker.receive_json_from() == {"html": "my tabs"}
    assert await victim.receive_nothing(timeout=0.1)
    for comm in (victim, attacker):
        await comm.disconnect()


async def test_room_of_a_session_is_shared_by_its_tabs_only(tabs):
    app = AuthMiddlewareStack(application)
    key = await new_session()
    first = LiveViewCommunicator(app, session_key=key)
    second = LiveViewCommunicator(app, room=first.room, session_key=key)
    for comm in (first, second):
        assert (await comm.connect())[0]
    await addressed_to_room(first, first.room)
    for comm in (first, second):
        assert await room_frames(comm) == ROOM_FRAMES
        await comm.disconnect()


@pytest.mark.parametrize("form", ["signed", "plain"])
async def test_user_room_hears_nothing_for_another_user(tabs, form):
    ada = await sync_to_async(User.objects.create_user)("ada", password="x")
    bob = await sync_to_async(User.objects.create_user)("bob", password="x")
    room = user_room(ada.pk) if form == "signed" else f"user-{ada.pk}"
    mine = LiveViewCommunicator(application, room=room)
    mine.scope["user"] = ada
    theirs = LiveViewCommunicator(application, room=room)
    theirs.scope["user"] = bob
    for comm in (mine, theirs):
        assert (await comm.connect())[0]
    await addressed_to_room(mine, room)
    assert await room_frames(mine) == ROOM_FRAMES
    assert await theirs.receive_nothing(timeout=0.1)
    for comm in (mine, theirs):
        await comm.disconnect()


async def test_payload_room_is_ignored(registry):
    seen = []

    @liveview_handler("room")
    def room(consumer, content):
        seen.append(content["room"])
        send(consumer, {})

    async with LiveViewCommunicator(application) as comm:
        await comm.send_json_to({"function": "room", "room": "victims-room"})
        await comm.receive_json_from()
    assert seen == [comm.room]


# Origin --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "origin", ["http://evil.example", "null", "http://testserver.evil.example"]
)
async def test_handshake_refused_before_accept(registry, origin):
    headers = [(b"host", b"testserver"), (b"origin", origin.encode())]
    comm = LiveViewCommunicator(application, origin=None, headers=headers)
    connected, _ = await comm.connect()
    assert not connected


async def test_handshake_without_origin_served(registry):
    comm = LiveViewCommunicator(application, origin=None, headers=[(b"host", b"testserver")])
    assert (await comm.connect())[0]
    await comm.disconnect()


@override_settings(LIVEVIEW={"ALLOW_MISSING_ORIGIN": False})
async def test_handshake_without_origin_refused_when_strict(registry):
    comm = LiveViewCommunicator(application, origin=None, headers=[(b"host", b"testserver")])
    assert not (await comm.connect())[0]


# Only registered handlers run ------------------------------------------------------

HOSTILE = [
    "__init__",
    "__class__",
    "__dict__",
    "receive",
    "websocket_disconnect",
    "liveview_push",
    "liveview.push",
    "liveview_revoke",
    "dispatch",
    "os.system",
    "builtins.eval",
    "../../etc/passwd",
    "say_hello ",
    "SAY_HELLO",
    "constructor",
    "__proto__",
    "\x00",
    "a" * 5000,
]


async def test_hostile_function_names_run_nothing(registry, caplog):
    calls = []

    @liveview_handler("say_hello")
    def say_hello(consumer, content):
        calls.append(content["function"])

    with override_settings(LIVEVIEW={"RATE_LIMIT_BURST": 100}):
        async with LiveViewCommunicator(application) as comm:
            for name in HOSTILE:
                await comm.call(name)
                assert await comm.receive_json_from() == {"error": "Unknown function"}
            await comm.send_json_to({"type": "liveview.push", "text": "injected"})
            assert "function" in (await comm.receive_json_from())["error"]
            await comm.send_json_to({"type": "liveview.revoke", "function": "liveview_revoke"})
            assert (await comm.receive_json_from())["error"] == "Unknown function"
            assert await comm.receive_nothing(timeout=0.05)
    assert calls == []


@override_settings(LIVEVIEW={"RATE_LIMIT": 100_000, "RATE_LIMIT_BURST": 100_000})
def test_property_no_hostile_name_runs_anything(registry):
    """Hypothesis feeds arbitrary names through one real socket: each one gets the
    unknown-function reply, and no registered handler is ever called."""
    import asyncio

    calls = []

    @liveview_handler("registered")
    def registered(consumer, content):
        calls.append(content["function"])

    loop = asyncio.new_event_loop()
    comm = LiveViewCommunicator(application)
    assert loop.run_until_complete(comm.connect())[0]

    async def check(name):
        await comm.call(name)
        assert await comm.receive_json_from() == {"error": "Unknown function"}

    @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        st.one_of(
            st.text(min_size=1, max_size=300),
            st.sampled_from(HOSTILE),
            st.from_regex(r"(__|liveview[._]|websocket[._])[a-z_.]{0,20}", fullmatch=True),
        ).filter(lambda name: name != "registered")
    )
    def run(name):
        loop.run_until_complete(check(name))

    try:
        run()
    finally:
        loop.run_until_complete(comm.disconnect())
        loop.run_until_complete(close_hubs(loop))
        loop.close()
    assert calls == []


# No leaks --------------------------------------------------------------------------


async def test_canary_never_reaches_any_client(registry, caplog):
    @liveview_handler("explode")
    def explode(consumer, content):
        send(consumer, {"target": "#x", "html": "before"}, broadcast=True)
        raise RuntimeError(f"secret {CANARY}")

    @liveview_handler("explode_async")
    async def explode_async(consumer, content):
        raise KeyError(CANARY)

    def middleware(consumer, content, name):
        if name == "mw":
            raise ValueError(CANARY)
        return True

    liveview_registry.add_middleware(middleware)

    @liveview_handler("mw")
    def mw(consumer, content):
        return None

    frames = []
    with caplog.at_level(logging.ERROR, logger="liveview"):
        async with LiveViewCommunicator(application) as a, LiveViewCommunicator(application) as b:
            for name in ["explode", "explode_async", "mw", CANARY]:
                await a.call(name)
            for _ in range(5):
                frames.append(await a.receive_output())
            frames.append(await b.receive_output())
            assert await b.receive_nothing(timeout=0.05)
    text = json.dumps(frames)
    assert "before" in text
    assert text.count("Internal error (reference ") == 3
    # Not even as the unknown function name the client itself sent.
    assert text.count(CANARY) == 0
    failures = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(failures) == 3  # exactly one record per failure
    assert all(r.exc_info for r in failures)


async def test_layer_failure_never_reaches_client(registry, monkeypatch, caplog):
    from channels.layers import get_channel_layer

    from liveview import hub

    @liveview_handler("shout")
    def shout(consumer, content):
        send(consumer, {"target": "#a", "html": "x"}, broadcast=True)
        send(consumer, {"target": "#b", "html": "after"})

    layer = get_channel_layer()

    async def broken(*args, **kwargs):
        raise ConnectionError(f"redis://:hunter2@10.0.0.5:6379 {CANARY}")

    for name in ("group_add", "group_discard", "group_send"):
        monkeypatch.setattr(layer, name, broken)
    # Treat the in-memory layer like Redis, so broadcasts also go through group_send.
    monkeypatch.setattr(hub, "InMemoryChannelLayer", type("NotInMemory", (), {}))
    with caplog.at_level(logging.ERROR, logger="liveview"):
        async with LiveViewCommunicator(application) as comm:
            await comm.call("shout")
            frames = [await comm.receive_json_from(), await comm.receive_json_from()]
            await comm.call("nothing_here")
            frames.append(await comm.receive_json_from())
            assert await comm.receive_nothing(timeout=0.05)
    # The broadcast still reached this process's sockets, in order with the direct send.
    assert frames[:2] == [{"target": "#a", "html": "x"}, {"target": "#b", "html": "after"}]
    assert frames[2]["error"] == "Unknown function"
    assert CANARY not in json.dumps(frames)
    assert any(r.exc_info and CANARY in str(r.exc_info[1]) for r in caplog.records)


# Bounded input -----------------------------------------------------------------------


@override_settings(LIVEVIEW={"MAX_DEPTH": 8, "MAX_KEYS": 50, "RATE_LIMIT_BURST": 100})
@pytest.mark.parametrize(
    "frame",
    [
        '{"function": "ping", "data": ' + '{"a": ' * 20 + "1" + "}" * 20 + "}",
        json.dumps({"function": "ping", "data": {f"k{i}": i for i in range(100)}}),
        "[" * 500 + "]" * 500,
        '{"function": "ping"',
        json.dumps([{"function": "ping"}]),
    ],
)
async def test_bad_frame_then_same_connection_answers(registry, frame):
    @liveview_handler("ping")
    def ping(consumer, content):
        send(consumer, {"target": "#p", "html": "pong"})

    async with LiveViewCommunicator(application) as comm:
        await comm.send_to(text_data=frame)
        assert "invalid message" in (await comm.receive_json_from())["error"]
        await comm.call("ping")
        assert (await comm.receive_json_from())["html"] == "pong"


# Rate limiting -------------------------------------------------------------------------


async def test_flood_is_dropped_warned_then_closed_4429_while_neighbour_works(registry):
    calls = []

    @liveview_handler("ping")
    async def ping(consumer, content):
        calls.append(1)
        send(consumer, {"target": "#p", "html": "pong"})

    async with (
        LiveViewCommunicator(application) as abuser,
        LiveViewCommunicator(application) as polite,
    ):
        for _ in range(2000):
            await abuser.call("ping")
        outputs = []
        while True:
            output = await abuser.receive_output(timeout=2)
            outputs.append(output)
            if output["type"] == "websocket.close":
                break
        texts = [o.get("text", "") for o in outputs if o["type"] == "websocket.send"]
        assert outputs[-1]["code"] == 4429
        assert sum("too many messages" in t for t in texts) == 1
        assert len(calls) <= 25  # the burst (20), give or take the refill during the test
        await polite.call("ping")
        assert (await polite.receive_json_from())["html"] == "pong"


@override_settings(LIVEVIEW={"MAX_CONNECTIONS_PER_IP": 2})
async def test_connections_per_ip_capped(registry):
    first, second = LiveViewCommunicator(application), LiveViewCommunicator(application)
    for comm in (first, second):
        comm.scope["client"] = ("203.0.113.9", 5000)
        assert (await comm.connect())[0]
    third = LiveViewCommunicator(application)
    third.scope["client"] = ("203.0.113.9", 5001)
    assert not (await third.connect())[0]
    other = LiveViewCommunicator(application)
    other.scope["client"] = ("198.51.100.1", 5000)
    assert (await other.connect())[0]
    await first.disconnect()
    again = LiveViewCommunicator(application)
    again.scope["client"] = ("203.0.113.9", 5002)
    assert (await again.connect())[0]
    for comm in (second, other, again):
        await comm.disconnect()


# Revocation ------------------------------------------------------------------------------


async def test_logout_over_http_closes_the_users_sockets(registry):
    user = await sync_to_async(User.objects.create_user)("ada", password="pw")
    client = Client()
    await sync_to_async(client.force_login)(user)
    comm = LiveViewCommunicator(application)
    comm.scope["user"] = user
    assert (await comm.connect())[0]
    bystander = LiveViewCommunicator(application)
    assert (await bystander.connect())[0]
    await sync_to_async(client.logout)()
    assert await closed_with(comm) == 4401
    assert await bystander.receive_nothing(timeout=0.1)
    await bystander.disconnect()


async def test_logout_closes_sockets_only_once_the_session_is_flushed(registry):
    """Django sends user_logged_out before it flushes the session; a tab closed at the
    signal reconnects at once and would still be served as the user logging out."""
    from django.contrib.auth.signals import user_logged_out
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    user = await sync_to_async(User.objects.create_user)("bea", password="pw")
    comm = LiveViewCommunicator(application)
    comm.scope["user"] = user
    assert (await comm.connect())[0]
    request = RequestFactory().get("/")
    request.session = SessionStore()
    await sync_to_async(request.session.create)()
    await sync_to_async(user_logged_out.send)(sender=User, request=request, user=user)
    assert await comm.receive_nothing(timeout=0.2)  # the session is still valid
    await sync_to_async(request.session.flush)()
    assert await closed_with(comm) == 4401
