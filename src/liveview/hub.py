"""Process-local group membership, bridged to the channel layer.

A broadcast to N sockets of one process costs one channel-layer message per
process, not one per socket (issue #5): each process's hub subscribes one
channel to a group when its first local socket joins, and fans every message
out to its local members itself, with the text encoded once by the sender.
Messages a hub published are delivered locally at once and ignored when the
layer hands them back.

When the layer fails (Redis restarted), the receive loop backs off, then
re-joins every group it serves, so no socket stays connected but deaf. It also
re-joins periodically, before the layer's ``group_expiry`` could drop it.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections import deque
from typing import TYPE_CHECKING, Any, Literal

from channels.layers import InMemoryChannelLayer

from liveview import _compat
from liveview.intents import IntentStore
from liveview.protocol import GroupEvent

if TYPE_CHECKING:
    from liveview.consumers import LiveViewConsumer
    from liveview.presence import Presence

logger = logging.getLogger(__name__)

#: Seconds between two re-joins of every group (also bounded by group_expiry / 2).
REJOIN_INTERVAL = 600.0
#: Backoff after a failed receive: first delay, cap (seconds).
RETRY_FIRST, RETRY_MAX = 0.1, 5.0
#: Longest blocking pop asked of channels_redis (seconds). Its default, 5 s, equals
#: redis-py 8's default socket timeout: the two race, and a message Redis pops as
#: the client gives up is lost (channels_redis#422, redis-py#4091). Staying well
#: under the socket timeout keeps idle receives from ever timing out.
BLOCKING_POP = 2


_Operation = tuple[Literal["add", "discard"], str] | tuple[Literal["send"], GroupEvent]


class Hub:
    """Local members of every group, for one event loop and one channel layer."""

    def __init__(self, layer: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.layer = layer
        self.loop = loop
        self.origin = secrets.token_hex(8)
        self.members: dict[str, set[LiveViewConsumer]] = {}
        self.intents = IntentStore(layer, loop)
        self.presence: Presence | None = None  # created by presence.py on first use
        # One process: nothing to tell other processes, only external pushes to hear.
        self._publish_remote = not isinstance(layer, InMemoryChannelLayer)
        self._channel: str | None = None
        self._receiver: asyncio.Task[None] | None = None
        self._operations: deque[_Operation] = deque()
        self._subscribing: dict[str, asyncio.Future[None]] = {}
        self._worker: asyncio.Task[None] | None = None
        _compat.cap_blocking_pop(layer, BLOCKING_POP)
        group_expiry = float(getattr(layer, "group_expiry", REJOIN_INTERVAL * 2))
        self._rejoin_every = min(REJOIN_INTERVAL, group_expiry / 2)

    async def aclose(self) -> None:
        """Stop this hub's tasks and close its Redis connections (tests, shutdown)."""
        tasks = [self._receiver, self._worker]
        if self.presence is not None:
            tasks.append(self.presence._heartbeat)
        for task in tasks:
            if task is not None:
                task.cancel()
        await asyncio.gather(*(t for t in tasks if t is not None), return_exceptions=True)
        redis = self.intents.redis
        if redis is not None:
            await redis.aclose()
            await redis.connection_pool.disconnect()
        if self in _hubs:
            _hubs.remove(self)

    # Membership (loop thread, synchronous: a send right after a join reaches the joiner)

    def join(self, group: str, consumer: LiveViewConsumer) -> asyncio.Future[None] | None:
        """Add a local member; returns a future done once the layer serves the group
        to this process, or None when it already does."""
        members = self.members.get(group)
        if members is None:
            members = self.members[group] = set()
            self._subscribing[group] = self.loop.create_future()
            self._queue(("add", group))
        members.add(consumer)
        return self._subscribing.get(group)

    def leave(self, group: str, consumer: LiveViewConsumer) -> None:
        members = self.members.get(group)
        if members is None:
            return
        members.discard(consumer)
        if not members:
            del self.members[group]
            self._queue(("discard", group))

    # Publishing ----------------------------------------------------------------------

    def publish(self, event: GroupEvent) -> None:
        """Apply ``event`` to every member of its group, here and in every other
        process. Loop thread only."""
        self._apply(event)
        if self._publish_remote:
            remote: GroupEvent = {**event, "origin": self.origin}
            self._queue(("send", remote))

    def _apply(self, event: GroupEvent | dict[str, Any]) -> None:
        members = self.members.get(str(event.get("group", "")))
        if not members:
            return
        text = event.get("text")
        if isinstance(text, str):
            for consumer in tuple(members):
                consumer.enqueue_text(text)
        elif event.get("action") == "revoke":
            for consumer in tuple(members):
                consumer.revoke()

    # Channel-layer operations, one at a time and in order ---------------------------------

    def _queue(self, operation: _Operation) -> None:
        self._operations.append(operation)
        if self._worker is None:
            self._worker = self.loop.create_task(self._run_operations())

    async def _run_operations(self) -> None:
        try:
            while self._operations:
                kind, argument = self._operations.popleft()
                try:
                    if self._channel is None:
                        self._channel = await self.layer.new_channel(prefix="liveview.hub.")
                        self._receiver = daemon_task(self.loop, self._receive_loop())
                    if kind == "add":
                        await self.layer.group_add(argument, self._channel)
                    elif kind == "discard":
                        await self.layer.group_discard(argument, self._channel)
                    elif isinstance(argument, dict):
                        await self.layer.group_send(argument["group"], argument)
                except Exception:
                    # Local members are served regardless; the receive loop re-joins
                    # every group once the layer answers again (issue #5).
                    logger.exception("Channel layer %s failed for %s.", kind, argument)
                if kind == "add":
                    waiter = self._subscribing.pop(str(argument), None)
                    if waiter is not None and not waiter.done():
                        waiter.set_result(None)
        finally:
            self._worker = None

    # Receiving ------------------------------------------------------------------------

    async def _receive_loop(self) -> None:
        assert self._channel is not None
        delay = RETRY_FIRST
        next_rejoin = self.loop.time() + self._rejoin_every
        while True:
            try:
                timeout = max(0.0, next_rejoin - self.loop.time())
                event = await asyncio.wait_for(self.layer.receive(self._channel), timeout)
            except asyncio.TimeoutError:
                await self._rejoin_all()
                next_rejoin = self.loop.time() + self._rejoin_every
                continue
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning(
                    "Channel layer receive failed; retrying in %.1fs.", delay, exc_info=True
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, RETRY_MAX)
                if await self._rejoin_all():
                    delay = RETRY_FIRST
                continue
            self._handle(event)

    async def _rejoin_all(self) -> bool:
        """Join every served group again; True when the layer took all of them."""
        assert self._channel is not None
        ok = True
        for group in tuple(self.members):
            try:
                await self.layer.group_add(group, self._channel)
            except Exception:
                ok = False
        if not ok:
            logger.warning("Channel layer still unavailable; groups not re-joined yet.")
        return ok

    def _handle(self, event: dict[str, Any]) -> None:
        if event.get("type") == "liveview.group" and event.get("origin") != self.origin:
            self._apply(event)


def daemon_task(loop: asyncio.AbstractEventLoop, coroutine: Any) -> asyncio.Task[None]:
    """A task meant to run as long as its event loop, like a daemon thread.

    asyncio logs "Task was destroyed but it is pending!" when a loop is closed
    under a pending task; for these that is the normal end, not a leak.
    """
    task = loop.create_task(coroutine)
    _compat.quiet_when_destroyed(task)
    return task


_hubs: list[Hub] = []


def get_hub(layer: Any) -> Hub:
    """The hub of the running event loop for ``layer``. Loop thread only."""
    loop = asyncio.get_running_loop()
    for hub in _hubs:
        if hub.loop is loop and hub.layer is layer:
            return hub
    # A new loop (tests start one per test) or a new layer: forget dead hubs.
    _hubs[:] = [hub for hub in _hubs if not hub.loop.is_closed()]
    hub = Hub(layer, loop)
    _hubs.append(hub)
    return hub


def running_hubs(layer: Any) -> list[Hub]:
    """Hubs of this process serving ``layer`` whose loop is still running."""
    return [hub for hub in _hubs if hub.layer is layer and hub.loop.is_running()]
