from __future__ import annotations

import asyncio
import json
import logging
import threading

import pytest
from channels.routing import URLRouter
from django.test import override_settings

from liveview import liveview_handler, send
from liveview.routing import get_liveview_urlpatterns
from liveview.testing import LiveViewCommunicator

application = URLRouter(get_liveview_urlpatterns())

# Sync handlers run in pool threads that close stale DB connections around each
# call, which needs database access once any earlier test opened a connection there.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def app(registry):
    return application


async def test_handler_reply_reaches_client(app):
    @liveview_handler("echo")
    def echo(consumer, content):
        send(consumer, {"target": "#out", "html": content["form"]["text"]})

    async with LiveViewCommunicator(app) as comm:
        await comm.call("echo", form={"text": "hi"})
        assert await comm.receive_json_from() == {"target": "#out", "html": "hi"}


async def test_async_handler_is_awaited_on_the_loop(app):
    seen = {}

    @liveview_handler("where")
    async def where(consumer, content):
        seen["thread"] = threading.get_ident()
        send(consumer, {"target": "#t", "html": "async"})

    async with LiveViewCommunicator(app) as comm:
        await comm.call("where")
        assert (await comm.receive_json_from())["html"] == "async"
    assert seen["thread"] == threading.get_ident()


async def test_sync_handler_runs_off_the_loop(app):
    seen = {}

    @liveview_handler("where")
    def where(consumer, content):
        seen["thread"] = threading.get_ident()
        send(consumer, {"target": "#t", "html": "sync"})

    async with LiveViewCommunicator(app) as comm:
        await comm.call("where")
        assert (await comm.receive_json_from())["html"] == "sync"
    assert seen["thread"] != threading.get_ident()


async def test_slow_handler_on_one_socket_does_not_delay_another(app):
    release = threading.Event()

    @liveview_handler("slow")
    def slow(consumer, content):
        release.wait(5)  # stands in for a 2 s handler, but ends as soon as B is answered
        send(consumer, {"target": "#a", "html": "slow done"})

    @liveview_handler("fast")
    def fast(consumer, content):
        send(consumer, {"target": "#b", "html": "fast done"})

    async with LiveViewCommunicator(app) as a, LiveViewCommunicator(app) as b:
        await a.call("slow")
        await b.call("fast")
        assert (await b.receive_json_from(timeout=3))["html"] == "fast done"
        assert not release.is_set()
        release.set()
        assert (await a.receive_json_from(timeout=5))["html"] == "slow done"


@override_settings(LIVEVIEW={"RATE_LIMIT_BURST": 50})
async def test_messages_of_one_socket_are_handled_in_order(app):
    @liveview_handler("num")
    def num(consumer, content):
        send(consumer, {"target": "#n", "html": str(content["data"]["n"])})

    @liveview_handler("anum")
    async def anum(consumer, content):
        await asyncio.sleep(0)
        send(consumer, {"target": "#n", "html": str(content["data"]["n"])})

    async with LiveViewCommunicator(app) as comm:
        for n in range(40):
            await comm.call("num" if n % 2 else "anum", data={"n": n})
        received = [int((await comm.receive_json_from())["html"]) for _ in range(40)]
    assert received == list(range(40))


async def test_send_from_a_handler_thread_keeps_order(app):
    @liveview_handler("progress")
    def progress(consumer, content):
        send(consumer, {"target": "#p", "html": "started"})

        def work():
            for step in range(5):
                send(consumer, {"target": "#p", "html": f"step {step}"})

        thread = threading.Thread(target=work)
        thread.start()
        thread.join()

    async with LiveViewCommunicator(app) as comm:
        await comm.call("progress")
        got = [(await comm.receive_json_from())["html"] for _ in range(6)]
    assert got == ["started"] + [f"step {i}" for i in range(5)]


async def test_send_from_a_thread_after_the_handler_returned(app):
    @liveview_handler("later")
    def later(consumer, content):
        threading.Thread(target=send, args=(consumer, {"target": "#l", "html": "later"})).start()

    async with LiveViewCommunicator(app) as comm:
        await comm.call("later")
        assert (await comm.receive_json_from())["html"] == "later"


