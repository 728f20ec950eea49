"""Every use of another library's private or undocumented API, in one place.

Each function names what it reaches into and why; tests/test_compat.py has one
test per function that fails when the upstream library changes it, so an
upgrade breaks a named test instead of a feature in production. Upstream
versions these were written against: channels 4.3, channels_redis 4.3,
asgiref 3.x, daphne 4.2 (Twisted), CPython 3.11-3.13.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from asgiref.current_thread_executor import CurrentThreadExecutor
from asgiref.sync import AsyncToSync, SyncToAsync
from channels.sessions import InstanceSessionWrapper

# channels_redis -------------------------------------------------------------------


def redis_client_of(layer: Any) -> Any | None:
    """A redis.asyncio client on a channels_redis layer's first host, or None for
    other layers. Uses ``channels_redis.utils.create_pool``/``decode_hosts`` (not
    documented) so the client takes every connection option the layer takes
    (sentinels, TLS, passwords); the pubsub layer keeps its hosts in ``_kwargs``."""
    if not type(layer).__module__.startswith("channels_redis"):
        return None
    from channels_redis.utils import create_pool, decode_hosts
    from redis.asyncio import Redis

    hosts = getattr(layer, "hosts", None) or decode_hosts(
        getattr(layer, "_kwargs", {}).get("hosts")
    )
    return Redis(connection_pool=create_pool(hosts[0]))


def cap_blocking_pop(layer: Any, seconds: int) -> None:
    """Lower ``RedisChannelLayer.brpop_timeout`` (a class attribute, not a setting)
    to ``seconds`` when it is longer; other layers have no such attribute."""
    if getattr(layer, "brpop_timeout", 0) > seconds:
        layer.brpop_timeout = seconds


def channel_capacity(layer: Any, channel: str, default: int) -> int:
    """How many messages ``layer`` holds for ``channel`` before it drops what it is
    sent (``BaseChannelLayer.get_capacity``, not documented; it applies the
    ``capacity`` and ``channel_capacity`` settings); ``default`` for layers without it."""
    get_capacity = getattr(layer, "get_capacity", None)
    if get_capacity is None:
        return default
    return int(get_capacity(channel))


# asyncio -------------------------------------------------------------------------


def quiet_when_destroyed(task: asyncio.Task[Any]) -> None:
    """Stop asyncio from logging "Task was destroyed but it is pending!" for ``task``
    (``Task._log_destroy_pending``, private to CPython's asyncio)."""
    task._log_destroy_pending = False  # type: ignore[attr-defined]


# channels ------------------------------------------------------------------------


def without_session_saving(send: Any) -> Any:
    """The send under channels' ``SessionMiddleware`` wrapper when that wrapper does
    nothing for ``websocket.send`` (it reads ``InstanceSessionWrapper.real_send`` and
    ``save_message_types``, attributes not documented by channels); else ``send``."""
    owner = getattr(send, "__self__", None)
    if (
        isinstance(owner, InstanceSessionWrapper)
        and "websocket.send" not in owner.save_message_types
    ):
        return owner.real_send
    return send


# asgiref -------------------------------------------------------------------------


def sync_thread_state() -> threading.local:
    """asgiref's ``SyncToAsync.threadlocal``: setting ``main_event_loop`` and
    ``main_event_loop_pid`` on it in a thread is what makes ``async_to_sync`` in that
    thread run coroutines on the server's loop, as ``sync_to_async`` threads do."""
    local: threading.local = SyncToAsync.threadlocal
    return local


def run_serving_this_thread(loop: asyncio.AbstractEventLoop, coroutine: Awaitable[Any]) -> Any:
    """Run ``coroutine`` on ``loop`` (running in another thread) and wait for it in this
    thread, which meanwhile runs the thread-sensitive ``sync_to_async`` calls (channels'
    ``database_sync_to_async``) made on ``loop``, as ``async_to_sync`` does for the loop
    it starts: through ``AsyncToSync.loop_thread_executors`` (not documented) and
    ``CurrentThreadExecutor``. The executor is withdrawn on the loop's thread before the
    coroutine's result is set, so nothing is submitted to it after it stopped."""
    executor = CurrentThreadExecutor(None)
    executors: dict[asyncio.AbstractEventLoop, CurrentThreadExecutor] = (
        AsyncToSync.loop_thread_executors
    )

    async def serving() -> Any:
        executors[loop] = executor
        try:
            return await coroutine
        finally:
            if executors.get(loop) is executor:
                del executors[loop]

    future = asyncio.run_coroutine_threadsafe(serving(), loop)
    executor.run_until_future(future)
    return future.result()


# daphne (Twisted) ------------------------------------------------------------------


def transport_backlog(send: Any) -> Callable[[], int] | None:
    """For daphne's send, a function returning the bytes its Twisted transport holds
    unsent; None for other servers. daphne's send returns at once, whatever the
    client reads, so frames pile up there instead of in liveview's outbox (uvicorn's
    and hypercorn's sends wait for the transport to drain). Reads daphne's
    ``partial(Server.handle_reply, protocol)`` and Twisted's ``FileDescriptor``
    buffers (``dataBuffer``, ``offset``, ``_tempDataLen``), none of them public."""
    if not isinstance(send, functools.partial) or not send.args:
        return None
    handler = send.func
    if getattr(handler, "__name__", "") != "handle_reply" or not type(
        getattr(handler, "__self__", None)
    ).__module__.startswith("daphne"):
        return None
    protocol = send.args[0]

    def backlog() -> int:
        transport = getattr(protocol, "transport", None)
        if transport is None:
            return 0
        data = getattr(transport, "dataBuffer", b"")
        return (
            len(data)
            - int(getattr(transport, "offset", 0))
            + int(getattr(transport, "_tempDataLen", 0))
        )

    return backlog


# Django ------------------------------------------------------------------------------


def password_was_set(user: Any) -> bool:
    """In a ``post_save`` receiver: whether ``user.set_password()`` preceded this save.
    ``AbstractBaseUser`` keeps the raw password in ``_password`` until after
    ``save()`` has called the password validators' ``password_changed`` hooks; Django
    sends no signal of its own for a password change."""
    return getattr(user, "_password", None) is not None


# channels layers ------------------------------------------------------------------
#
#
# ``new_channel_now``: channels' in-memory layer and channels_redis'
# ``RedisChannelLayer`` build a new channel's name without any I/O, so the
# coroutine can be run to its end from synchronous code on the event loop (a
# property read). Layers that do I/O there (the Redis pub/sub layer subscribes)
# get None and the caller must go through a thread.
#
# ``marshal_in_memory_sends``: channels' ``InMemoryChannelLayer`` keeps each channel in an ``asyncio.Queue``
# of the loop that receives on it. Queues are not thread-safe: a ``group_send``
# made from another thread (``async_to_sync(layer.group_send)(...)`` in a
# ``threading.Thread``, as the original Django LiveView's demos do, or in a sync
# handler) sets the waiting receiver's future from the wrong thread, and the
# server's loop does not wake up until something else wakes it, seconds or
# minutes later. Wrapping the layer's ``send`` and ``group_send`` runs them on the
# loop of this process's hub instead. ``group_send`` reaches the queues only
# through ``self.send``, so wrapping both covers every path.
_MARKER = "_liveview_marshalled"


def marshal_in_memory_sends(layer: Any, running_hubs: Callable[[Any], list[Any]]) -> None:
    """Make ``layer.send`` and ``layer.group_send`` safe to call from any thread's
    event loop: each message is put on its channel's queue on the loop of the hub that
    receives that channel (several loops may run hubs in one process: a test client's
    and a test's). Idempotent."""
    if getattr(layer, _MARKER, False):
        return
    layer.send = _on_owner_loop(layer, layer.send, running_hubs)
    # channels' group_send calls self.send per channel: routed by the line above.
    layer.group_send = _on_hub_loop(layer, layer.group_send, running_hubs)
    setattr(layer, _MARKER, True)


def _on_owner_loop(
    layer: Any,
    method: Callable[..., Awaitable[None]],
    running_hubs: Callable[[Any], list[Any]],
) -> Callable[..., Awaitable[None]]:
    fallback = _on_hub_loop(layer, method, running_hubs)

    @functools.wraps(method)
    async def send(channel: str, message: Any) -> None:
        for hub in running_hubs(layer):
            if hub.receives_on(channel):
                if hub.loop is asyncio.get_running_loop():
                    await method(channel, message)
                else:
                    future = asyncio.run_coroutine_threadsafe(
                        _call(method, (channel, message)), hub.loop
                    )
                    await asyncio.wrap_future(future)
                return
        await fallback(channel, message)

    return send


def _on_hub_loop(
    layer: Any,
    method: Callable[..., Awaitable[None]],
    running_hubs: Callable[[Any], list[Any]],
) -> Callable[..., Awaitable[None]]:
    @functools.wraps(method)
    async def call(*args: Any) -> None:
        current = asyncio.get_running_loop()
        loops = [hub.loop for hub in running_hubs(layer)]
        if not loops or current in loops:
            await method(*args)
            return
        future = asyncio.run_coroutine_threadsafe(_call(method, args), loops[0])
        await asyncio.wrap_future(future)

    return call


async def _call(method: Callable[..., Awaitable[None]], args: tuple[Any, ...]) -> None:
    await method(*args)


def new_channel_now(layer: Any) -> str | None:
    """``layer.new_channel()`` when it completes without suspending, else None."""
    coroutine = layer.new_channel()
    try:
        coroutine.send(None)
    except StopIteration as done:
        return str(done.value)
    coroutine.close()
    return None


def sync_redis_client_of(layer: Any, timeout: float) -> Any | None:
    """A blocking redis-py client on a channels_redis layer's first host, or None for
    other layers: the twin of ``redis_client_of`` for code with no event loop (a
    management command, a task worker). Reads the hosts as ``decode_hosts`` (not
    documented) does; ``timeout`` bounds connecting and every reply."""
    if not type(layer).__module__.startswith("channels_redis"):
        return None
    import redis
    from channels_redis.utils import decode_hosts

    hosts = getattr(layer, "hosts", None) or decode_hosts(
        getattr(layer, "_kwargs", {}).get("hosts")
    )
    host = dict(hosts[0])
    options = {"socket_timeout": timeout, "socket_connect_timeout": timeout}
    if "address" in host:
        address = host.pop("address")
        return redis.Redis.from_url(address, **{**host, **options})
    master_name = host.pop("master_name", None)
    if master_name is not None:
        sentinel = redis.sentinel.Sentinel(  # type: ignore[no-untyped-call]
            host.pop("sentinels"), sentinel_kwargs=host.pop("sentinel_kwargs", None), **options
        )
        return sentinel.master_for(master_name, **host)  # type: ignore[no-untyped-call]
    return redis.Redis(**{**host, **options})
