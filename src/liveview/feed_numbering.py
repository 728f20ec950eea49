"""Numbering the frames a hub publishes in the shared log, in order, without waiting
on a stalled Redis.

Published frames queue here; one task numbers them in batches (one pipelined round
trip per batch, one Lua script per frame), then hands each on, numbered, in
publishing order. When Redis does not answer within ``NUMBER_WAIT`` (stalled,
restarting) the frames go on unnumbered, as they would without the log, and so do
those published in the next ``RETRY_AFTER`` seconds, so this process's tabs never
wait on Redis. A frame Redis runs after its deadline is not logged, so one given up
on here cannot show up later in the log as well.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from liveview.feed import Position
from liveview.feed_redis import RedisLog

logger = logging.getLogger(__name__)

#: Seconds Redis has to log a frame; later, the frame goes on unnumbered.
NUMBER_WAIT = 1.0
#: Seconds this process waits for an answer beyond that (the reply's way back).
REPLY_MARGIN = 0.5
#: Seconds frames go on unnumbered after Redis failed to log one.
RETRY_AFTER = 1.0
#: Frames numbered in one round trip at most.
BATCH = 100

#: (group, event) and the frame's position in the log, or None when not logged.
Numbered = Callable[[str, dict[str, Any], "Position | None"], None]


class Numbering:
    """The queue of frames a hub publishes, numbered in order. Loop thread only."""

    def __init__(self, log: RedisLog, loop: asyncio.AbstractEventLoop, done: Numbered) -> None:
        self._log = log
        self._loop = loop
        self._done = done
        self._queue: deque[tuple[str, dict[str, Any]]] = deque()
        self._task: asyncio.Task[None] | None = None
        self._retry_at = 0.0

    @property
    def task(self) -> asyncio.Task[None] | None:
        return self._task

    def put(self, group: str, event: dict[str, Any]) -> None:
        if self._loop.time() < self._retry_at and self._task is None:
            self._done(group, event, None)  # Redis failed just now: do not wait on it
            return
        self._queue.append((group, event))
        if self._task is None:
            self._task = self._loop.create_task(self._run())

    async def _run(self) -> None:
        try:
            while self._queue:
                batch = [self._queue.popleft() for _ in range(min(BATCH, len(self._queue)))]
                positions = await self._number(batch)
                for (group, event), position in zip(batch, positions, strict=True):
                    self._done(group, event, position)
        finally:
            self._task = None

    async def _number(self, batch: list[tuple[str, dict[str, Any]]]) -> list[Position | None]:
        if self._loop.time() < self._retry_at:
            return [None] * len(batch)
        frames = [(group, event["text"]) for group, event in batch]
        try:
            return await asyncio.wait_for(
                self._log.number(frames, time.time() + NUMBER_WAIT), NUMBER_WAIT + REPLY_MARGIN
            )
        except asyncio.CancelledError:
            raise
        except Exception:
            self._retry_at = self._loop.time() + RETRY_AFTER
            logger.warning("Could not log %d frame(s) in Redis.", len(batch), exc_info=True)
            return [None] * len(batch)
