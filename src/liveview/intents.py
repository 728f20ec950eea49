"""At-most-once processing of client messages, by reference (issue #7).

The browser gives every message a per-tab ``ref`` and re-sends the ones that
were not acknowledged when the connection dropped, flagged ``replay``. A ref is
recorded as done after its handler finished; a replayed ref that is already
done, or still running in this process, is acknowledged without running again.

Records live in the channel layer's Redis when a channels_redis layer is used,
so a replay that lands on another process is recognised too; otherwise in
process memory. Recording is batched off the per-message path; only replays pay
a look-up. A handler killed mid-run is not recorded, so its replay runs once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from typing import Any

logger = logging.getLogger(__name__)

#: Seconds a finished ref is remembered.
WINDOW = 600
#: Refs remembered in process memory at most (oldest forgotten first).
MEMORY_LIMIT = 100_000
_PREFIX = "liveview:ref:"


def _redis_client(layer: Any) -> Any | None:
    """A redis.asyncio client on the layer's first host, for channels_redis layers."""
    if not type(layer).__module__.startswith("channels_redis"):
        return None
    from channels_redis.utils import create_pool, decode_hosts
    from redis.asyncio import Redis

    hosts = getattr(layer, "hosts", None) or decode_hosts(
        getattr(layer, "_kwargs", {}).get("hosts")
    )
    return Redis(connection_pool=create_pool(hosts[0]))


class IntentStore:
    """Finished refs of one event loop (created by the hub)."""

    def __init__(self, layer: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        #: The Redis client shared by this loop's liveview features, or None.
        self.redis = _redis_client(layer)
        self._memory: OrderedDict[str, float] = OrderedDict()
        self._running: dict[str, asyncio.Future[None]] = {}
        self._unsaved: list[str] = []
        self._saver: asyncio.Task[None] | None = None

    def start(self, key: str) -> asyncio.Future[None]:
        """Mark ``key`` as running here; the future is done when it finished."""
        future = self._running[key] = self.loop.create_future()
        return future

    def finish(self, key: str, future: asyncio.Future[None]) -> None:
        """Record ``key`` as done (in memory now, in Redis soon) and wake waiters."""
        self._running.pop(key, None)
        if not future.done():
            future.set_result(None)
        self._remember(key)
        if self.redis is not None:
            self._unsaved.append(key)
            if self._saver is None:
                self._saver = self.loop.create_task(self._save())

    def forget_running(self, key: str, future: asyncio.Future[None]) -> None:
        """The handler did not finish (the process is going away): do not record it."""
        self._running.pop(key, None)
        if not future.done():
            future.cancel()

    async def flush(self) -> None:
        """Wait until every finished ref is saved (before a shutdown completes)."""
        saver = self._saver
        if saver is not None:
            await asyncio.wait([saver])

    async def already_done(self, key: str) -> bool:
        """For a replay: True if ``key`` finished, here or (with Redis) anywhere."""
        running = self._running.get(key)
        if running is not None:
            await asyncio.wait([running])
            return not running.cancelled()
        if self._in_memory(key):
            return True
        if self.redis is None:
            return False
        try:
            return bool(await self.redis.exists(_PREFIX + key))
        except Exception:
            # Redis unreachable: running the replay again is the lesser evil than
            # dropping it; the handler's own idempotence is the last line.
            logger.warning("Could not check ref %s in Redis; handling it.", key, exc_info=True)
            return False

    def _remember(self, key: str) -> None:
        now = time.monotonic()
        self._memory[key] = now
        self._memory.move_to_end(key)
        while self._memory and (
            len(self._memory) > MEMORY_LIMIT or next(iter(self._memory.values())) < now - WINDOW
        ):
            self._memory.popitem(last=False)

    def _in_memory(self, key: str) -> bool:
        seen = self._memory.get(key)
        return seen is not None and seen >= time.monotonic() - WINDOW

    async def _save(self) -> None:
        assert self.redis is not None
        try:
            while self._unsaved:
                batch, self._unsaved = self._unsaved, []
                try:
                    async with self.redis.pipeline(transaction=False) as pipe:
                        for key in batch:
                            pipe.set(_PREFIX + key, 1, ex=WINDOW)
                        await pipe.execute()
                except Exception:
                    logger.warning(
                        "Could not record %d ref(s) in Redis.", len(batch), exc_info=True
                    )
        finally:
            self._saver = None
