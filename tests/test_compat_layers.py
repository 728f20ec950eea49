"""liveview._compat: each test fails when the upstream behaviour it relies on changes."""

from __future__ import annotations

import asyncio
import threading
from types import SimpleNamespace

from asgiref.sync import async_to_sync
from channels.layers import InMemoryChannelLayer
from channels_redis.core import RedisChannelLayer

from liveview._compat import marshal_in_memory_sends, new_channel_now


def test_new_channel_completes_without_suspending_in_memory():
    name = new_channel_now(InMemoryChannelLayer())
    assert name is not None
    assert "!" in name


def test_new_channel_completes_without_suspending_redis():
    # No Redis needed: channels_redis builds the name only, which is what we rely on.
    name = new_channel_now(RedisChannelLayer(hosts=["redis://127.0.0.1:1"]))
    assert name is not None
    assert "!" in name


def test_new_channel_that_suspends_gives_none():
    class Subscribing:
        async def new_channel(self):
            await asyncio.sleep(0)
            return "x"

    assert new_channel_now(Subscribing()) is None


async def test_in_memory_group_send_goes_through_send():
    layer = InMemoryChannelLayer()
    calls = []
    original = layer.send

    async def send(channel, message):
        calls.append(channel)
        await original(channel, message)

    layer.send = send
    await layer.group_add("g", "c.inmemory!x")
    await layer.group_send("g", {"type": "t"})
    assert calls == ["c.inmemory!x"]


async def test_sends_from_another_thread_run_on_the_hub_loop():
    loop = asyncio.get_running_loop()
    threads = []

    class Layer:
        async def send(self, channel, message):
            threads.append(threading.get_ident())

        async def group_send(self, group, message):
            threads.append(threading.get_ident())

    layer = Layer()
    marshal_in_memory_sends(layer, lambda _: [SimpleNamespace(loop=loop)])

    def from_a_thread():
        async_to_sync(layer.send)("c", {})
        async_to_sync(layer.group_send)("g", {})

    thread = threading.Thread(target=from_a_thread)
    thread.start()
    await asyncio.get_running_loop().run_in_executor(None, thread.join)
    assert threads == [threading.get_ident()] * 2
