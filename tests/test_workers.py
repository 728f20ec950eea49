from __future__ import annotations

import asyncio
import contextvars
import threading

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels.routing import URLRouter

from liveview import liveview_handler, send
from liveview.routing import get_liveview_urlpatterns
from liveview.testing import LiveViewCommunicator
from liveview.workers import WorkerPool, owner

pytestmark = pytest.mark.django_db(transaction=True)
request_id = contextvars.ContextVar("request_id", default=None)


async def test_result_exception_and_thread():
    pool = WorkerPool(2)

    def boom():
        raise ValueError("from the worker")

    assert await pool.run(lambda a, b: (a + b, threading.get_ident()), 1, 2) != (
        3,
        threading.get_ident(),
    )
    assert (await pool.run(lambda a, b: a + b, 1, 2)) == 3
    with pytest.raises(ValueError, match="from the worker"):
        await pool.run(boom)


async def test_contextvars_are_copied_in():
    pool = WorkerPool(1)
    request_id.set("abc")
    assert await pool.run(request_id.get) == "abc"


async def test_pool_runs_calls_in_parallel_up_to_its_size():
    pool = WorkerPool(2)
    both = threading.Barrier(2, timeout=5)
    await asyncio.gather(pool.run(both.wait), pool.run(both.wait))  # deadlocks if serial


async def test_async_to_sync_inside_a_sync_handler_uses_the_servers_loop(registry):
    layer = get_channel_layer()

    @liveview_handler("relay")
    def relay(consumer, content):
        # What handlers written for the original often do: talk to the channel layer.
        channel = async_to_sync(layer.new_channel)()
        async_to_sync(layer.send)(channel, {"type": "x", "n": 1})
        message = async_to_sync(layer.receive)(channel)
        send(consumer, {"got": message["n"]})

    async with LiveViewCommunicator(URLRouter(get_liveview_urlpatterns())) as comm:
        await comm.call("relay")
        assert await comm.receive_json_from() == {"got": 1}


async def test_one_owner_holds_at_most_its_share_of_the_threads():
    pool = WorkerPool(4)  # share: 2
    release = threading.Event()
    two_started = threading.Event()
    started = []

    def hold(name):
        started.append(name)
        if len(started) >= 2:
            two_started.set()
        release.wait(10)
        return name

    token = owner.set(("client", "203.0.113.1"))
    greedy = [pool.run(hold, f"a{i}") for i in range(4)]
    owner.reset(token)
    owner.set(("client", "198.51.100.2"))
    other = await asyncio.wait_for(pool.run(lambda: "served"), 5)
    assert other == "served"
    # A busy machine may serve the other owner before the second thread has begun its
    # call: wait for both, then check that no third one started.
    assert await asyncio.to_thread(two_started.wait, 10)
    assert sorted(started) == ["a0", "a1"]  # the other two wait for the first two
    release.set()
    assert sorted(await asyncio.gather(*greedy)) == ["a0", "a1", "a2", "a3"]


async def test_a_call_past_its_time_limit_frees_its_caller_and_the_pool_stays_whole():
    pool = WorkerPool(1)
    release = threading.Event()
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(pool.run(release.wait, 10), 0.05)
    # The hung call still holds its thread; a replacement serves everyone else.
    assert await asyncio.wait_for(pool.run(lambda: "served"), 5) == "served"
    release.set()
