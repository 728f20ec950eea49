"""One test per use of another library's private API (liveview/_compat.py): each fails
when the upstream library changes what we rely on, naming the touch point."""

from __future__ import annotations

import asyncio
import gc
import inspect
import logging
import threading
from types import SimpleNamespace

import pytest
from asgiref.sync import AsyncToSync, async_to_sync
from channels.layers import InMemoryChannelLayer
from channels.sessions import CookieMiddleware, SessionMiddleware
from channels_redis.core import RedisChannelLayer
from channels_redis.pubsub import RedisPubSubChannelLayer

from liveview import _compat
from liveview._compat import marshal_in_memory_sends, new_channel_now

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("layer_class", [RedisChannelLayer, RedisPubSubChannelLayer])
async def test_redis_client_of_reaches_the_layers_redis(layer_class, redis_server):
    client = _compat.redis_client_of(layer_class(hosts=[redis_server.url]))
    try:
        assert await client.ping()
    finally:
        await client.aclose()
        await client.connection_pool.disconnect()


def test_redis_client_of_other_layers_is_none():
    assert _compat.redis_client_of(InMemoryChannelLayer()) is None


@pytest.mark.parametrize("layer_class", [RedisChannelLayer, RedisPubSubChannelLayer])
@pytest.mark.parametrize("hosts", ["url", "tuple"])
async def test_sync_redis_client_of_reaches_the_layers_redis(layer_class, hosts, redis_server):
    host = redis_server.url
    if hosts == "tuple":
        address = host.removeprefix("redis://").split("/")[0]
        host = (address.split(":")[0], int(address.split(":")[1]))
    # (the pubsub layer is made on a running loop)
    client = _compat.sync_redis_client_of(layer_class(hosts=[host]), 1.0)
    try:
        assert client.ping()
        assert client.connection_pool.connection_kwargs["socket_timeout"] == 1.0
    finally:
        client.close()
    assert _compat.sync_redis_client_of(InMemoryChannelLayer(), 1.0) is None


def test_cap_blocking_pop_changes_what_receive_waits_for():
    layer = RedisChannelLayer(hosts=["redis://127.0.0.1:1"])
    assert layer.brpop_timeout > 2  # the default it lowers
    _compat.cap_blocking_pop(layer, 2)
    assert layer.brpop_timeout == 2
    # The blocking pop still reads the attribute (not a setting or a constant).
    assert "timeout=self.brpop_timeout" in inspect.getsource(RedisChannelLayer.receive_single)


def test_quiet_when_destroyed_silences_the_pending_task_warning(caplog):
    async def forever():
        await asyncio.Event().wait()

    loop = asyncio.new_event_loop()
    noisy, quiet = loop.create_task(forever()), loop.create_task(forever())
    _compat.quiet_when_destroyed(quiet)
    loop.run_until_complete(asyncio.sleep(0))
    loop.close()
    with caplog.at_level(logging.ERROR, logger="asyncio"):
        del quiet
        gc.collect()
        assert "Task was destroyed" not in caplog.text
        del noisy
        gc.collect()
        assert "Task was destroyed" in caplog.text  # the control: the warning exists


async def test_without_session_saving_unwraps_channels_session_send():
    sent = []
    seen = {}

    async def real_send(message):
        sent.append(message)

    async def app(scope, receive, send):
        seen["send"] = send

    wrapped = CookieMiddleware(SessionMiddleware(app))
    scope = {"type": "websocket", "path": "/", "headers": []}
    await wrapped(scope, None, real_send)
    assert seen["send"] is not real_send  # channels wrapped it
    assert _compat.without_session_saving(seen["send"]) is real_send


def test_without_session_saving_leaves_other_sends_alone():
    async def send(message):
        return None

    assert _compat.without_session_saving(send) is send


def test_sync_thread_state_makes_async_to_sync_use_the_given_loop():
    loop = asyncio.new_event_loop()
    runner = threading.Thread(target=loop.run_forever, daemon=True)
    runner.start()
    result = {}

    async def which_loop():
        return asyncio.get_running_loop()

    def in_worker():
        import os

        local = _compat.sync_thread_state()
        local.main_event_loop = loop
        local.main_event_loop_pid = os.getpid()
        result["loop"] = async_to_sync(which_loop)()

    worker = threading.Thread(target=in_worker)
    worker.start()
    worker.join(10)
    loop.call_soon_threadsafe(loop.stop)
    runner.join(10)
    loop.close()
    assert result["loop"] is loop


