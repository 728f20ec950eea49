"""Acknowledgements and at-most-once replays (issue #7), through the real consumer."""

from __future__ import annotations

import asyncio
import threading

import pytest
from channels.routing import URLRouter
from django.test import override_settings

from liveview import liveview_handler, liveview_registry, send
from liveview.intents import IntentStore
from liveview.rooms import issue_room
from liveview.routing import get_liveview_urlpatterns
from liveview.testing import LiveViewCommunicator

pytestmark = pytest.mark.django_db(transaction=True)
application = URLRouter(get_liveview_urlpatterns())


@pytest.fixture
def counted(registry):
    calls = []

    @liveview_handler("count")
    def count(consumer, content):
        calls.append(content["ref"])
        send(consumer, {"target": "#n", "html": str(len(calls))})

    return calls


async def test_ack_follows_the_handlers_frames(counted):
    async with LiveViewCommunicator(application) as comm:
        await comm.call("count", ref="t.1")
        assert await comm.receive_json_from() == {"target": "#n", "html": "1"}
        assert await comm.receive_json_from() == {"ack": "t.1"}


@pytest.mark.parametrize(
    "kind", ["silent", "async_silent", "raises", "unknown", "middleware_false"]
)
async def test_every_outcome_is_acknowledged(registry, kind):
    @liveview_handler("silent")
    def silent(consumer, content):
        return None

    @liveview_handler("async_silent")
    async def async_silent(consumer, content):
        return None

    @liveview_handler("raises")
    def raises(consumer, content):
        raise RuntimeError("nope")

    @liveview_handler("middleware_false")
    def guarded(consumer, content):
        return None

    liveview_registry.add_middleware(lambda c, m, name: name != "middleware_false")
    async with LiveViewCommunicator(application) as comm:
        await comm.call(kind, ref="t.9")
        frames = [await comm.receive_json_from()]
        if "ack" not in frames[0]:
            frames.append(await comm.receive_json_from())
        assert frames[-1] == {"ack": "t.9"}
        assert await comm.receive_nothing(timeout=0.05)


async def test_no_ref_no_ack(counted):
    async with LiveViewCommunicator(application) as comm:
        await comm.call("count", ref=None)
        assert (await comm.receive_json_from())["target"] == "#n"
        assert await comm.receive_nothing(timeout=0.05)


async def test_replay_of_a_done_ref_is_acknowledged_not_run(counted):
    room = issue_room("")
    async with LiveViewCommunicator(application, room=room) as first:
        await first.call("count", ref="tab.1")
        await first.receive_json_from()
        assert await first.receive_json_from() == {"ack": "tab.1"}
    # The tab reconnects (same room, no session) and re-sends what it had not seen acked.
    async with LiveViewCommunicator(application, room=room) as again:
        await again.call("count", ref="tab.1", replay=True)
        # Not run again; its reply, which the tab may never have seen, is sent again.
        assert (await again.receive_json_from())["html"] == "1"
        assert await again.receive_json_from() == {"ack": "tab.1", "duplicate": True}
        await again.call("count", ref="tab.2", replay=True)  # never handled: runs
        assert (await again.receive_json_from())["html"] == "2"
        assert await again.receive_json_from() == {"ack": "tab.2"}
    assert counted == ["tab.1", "tab.2"]


async def test_same_ref_without_replay_flag_runs(counted):
    async with LiveViewCommunicator(application) as comm:
        for _ in range(2):
            await comm.call("count", ref="tab.1")
            await comm.receive_json_from()
            await comm.receive_json_from()
    assert counted == ["tab.1", "tab.1"]


async def test_refs_are_scoped_to_the_session_or_room(counted):
    async with LiveViewCommunicator(application) as a, LiveViewCommunicator(application) as b:
        await a.call("count", ref="tab.1")
        await a.receive_json_from()
        await a.receive_json_from()
        await b.call("count", ref="tab.1", replay=True)  # another room: not a duplicate
        assert (await b.receive_json_from())["html"] == "2"


