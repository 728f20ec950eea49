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


#: Characters of frames waiting for one socket (in the outbox, or on daphne in its
#: transport's buffer) past which the browser is taken to have stopped reading.
MAX_QUEUED_CHARS = 4 * 1024 * 1024


class Outbox:
    """Frames wait here until the socket is accepted and the previous ones are written.

    Past ``limit`` waiting frames, or ``MAX_QUEUED_CHARS`` characters, the browser
    has stopped reading: the backlog is dropped and ``on_overflow`` is called once
    (the consumer closes the socket), so a frozen tab cannot make the server's
    memory grow (issue #7). On daphne, whose send never waits, what its transport
    holds unsent counts too.
    """

    __slots__ = (
        "_backlog",
        "_chars",
        "_frames",
        "_limit",
        "_loop",
        "_on_overflow",
        "_open",
        "_send",
        "_task",
    )

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
        self._frames: deque[str] | None = None  # only while frames wait: idle sockets hold none
        self._chars = 0
        self._task: asyncio.Task[None] | None = None
        self._open = False
        self._backlog = _compat.transport_backlog(self._send)

    def put(self, text: str) -> None:
        """Queue ``text``; event loop thread only."""
        frames = self._frames
        if frames is None:
            frames = self._frames = deque()
        frames.append(text)
        self._chars += len(text)
        if len(frames) > self._limit or self._chars > MAX_QUEUED_CHARS:
            self._overflow()
        elif self._task is None and self._open:
            self._task = self._loop.create_task(self._write())

    def open(self) -> None:
        """The socket is accepted: write what waited, and from now on as it comes."""
        self._open = True
        if self._frames and self._task is None:
            self._task = self._loop.create_task(self._write())

    def close(self) -> None:
        """The socket is gone: drop the waiting frames and stop the writer."""
        self._open = False
        self._drop()
        task = self._task
        if task is not None and task is not asyncio.current_task():
            task.cancel()

    async def drain(self) -> None:
        """Wait until the frames queued so far are written (or dropped)."""
        task = self._task
        if task is not None and task is not asyncio.current_task():
            await asyncio.wait([task])

    def _overflow(self) -> None:
        waiting = len(self._frames or ())
        self._drop()
        self._on_overflow(waiting)

    def _drop(self) -> None:
        frames = self._frames
        if frames is not None:
            frames.clear()  # in place: a writer holding it stops
            self._frames = None
        self._chars = 0

    async def _write(self) -> None:
        frames, send, backlog = self._frames, self._send, self._backlog
        try:
            while frames:
                text = frames.popleft()
                self._chars -= len(text)
                await send({"type": "websocket.send", "text": text})
                metrics.frames_sent += 1
                if backlog is not None and backlog() > MAX_QUEUED_CHARS:
                    self._overflow()
                    return
        except Exception:
            # The socket itself went away mid-send: nothing more can reach it.
            logger.debug(
                "Writing to a socket failed; dropping %d frame(s).",
                len(frames or ()),
                exc_info=True,
            )
            self._drop()
        finally:
            self._task = None
            waiting = self._frames
            if not waiting:
                self._frames = None
            elif waiting is not frames and self._open:  # queued after a drop: write them too
                self._task = self._loop.create_task(self._write())