async def test_content_seen_by_handler(app):
    seen = {}

    @liveview_handler("look")
    def look(consumer, content):
        seen.update(content)
        send(consumer, {})

    async with LiveViewCommunicator(app) as comm:
        await comm.send_json_to(
            {
                "function": "look",
                "form": {"firstName": "Ada"},
                "data": {"dataCommentId": "7"},
                "lang": "es",
                "room": "someone-else",
                "formId": "f1",
            }
        )
        await comm.receive_json_from()
    assert seen["form"] == {"first_name": "Ada"}
    assert seen["data"]["comment_id"] == "7"
    assert seen["data"]["data_comment_id"] == "7"
    assert seen["lang"] == "es"
    assert seen["form_id"] == "f1"
    assert seen["room"] == comm.room


async def test_unknown_function_generic_without_debug(app):
    @liveview_handler("secret_admin_thing")
    def hidden(consumer, content):
        return None

    async with LiveViewCommunicator(app) as comm:
        await comm.call("nope")
        reply = await comm.receive_json_from()
        assert reply == {"error": "Unknown function"}  # the client's string is not echoed
        assert "secret_admin_thing" not in json.dumps(reply)


@override_settings(DEBUG=True)
async def test_unknown_function_lists_handlers_in_debug(app):
    @liveview_handler("known")
    def known(consumer, content):
        return None

    async with LiveViewCommunicator(app) as comm:
        await comm.call("nope")
        reply = await comm.receive_json_from()
    assert "nope" in reply["error"]
    assert "known" in reply["error"]


async def test_handler_exception_logged_and_generic_without_debug(app, caplog):
    @liveview_handler("boom")
    def boom(consumer, content):
        raise ValueError("db password is hunter2")

    with caplog.at_level(logging.ERROR, logger="liveview"):
        async with LiveViewCommunicator(app) as comm:
            await comm.call("boom")
            reply = await comm.receive_json_from()
            assert reply["function"] == "boom"
            assert "hunter2" not in reply["error"]
            assert reply["error"].startswith("Internal error (reference ")
            # the connection stays open and usable
            await comm.call("boom")
            assert (await comm.receive_json_from())["function"] == "boom"
    records = [r for r in caplog.records if r.name.startswith("liveview")]
    assert len(records) == 2
    assert records[0].exc_info is not None
    reference = reply["error"].removeprefix("Internal error (reference ").rstrip(")")
    assert any(reference in r.getMessage() for r in records)


@override_settings(DEBUG=True)
async def test_handler_exception_text_only_in_debug(app):
    @liveview_handler("div")
    def div(consumer, content):
        return 1 / 0

    async with LiveViewCommunicator(app) as comm:
        await comm.call("div")
        assert await comm.receive_json_from() == {
            "error": "Handler error: division by zero",
            "function": "div",
        }


@pytest.mark.parametrize(
    ("frame", "error"),
    [
        ("not json", "invalid message: invalid JSON"),
        ("[1]", "invalid message: expected a JSON object, got array"),
        ('{"form": {}}', "invalid message: 'function' must be a non-empty string"),
        ('{"function": 3}', "invalid message: 'function' must be a non-empty string"),
    ],
)
async def test_bad_frame_gets_error_and_connection_stays_usable(app, frame, error):
    @liveview_handler("ping")
    def ping(consumer, content):
        send(consumer, {"target": "#p", "html": "pong"})

    async with LiveViewCommunicator(app) as comm:
        await comm.send_to(text_data=frame)
        assert await comm.receive_json_from() == {"error": error}
        await comm.call("ping")
        assert (await comm.receive_json_from())["html"] == "pong"


async def test_binary_frame_refused_politely(app):
    async with LiveViewCommunicator(app) as comm:
        await comm.send_to(bytes_data=b"\x00\x01")
        assert "binary" in (await comm.receive_json_from())["error"]


@override_settings(LIVEVIEW={"MAX_MESSAGE_SIZE": 1000})
async def test_oversized_frame_closes_with_1009(app):
    async with LiveViewCommunicator(app) as comm:
        await comm.call("x", data={"blob": "a" * 2000})
        assert await comm.receive_output() == {"type": "websocket.close", "code": 1009}


