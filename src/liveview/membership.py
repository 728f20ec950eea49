"""One socket's groups and presence entries in its process's hub.

Every group joined and every presence entry made for the socket is recorded
here, so that ``release`` can leave and remove all of them, once, however the
socket ended. After ``release`` started, joins and tracks are refused: a handler
still running for a closed socket cannot put it back into a group.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Any

from liveview.hub import Hub
from liveview.presence import presence_of

if TYPE_CHECKING:
    from liveview.consumers import LiveViewConsumer

logger = logging.getLogger(__name__)


class _Tracking:
    """The presence side of a membership, made on the socket's first ``track``
    (most sockets never track: they do not pay for three empty sets)."""

    __slots__ = ("steps", "tracked", "was_tracked")

    def __init__(self) -> None:
        self.tracked: set[str] = set()
        self.was_tracked: set[str] = set()  # every group ever tracked: release untracks them
        self.steps: set[asyncio.Task[None]] = set()  # presence updates still running


class Membership:
    """Groups and presence of one socket. Event loop thread only."""

    __slots__ = (
        "_groups",
        "_hub",
        "_member",
        "_released",
        "_room",
        "_socket_id",
        "_tracking",
    )

    def __init__(
        self, hub: Hub | None, member: LiveViewConsumer, socket_id: str, room: str
    ) -> None:
        self._hub = hub
        self._member = member
        self._socket_id = socket_id
        self._room = room
        self._groups: set[str] = set()
        self._tracking: _Tracking | None = None
        self._released = False

    def join(self, group: str) -> asyncio.Future[None] | None:
        """Join ``group``; returns a future done once the channel layer serves it,
        or None when there is nothing to wait for."""
        if self._hub is None or self._released or group in self._groups:
            return None
        self._groups.add(group)
        waiter = self._hub.join(group, self._member)
        self._member._resume(group)  # what the tab missed in it, before any live frame
        return waiter

    def leave(self, group: str) -> None:
        if self._hub is not None and group in self._groups:
            self._groups.discard(group)
            self._hub.leave(group, self._member)

    def track(self, group: str, meta: dict[str, Any], render: Any) -> None:
        """Join ``group`` and list the socket in its presence with ``meta``."""
        if self._hub is None or self._released:
            return
        self.join(group)
        presence = presence_of(self._hub)
        tracking = self._tracking
        if tracking is None:
            tracking = self._tracking = _Tracking()
        tracking.tracked.add(group)
        tracking.was_tracked.add(group)
        self._step(tracking, presence.track(group, self._socket_id, meta, render))

    def untrack(self, group: str) -> None:
        tracking = self._tracking
        if self._hub is not None and tracking is not None and group in tracking.tracked:
            tracking.tracked.discard(group)
            self._step(tracking, presence_of(self._hub).untrack(group, self._socket_id))

    def leave_all(self) -> None:
        """Leave every group now and refuse later joins and tracks (synchronous, so
        nothing can interrupt it)."""
        self._released = True
        for group in tuple(self._groups):
            self.leave(group)

    async def untrack_all(self, timeout: float) -> None:
        """Remove every presence entry of the socket, after the updates still running.

        The removals run as tasks of their own: they finish even if the caller is
        cancelled; ``timeout`` only bounds how long the caller waits for them."""
        self._released = True
        tracking = self._tracking
        if self._hub is None or tracking is None or not tracking.was_tracked:
            return
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        if tracking.steps:  # a track still writing would otherwise re-add its entry
            await asyncio.wait(tuple(tracking.steps), timeout=timeout)
        presence = presence_of(self._hub)
        tracking.tracked.clear()
        removals = [
            self._step(tracking, presence.untrack(group, self._socket_id))
            for group in tracking.was_tracked
        ]
        tracking.was_tracked.clear()
        await asyncio.wait(removals, timeout=max(0.0, deadline - loop.time()))

    def _step(self, tracking: _Tracking, update: Coroutine[Any, Any, None]) -> asyncio.Task[None]:
        task = asyncio.get_running_loop().create_task(self._guarded(update))
        tracking.steps.add(task)
        task.add_done_callback(tracking.steps.discard)
        return task

    async def _guarded(self, update: Coroutine[Any, Any, None]) -> None:
        try:
            await update
        except Exception:
            logger.exception("A presence update failed in room %s.", self._room)
