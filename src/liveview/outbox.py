"""One socket's outgoing frames: ordered, bounded, written by one task at a time."""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable
from typing import Any

from liveview import _compat
from liveview.metrics import metrics

logger = logging.getLogger(__name__)


def frame_sender(send: Any) -> Any:
    """The ASGI send to use for text frames.

    channels' SessionMiddleware wraps ``send`` to save the session on
    ``http.response.start``; for WebSocket frames it does nothing but read the
    lazy session on every frame (11% of a broadcast's time in the benchmark
    profile). Frames skip it; accept and close still go through it.
    """
    return _compat.without_session_saving(send)


class Outbox:
    """Frames wait here until the socket is accepted and the previous ones are written.

    Past ``limit`` waiting frames the browser has stopped reading: the backlog is
    dropped and ``on_overflow`` is called once (the consumer closes the socket),
    so a frozen tab cannot make the server's memory grow (issue #7).
    """

    __slots__ = ("_frames", "_limit", "_loop", "_on_overflow", "_open", "_send", "_task")

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        send: Any,
        limit: int,
        on_overflow: Callable[[int], None],
    ) -> None:
        self._loop = loop
        self._send = frame_sender(send)
        self._limit = limit
        self._on_overflow = on_overflow
        self._frames: deque[str] = deque()
        self._task: asyncio.Task[None] | None = None
        self._open = False

    def put(self, text: str) -> None:
        """Queue ``text``; event loop thread only."""
        frames = self._frames
        frames.append(text)
        if len(frames) > self._limit:
            waiting = len(frames)
            frames.clear()
            self._on_overflow(waiting)
        elif self._task is None and self._open:
            self._task = self._loop.create_task(self._write())

    def open(self) -> None:
        """The socket is accepted: write what waited, and from now on as it comes."""
        self._open = True
        if self._frames and self._task is None:
            self._task = self._loop.create_task(self._write())

    async def drain(self) -> None:
        """Wait until the frames queued so far are written (or dropped)."""
        task = self._task
        if task is not None and task is not asyncio.current_task():
            await asyncio.wait([task])

    async def _write(self) -> None:
        frames, send = self._frames, self._send
        try:
            while frames:
                await send({"type": "websocket.send", "text": frames.popleft()})
                metrics.frames_sent += 1
        except Exception:
            # The socket itself went away mid-send: nothing more can reach it.
            logger.debug(
                "Writing to a socket failed; dropping %d frame(s).", len(frames), exc_info=True
            )
            frames.clear()
        finally:
            self._task = None