async def test_middleware_false_cancels_silently(app):
    calls = []

    @liveview_handler("guarded")
    def guarded(consumer, content):
        calls.append("handler")

    def deny(consumer, content, function_name):
        calls.append(("middleware", function_name))
        return False

    from liveview import liveview_registry

    liveview_registry.add_middleware(deny)
    async with LiveViewCommunicator(app) as comm:
        await comm.call("guarded")
        assert await comm.receive_nothing(timeout=0.2)
    assert calls == [("middleware", "guarded")]


async def test_broadcast_reaches_every_socket(app):
    @liveview_handler("shout")
    def shout(consumer, content):
        send(consumer, {"target": "#all", "html": "hey"}, broadcast=True)

    async with LiveViewCommunicator(app) as a, LiveViewCommunicator(app) as b:
        await a.call("shout")
        assert (await a.receive_json_from())["html"] == "hey"
        assert (await b.receive_json_from())["html"] == "hey"


async def test_broadcast_from_a_thread(app):
    @liveview_handler("shout_later")
    def shout_later(consumer, content):
        threading.Thread(
            target=send,
            args=(consumer, {"target": "#all", "html": "thread"}),
            kwargs={"broadcast": True},
        ).start()

    async with LiveViewCommunicator(app) as a, LiveViewCommunicator(app) as b:
        await a.call("shout_later")
        assert (await b.receive_json_from())["html"] == "thread"
        assert (await a.receive_json_from())["html"] == "thread"


async def test_send_after_disconnect_is_dropped(app):
    holder = {}

    @liveview_handler("keep")
    def keep(consumer, content):
        holder["consumer"] = consumer
        send(consumer, {"ok": True})

    async with LiveViewCommunicator(app) as comm:
        await comm.call("keep")
        await comm.receive_json_from()
    send(holder["consumer"], {"target": "#x", "html": "too late"})  # must not raise


async def test_non_serialisable_data_raises_in_the_handler(app, caplog):
    @liveview_handler("bad")
    def bad(consumer, content):
        send(consumer, {"html": object()})

    async with LiveViewCommunicator(app) as comm:
        await comm.call("bad")
        assert (await comm.receive_json_from())["function"] == "bad"


@override_settings(LIVEVIEW={"HANDLER_TIMEOUT": 1})
async def test_async_handler_past_the_time_limit_is_cancelled_and_the_socket_goes_on(app, caplog):
    cancelled = asyncio.Event()

    @liveview_handler("hang")
    async def hang(consumer, content):
        try:
            await asyncio.Event().wait()  # never set
        except asyncio.CancelledError:
            cancelled.set()
            raise

    @liveview_handler("echo")
    async def echo(consumer, content):
        send(consumer, {"html": "still here"})

    with caplog.at_level(logging.ERROR, logger="liveview"):
        async with LiveViewCommunicator(app) as comm:
            await comm.call("hang")
            reply = await comm.receive_json_from(timeout=10)
            assert reply["function"] == "hang"
            assert reply["error"].startswith("Internal error (reference ")
            assert cancelled.is_set()
            await comm.call("echo")
            assert await comm.receive_json_from() == {"html": "still here"}
    (record,) = [r for r in caplog.records if r.name.startswith("liveview")]
    assert "HANDLER_TIMEOUT" in str(record.exc_info[1])


@override_settings(LIVEVIEW={"HANDLER_TIMEOUT": 1})
async def test_middleware_past_the_time_limit_is_cancelled_too(app):
    @liveview_handler("echo")
    async def echo(consumer, content):
        send(consumer, {"html": "ran"})

    async def slow_middleware(consumer, content, function_name):
        if content.get("data", {}).get("hang"):
            await asyncio.Event().wait()
        return True

    from liveview import liveview_registry

    liveview_registry.add_middleware(slow_middleware)
    async with LiveViewCommunicator(app) as comm:
        await comm.call("echo", data={"hang": "yes"})
        assert (await comm.receive_json_from(timeout=10))["function"] == "echo"
        await comm.call("echo")
        assert await comm.receive_json_from() == {"html": "ran"}