def test_transport_backlog_reads_daphnes_send_and_twisteds_buffers():
    import functools

    from daphne.server import Server
    from twisted.internet.abstract import FileDescriptor

    # daphne hands each application partial(Server.handle_reply, protocol) as its send...
    assert "send=partial(self.handle_reply, protocol)" in inspect.getsource(Server)
    # ...and Twisted keeps unsent bytes in these fields of the protocol's transport.
    assert FileDescriptor.dataBuffer == b""
    assert FileDescriptor.offset == 0
    assert "self._tempDataLen += len(data)" in inspect.getsource(FileDescriptor.write)

    class Transport:
        dataBuffer, offset, _tempDataLen = b"x" * 100, 40, 7

    class Protocol:
        transport = Transport()

    server = Server.__new__(Server)
    backlog = _compat.transport_backlog(functools.partial(server.handle_reply, Protocol()))
    assert backlog is not None
    assert backlog() == 67


def test_transport_backlog_of_other_servers_is_none():
    async def send(message):
        return None

    assert _compat.transport_backlog(send) is None


def test_password_was_set_sees_set_password_in_post_save():
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_save

    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(_compat.password_was_set(instance))

    post_save.connect(receiver, sender=get_user_model())
    try:
        user = get_user_model().objects.create_user("grace", password="one")
        user.first_name = "Grace"
        user.save()
        user.set_password("two")
        user.save()
    finally:
        post_save.disconnect(receiver, sender=get_user_model())
    assert seen == [False, False, True]  # create_user hashes without set_password


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
    hub = SimpleNamespace(loop=loop, receives_on=lambda channel: False)
    marshal_in_memory_sends(layer, lambda _: [hub])

    def from_a_thread():
        async_to_sync(layer.send)("c", {})
        async_to_sync(layer.group_send)("g", {})

    thread = threading.Thread(target=from_a_thread)
    thread.start()
    await asyncio.get_running_loop().run_in_executor(None, thread.join)
    assert threads == [threading.get_ident()] * 2


async def test_a_send_runs_on_the_loop_of_the_hub_receiving_its_channel():
    """Hubs on two loops in one process (a test client's and a test's): a message for a
    channel is put on its queue on the loop that reads that queue."""
    other = asyncio.new_event_loop()
    runner = threading.Thread(target=other.run_forever, daemon=True)
    runner.start()
    seen: dict[str, int] = {}

    class Layer:
        async def send(self, channel, message):
            seen[channel] = threading.get_ident()

        async def group_send(self, group, message):
            for channel in ("mine", "theirs"):
                await self.send(channel, message)

    layer = Layer()
    hubs = [
        SimpleNamespace(loop=asyncio.get_running_loop(), receives_on=lambda c: c == "mine"),
        SimpleNamespace(loop=other, receives_on=lambda c: c == "theirs"),
    ]
    marshal_in_memory_sends(layer, lambda _: hubs)
    try:
        await layer.group_send("g", {"type": "t"})
    finally:
        other.call_soon_threadsafe(other.stop)
        runner.join(5)
        other.close()
    assert seen == {"mine": threading.get_ident(), "theirs": runner.ident}


def test_channel_capacity_reads_the_layers_capacity_settings():
    redis_layer = RedisChannelLayer(capacity=7, channel_capacity={"liveview.hub.*": 30})
    assert _compat.channel_capacity(redis_layer, "liveview.hub.x!y", 1000) == 30
    assert _compat.channel_capacity(redis_layer, "other", 1000) == 7
    assert _compat.channel_capacity(InMemoryChannelLayer(capacity=9), "x", 1000) == 9
    assert _compat.channel_capacity(SimpleNamespace(), "x", 1000) == 1000


def test_run_serving_this_thread_runs_thread_sensitive_calls_in_the_waiting_thread():
    from asgiref.sync import sync_to_async

    loop = asyncio.new_event_loop()
    runner = threading.Thread(target=loop.run_forever, daemon=True)
    runner.start()
    try:

        async def where() -> threading.Thread:
            return await sync_to_async(threading.current_thread, thread_sensitive=True)()

        assert _compat.run_serving_this_thread(loop, where()) is threading.current_thread()
        # Withdrawn afterwards: later calls on that loop go to asgiref's own thread again.
        assert loop not in AsyncToSync.loop_thread_executors
    finally:
        loop.call_soon_threadsafe(loop.stop)
        runner.join(5)
        loop.close()
