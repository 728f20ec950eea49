"""One socket's outgoing frames: ordered, bounded, written by one writer at a time."""

from __future__ import annotations

import asyncio
import logging
import types
from collections import deque
from collections.abc import Callable, Generator
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

#: What ``send(...)`` returns, stepped by hand: a coroutine, or another awaitable's iterator.
_Step = Generator[Any, Any, Any]


@types.coroutine
def _resume(step: _Step, yielded: Any) -> _Step:
    """Await ``step``, whose first step already ran and yielded ``yielded``: what
    ``yield from`` does (PEP 380), from its second step on. The task running this
    sees the future the send waits for, and its cancellation reaches the send."""
    while True:
        try:
            sent = yield yielded
        except GeneratorExit:
            step.close()
            raise
        except BaseException as exc:
            try:
                yielded = step.throw(exc)
            except StopIteration as stop:
                return stop.value
        else:
            try:
                yielded = step.send(sent)
            except StopIteration as stop:
                return stop.value


class Outbox:
    """Frames wait here until the socket is accepted and the previous ones are written.

    Past ``limit`` waiting frames, or ``MAX_QUEUED_CHARS`` characters, the browser
    has stopped reading: the backlog is dropped and ``on_overflow`` is called once
    (the consumer closes the socket), so a frozen tab cannot make the server's
    memory grow (issue #7). On daphne, whose send never waits, what its transport
    holds unsent counts too.

    A frame for an open socket with nothing waiting is written at once, in ``put``:
    the server's send is stepped by hand, and most sends finish in that step (the
    transport takes the bytes). Only a send that waits (flow control) gets a task
    to finish it, and the frames after it wait for that task. A task per frame cost
    2.1 µs of CPU per message (docs/performance.md).
    """

    __slots__ = (
        "_backlog",
        "_chars",
        "_first",
        "_frames",
        "_limit",
        "_loop",
        "_on_overflow",
        "_open",
        "_send",
        "_stepping",
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
        self._stepping = False  # a send is being stepped in put(): a put from inside it waits
        self._first: tuple[_Step, Any] | None = None  # a send put() began, for the task to finish
        self._open = False
        self._backlog = _compat.transport_backlog(self._send)

    def put(self, text: str) -> None:
        """Queue ``text``, or write it now if nothing is ahead of it; event loop thread only."""
        frames = self._frames
        if frames is None:
            if (
                self._open
                and self._task is None
                and not self._stepping
                and len(text) <= MAX_QUEUED_CHARS
            ):
                self._write_now(text)
                return
            frames = self._frames = deque()
        frames.append(text)
        self._chars += len(text)
        if len(frames) > self._limit or self._chars > MAX_QUEUED_CHARS:
            self._overflow()
        elif self._task is None and self._open and not self._stepping:
            self._task = self._loop.create_task(self._write())

    def open(self) -> None:
        """The socket is accepted: write what waited, and from now on as it comes."""
        self._open = True
        if self._frames and self._task is None and not self._stepping:
            self._task = self._loop.create_task(self._write())

    def close(self) -> None:
        """The socket is gone: drop the waiting frames and stop the writer."""
        self._open = False
        self._drop()
        first, self._first = self._first, None
        if first is not None:  # the writer task has not started: it would never finish it
            first[0].close()
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

    def _write_now(self, text: str) -> None:
        """Write ``text`` by stepping the server's send here: no task, no loop turn.

        The send's first step runs in the caller's task and context, as the caller's
        own ``await send(...)`` would; the rest, if it waits, in the writer task."""
        self._stepping = True  # a put() from inside the send queues behind this frame
        try:
            step = self._send({"type": "websocket.send", "text": text})
            if type(step) is not types.CoroutineType:
                step = step.__await__()  # a Future, or another awaitable
            yielded = step.send(None)
        except StopIteration:
            pass  # written
        except (Exception, asyncio.CancelledError):  # raised by the send, not at the caller
            self._failed()
            return
        else:
            self._finish_later(step, yielded)
            return
        finally:
            self._stepping = False
        if self._written() and self._frames and self._task is None and self._open:
            self._task = self._loop.create_task(self._write())  # put from inside the send

    def _written(self) -> bool:
        """Count a frame the server took; False when, on daphne, what its transport
        holds unsent is past the bound (the outbox overflowed)."""
        metrics.frames_sent += 1
        backlog = self._backlog
        if backlog is not None and backlog() > MAX_QUEUED_CHARS:
            self._overflow()
            return False
        return True

    def _finish_later(self, step: _Step, yielded: Any) -> None:
        # The send waits (flow control: the transport's buffer is full). A task
        # finishes it, and the frames put meanwhile queue behind it.
        if not self._open:  # closed from inside the send
            step.close()
            return
        if self._frames is None:
            self._frames = deque()
        self._first = (step, yielded)
        self._task = self._loop.create_task(self._write())

    def _failed(self) -> None:
        # The socket itself went away mid-send: nothing more can reach it.
        logger.debug(
            "Writing to a socket failed; dropping %d frame(s).",
            len(self._frames or ()),
            exc_info=True,
        )
        self._drop()

    async def _write(self) -> None:
        frames, send = self._frames, self._send
        first, self._first = self._first, None
        try:
            if first is not None:  # a frame whose send put() began: cancelling reaches it
                await _resume(*first)
                if not self._written():
                    return
            while frames:
                text = frames.popleft()
                self._chars -= len(text)
                await send({"type": "websocket.send", "text": text})
                if not self._written():
                    return
        except Exception:
            self._failed()
        finally:
            self._task = None
            waiting = self._frames
            if not waiting:
                self._frames = None
            elif waiting is not frames and self._open:  # queued after a drop: write them too
                self._task = self._loop.create_task(self._write())
