"""Workarounds that rely on how another library behaves, each with a test in
tests/test_compat_layers.py that fails when that behaviour changes.

``new_channel_now``: channels' in-memory layer and channels_redis'
``RedisChannelLayer`` build a new channel's name without any I/O, so the
coroutine can be run to its end from synchronous code on the event loop (a
property read). Layers that do I/O there (the Redis pub/sub layer subscribes)
get None and the caller must go through a thread.

``marshal_in_memory_sends``: channels' ``InMemoryChannelLayer`` keeps each channel in an ``asyncio.Queue``
of the loop that receives on it. Queues are not thread-safe: a ``group_send``
made from another thread (``async_to_sync(layer.group_send)(...)`` in a
``threading.Thread``, as the original Django LiveView's demos do, or in a sync
handler) sets the waiting receiver's future from the wrong thread, and the
server's loop does not wake up until something else wakes it, seconds or
minutes later. Wrapping the layer's ``send`` and ``group_send`` runs them on the
loop of this process's hub instead. ``group_send`` reaches the queues only
through ``self.send``, so wrapping both covers every path.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import Any

_MARKER = "_liveview_marshalled"


def marshal_in_memory_sends(layer: Any, running_hubs: Callable[[Any], list[Any]]) -> None:
    """Make ``layer.send`` and ``layer.group_send`` safe to call from any thread's
    event loop, by running them on the loop of a running hub. Idempotent."""
    if getattr(layer, _MARKER, False):
        return
    for name in ("send", "group_send"):
        setattr(layer, name, _on_hub_loop(layer, getattr(layer, name), running_hubs))
    setattr(layer, _MARKER, True)


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
