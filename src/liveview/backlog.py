"""Broadcasts waiting for the channel layer, bounded in count, characters and age.

A hub delivers every broadcast to its own sockets at once and queues one
``group_send`` for the other processes. When Redis stalls (paused, swapping, a
long ``DEBUG SLEEP``, a network partition that does not reset connections), that
queue would grow for as long as the stall lasts and then go out as a burst of
stale frames. Here it keeps at most ``MAX_QUEUED_SENDS`` events, fewer when the
layer accepts fewer per channel (see ``Backlog``), and ``MAX_QUEUED_CHARS``
characters (the oldest go first), and a broadcast not
handed to the layer within ``MAX_SEND_AGE`` seconds is dropped: the sockets of
this process saw it long ago, and the others would get it late and out of step
with what followed. Drops and failed sends are counted in ``liveview.metrics``
and logged once per episode, not once per broadcast.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from typing import Any

from liveview.metrics import metrics
from liveview.protocol import dumps

logger = logging.getLogger(__name__)

#: Broadcasts queued for the channel layer, per hub (one per process and loop), at most;
#: the hub lowers it to the layer's capacity for its channels (100 by default).
MAX_QUEUED_SENDS = 1000
#: Characters of the frames those broadcasts carry, per hub.
MAX_QUEUED_CHARS = 4 * 1024 * 1024
#: Seconds a broadcast may wait for the layer; past it, other processes never get it.
MAX_SEND_AGE = 5.0


class Backlog:
    """Events waiting for ``group_send``, oldest first.

    ``max_sends`` should not exceed what the other processes' channels hold
    (channels_redis's ``capacity``): after a stall the backlog goes out as one burst,
    one ``group_send`` at a time, and a burst longer than that bound is both cut by
    the layer (channels_redis drops what a full channel is sent, that is the newest)
    and slow to hand over, so that the age bound would drop its tail: the
    broadcasts made as Redis came back.
    """

    def __init__(self, clock: Callable[[], float], max_sends: int = MAX_QUEUED_SENDS) -> None:
        self._clock = clock
        self.max_sends = min(max_sends, MAX_QUEUED_SENDS)
        #: (deadline, group, event, characters)
        self._items: deque[tuple[float, str, dict[str, Any], int]] = deque()
        self.chars = 0
        self._full = 0  # dropped in this episode because the queue was full
        self._expired = 0  # dropped in this episode because they were too old
        self._failing = False  # the last send failed

    def __len__(self) -> int:
        return len(self._items)

    def put(self, group: str, event: dict[str, Any]) -> None:
        size = _size(event)
        if size > MAX_QUEUED_CHARS:
            self._drop(expired=False)  # alone over the bound: never queued
            return
        now = self._clock()
        self._expire(now)
        while len(self._items) >= self.max_sends or self.chars + size > MAX_QUEUED_CHARS:
            self._pop()
            self._drop(expired=False)
        self._items.append((now + MAX_SEND_AGE, group, event, size))
        self.chars += size

    def take(self) -> tuple[str, dict[str, Any], float] | None:
        """The oldest event still young enough: (group, event, seconds it has left)."""
        now = self._clock()
        self._expire(now)
        if not self._items:
            return None
        deadline, group, event, _ = self._pop()
        return group, event, deadline - now

    def expired(self) -> None:
        """Count a taken event that the layer did not accept before its deadline."""
        self._drop(expired=True)

    def failed(self, group: str) -> None:
        """Count a taken event the layer refused; the first of an outage is logged."""
        metrics.layer_sends_failed += 1
        if self._failing:
            logger.debug("Channel layer send failed for %s.", group, exc_info=True)
        else:
            self._failing = True  # every broadcast fails the same way meanwhile
            logger.exception("Channel layer send failed for %s.", group)

    def sent(self) -> None:
        """The layer accepted a taken event: an outage is over, and a drop episode too
        once nothing waits."""
        self._failing = False
        if self._items or not (self._full or self._expired):
            return
        logger.warning(
            "Channel layer caught up; %d broadcasts to other processes were dropped "
            "meanwhile (%d too old, %d over the queue bound).",
            self._full + self._expired,
            self._expired,
            self._full,
        )
        self._full = self._expired = 0

    def _pop(self) -> tuple[float, str, dict[str, Any], int]:
        item = self._items.popleft()
        self.chars -= item[3]
        return item

    def _expire(self, now: float) -> None:
        while self._items and self._items[0][0] <= now:
            self._pop()
            self._drop(expired=True)

    def _drop(self, *, expired: bool) -> None:
        if not (self._full or self._expired):
            logger.warning(
                "Channel layer is not keeping up: dropping broadcasts to other processes "
                "(this process's sockets got them) until it does."
            )
        if expired:
            self._expired += 1
            metrics.layer_sends_expired += 1
        else:
            self._full += 1
            metrics.layer_sends_dropped += 1


def _size(event: dict[str, Any]) -> int:
    text = event.get("text")
    if isinstance(text, str):
        return len(text)  # liveview's own broadcasts: the frame, encoded once
    try:
        return len(dumps(event))  # the original's events, sent by apps
    except TypeError:
        return len(repr(event))
