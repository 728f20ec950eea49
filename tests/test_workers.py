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
from liveview.workers import WorkerPool

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
