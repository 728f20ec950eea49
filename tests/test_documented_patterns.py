"""The testing patterns docs/testing.md shows, written as users write them, on default
LIVEVIEW settings, against both documented applications: the asgi.py one
(channels' origin validator and auth stack around the router) and the bare router."""

from __future__ import annotations

from unittest.mock import Mock, patch

import pytest
from asgiref.sync import sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import User

from liveview import liveview_handler, send
from liveview.routing import get_liveview_urlpatterns
from pages.liveview_components.hello import say_hello

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["asgi.py", "URLRouter"])
def application(request, settings):
    if request.param == "URLRouter":
        return URLRouter(get_liveview_urlpatterns())
    # Channels' validator admits a client without Origin (the docs' communicator sends
    # none) only when ALLOWED_HOSTS has "*": the test setting docs/testing.md asks for.
    # Channels' own setting; liveview still refuses a present, foreign Origin.
    settings.ALLOWED_HOSTS = ["*"]
    return AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(get_liveview_urlpatterns())))


def test_unit_test_with_mock_consumer_and_patched_send():
    consumer = Mock()
    content = {
        "function": "say_hello",
        "form": {"name": "Django"},
        "data": {},
        "lang": "en",
        "room": "r",
    }
    with patch("pages.liveview_components.hello.send") as mock_send:
        say_hello(consumer, content)
    mock_send.assert_called_once()
    sent_consumer, data = mock_send.call_args.args
    assert sent_consumer is consumer
    assert data["target"] == "#greeting"
    assert "Hello, Django" in data["html"]


async def test_websocket_communicator_round_trip(application):
    communicator = WebsocketCommunicator(application, "/ws/liveview/test-room/")
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_json_to(
        {
            "function": "say_hello",
            "form": {"name": "Django"},
            "data": {},
            "lang": "en",
            "room": "test-room",
        }
    )
    response = await communicator.receive_json_from()
    assert response["target"] == "#greeting"
    assert "Hello, Django" in response["html"]
    await communicator.disconnect()


async def test_two_communicators_in_one_room_both_receive_a_broadcast(application):
    first = WebsocketCommunicator(application, "/ws/liveview/test-room/")
    second = WebsocketCommunicator(application, "/ws/liveview/test-room/")
    assert (await first.connect())[0]
    assert (await second.connect())[0]
    await first.send_json_to(
        {
            "function": "post_message",
            "form": {"author": "A", "message": "hi all"},
            "data": {},
            "lang": "en",
            "room": "test-room",
        }
    )
    mine = [await first.receive_json_from(), await first.receive_json_from()]
    theirs = await second.receive_json_from()
    assert theirs["target"] == "#messages"
    assert "hi all" in theirs["html"]
    assert theirs in mine
    await first.disconnect()
    await second.disconnect()


async def test_scope_user_is_honoured(registry, application):
    @liveview_handler("whoami")
    def whoami(consumer, content):
        user = consumer.scope["user"]
        send(
            consumer, {"target": "#me", "html": user.username if user.is_authenticated else "anon"}
        )

    user = await sync_to_async(User.objects.create_user)("ada", password="x")
    communicator = WebsocketCommunicator(application, "/ws/liveview/test-room/")
    communicator.scope["user"] = user
    assert (await communicator.connect())[0]
    await communicator.send_json_to({"function": "whoami", "form": {}, "data": {}})
    assert (await communicator.receive_json_from())["html"] == "ada"
    await communicator.disconnect()


def test_middleware_returning_false_is_testable_alone():
    def require_login(consumer, content, function_name):
        user = consumer.scope.get("user")
        if user is None or not user.is_authenticated:
            send(consumer, {"error": "Login required"})
            return False
        return True

    consumer = Mock()
    consumer.scope = {"user": Mock(is_authenticated=False)}
    with patch(f"{__name__}.send") as mock_send:
        assert require_login(consumer, {}, "delete_article") is False
    mock_send.assert_called_once_with(consumer, {"error": "Login required"})


@pytest.mark.parametrize("application", ["asgi.py"], indirect=True)  # sessions need its stack
async def test_session_is_a_real_session_handlers_can_save(registry, application):
    from django.contrib.sessions.backends.db import SessionStore

    @liveview_handler("count_visit")
    def count_visit(consumer, content):
        session = consumer.scope["session"]
        session["visits"] = session.get("visits", 0) + 1
        session.save()
        send(consumer, {"target": "#v", "html": str(session["visits"])})

    store = SessionStore()
    await sync_to_async(store.create)()
    communicator = WebsocketCommunicator(
        application,
        "/ws/liveview/test-room/",
        headers=[(b"cookie", f"sessionid={store.session_key}".encode())],
    )
    assert (await communicator.connect())[0]
    await communicator.send_json_to({"function": "count_visit"})
    assert (await communicator.receive_json_from())["html"] == "1"
    await communicator.disconnect()
    reloaded = SessionStore(session_key=store.session_key)
    assert (await sync_to_async(reloaded.load)())["visits"] == 1


async def test_a_test_suite_of_communicators_is_never_throttled(application):
    """A user's suite opens a bare communicator per test, hundreds in a row. They have
    no client address, so no per-client limit (handshakes per second, open sockets)
    counts them as one client."""
    for _ in range(120):
        communicator = WebsocketCommunicator(application, "/ws/liveview/test-room/")
        connected, _ = await communicator.connect()
        assert connected
        await communicator.send_json_to({"function": "say_hello", "form": {"name": "Django"}})
        assert (await communicator.receive_json_from())["target"] == "#greeting"
        await communicator.disconnect()