async def test_replay_while_the_original_still_runs_waits_for_it(registry):
    started, release = threading.Event(), threading.Event()
    calls = []

    @liveview_handler("slow")
    def slow(consumer, content):
        calls.append(1)
        started.set()
        release.wait(5)

    room = issue_room("")
    async with (
        LiveViewCommunicator(application, room=room) as old,
        LiveViewCommunicator(application, room=room) as new,
    ):
        await old.call("slow", ref="tab.7")
        assert await asyncio.get_running_loop().run_in_executor(None, started.wait, 5)
        await new.call("slow", ref="tab.7", replay=True)
        assert await new.receive_nothing(timeout=0.1)  # waiting for the original
        release.set()
        assert await new.receive_json_from(timeout=5) == {"ack": "tab.7", "duplicate": True}
        assert await old.receive_json_from(timeout=5) == {"ack": "tab.7"}
    assert calls == [1]


@pytest.mark.parametrize(
    ("extra", "error"),
    [
        ({"ref": 5}, "'ref' must be a string"),
        ({"ref": "x" * 65}, "'ref' must be a string"),
        ({"ref": ""}, "'ref' must be a string"),
        ({"replay": "yes"}, "'replay' must be true or false"),
    ],
)
async def test_bad_ref_or_replay_refused(counted, extra, error):
    async with LiveViewCommunicator(application) as comm:
        await comm.send_json_to({"function": "count", **extra})
        assert error in (await comm.receive_json_from())["error"]


def test_memory_store_window_and_limit(monkeypatch):
    import liveview.intents as intents

    loop = asyncio.new_event_loop()
    try:
        store = IntentStore(None, loop)
        monkeypatch.setattr(intents, "MEMORY_LIMIT", 3)
        for key in "abcd":
            store.finish(key, store.start(key))
        assert [k for k in "abcd" if store._in_memory(k)] == ["b", "c", "d"]
        now = intents.time.monotonic()
        monkeypatch.setattr(intents.time, "monotonic", lambda: now + intents.WINDOW + 1)
        assert not store._in_memory("d")
    finally:
        loop.close()


@override_settings(LIVEVIEW={"MAX_QUEUED_FRAMES": 5})
async def test_unread_frames_are_bounded(registry):
    @liveview_handler("flood")
    async def flood(consumer, content):
        # A browser that stopped reading: the server's send of the first frame waits
        # (flow control) and never returns, so the next frames queue in the outbox.
        stalled = asyncio.get_running_loop().create_future()

        async def stopped_reading(message):
            await stalled

        consumer._outbox._send = stopped_reading
        for i in range(50):
            send(consumer, {"n": i})

    async with LiveViewCommunicator(application) as comm:
        await comm.call("flood")
        output = await comm.receive_output(timeout=2)
    assert output == {"type": "websocket.close", "code": 4008}


async def test_flush_cancelled_by_the_server_still_saves_the_refs(redis_server):
    """daphne cancels every socket on shutdown; the refs finished just before must
    still reach Redis before the cancellation goes on."""
    import redis.asyncio

    from liveview.intents import intent_prefix

    store = IntentStore(None, asyncio.get_running_loop())
    store.redis = redis.asyncio.Redis.from_url(redis_server.url)
    key = intent_prefix("", "flush-room") + "tab.3"
    try:
        store.finish(key, store.start(key))
        flushing = asyncio.ensure_future(store.flush())
        await asyncio.sleep(0)  # the flush is waiting for the save
        flushing.cancel()
        with pytest.raises(asyncio.CancelledError):
            await flushing
        assert store._saver is None  # saved before the cancellation went on
        tag, ref = key.split(":")
        assert await store.redis.zscore("liveview:refs:" + tag, ref) is not None
    finally:
        await store.redis.aclose()


async def test_kept_replies_are_bounded_in_entries_and_characters(monkeypatch):
    from liveview import replies
    from liveview.intents import IntentStore

    store = IntentStore(None, asyncio.get_running_loop())
    monkeypatch.setattr(replies, "MEMORY_REPLIES", 2)
    for index in range(3):
        store.keep_reply(f"k{index}", [f"frame {index}"])
    kept = [await store.reply_to(f"k{i}") for i in range(3)]
    assert kept == [[], ["frame 1"], ["frame 2"]]
    monkeypatch.setattr(replies, "MEMORY_CHARS", 10)
    store.keep_reply("big", ["x" * 11])  # alone over the bound: not kept
    assert await store.reply_to("big") == []
    store.keep_reply("k3", ["y" * 8])  # the others go to make room
    assert await store.reply_to("k3") == ["y" * 8]
    assert await store.reply_to("k2") == []
