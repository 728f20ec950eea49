"""Calls from other threads onto an event loop: one wake-up per burst, in order.

``loop.call_soon_threadsafe`` wakes the loop (a write to its self-pipe, then an
epoll return and a read) for every call. A sync handler's thread makes several
calls in a row: each frame it sends, then its result. Through ``LoopCalls`` the
first call of a burst wakes the loop and later ones join it while it has not
run yet, so a handler that sends one frame and returns costs one wake-up, not
two. Nothing waits for a batch: the first call is scheduled at once.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections import deque
from collections.abc import Callable
from typing import Any

_Call = tuple[Callable[..., Any], tuple[Any, ...]]


class LoopCalls:
    """FIFO calls onto one event loop from any thread."""

    __slots__ = ("_calls", "_lock", "_loop", "_scheduled")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        # Weak: the registry below is keyed weakly by the loop, and its values must
        # not keep their key alive.
        self._loop = weakref.ref(loop)
        self._calls: deque[_Call] = deque()
        self._lock = threading.Lock()
        self._scheduled = False

    def call(self, function: Callable[..., Any], *args: Any) -> None:
        """Run ``function(*args)`` on the loop after every call made here before it.

        Raises ``RuntimeError`` when the loop is closed, as ``call_soon_threadsafe``."""
        with self._lock:
            self._calls.append((function, args))
            if self._scheduled:
                return
            self._scheduled = True
        loop = self._loop()
        try:
            if loop is None:
                raise RuntimeError("Event loop is closed")
            loop.call_soon_threadsafe(self._run)
        except RuntimeError:
            with self._lock:
                self._scheduled = False
                self._calls.clear()
            raise

    def _run(self) -> None:
        """On the loop: run the calls queued so far; later ones get a turn of their own."""
        calls, lock, loop = self._calls, self._lock, asyncio.get_running_loop()
        for _ in range(len(calls)):
            with lock:
                function, args = calls.popleft()
            try:
                function(*args)
            except Exception as exc:  # as the loop does for a failing callback
                loop.call_exception_handler(
                    {"message": f"Exception in callback {function!r}", "exception": exc}
                )
        with lock:
            if calls:  # queued while these ran: after what else is ready
                loop.call_soon(self._run)
            else:
                self._scheduled = False


_by_loop: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LoopCalls] = (
    weakref.WeakKeyDictionary()
)
_registry_lock = threading.Lock()


def calls_for(loop: asyncio.AbstractEventLoop) -> LoopCalls:
    """The ``LoopCalls`` of ``loop`` (one per loop, made on first use)."""
    calls = _by_loop.get(loop)
    if calls is None:
        with _registry_lock:
            calls = _by_loop.get(loop)
            if calls is None:
                calls = _by_loop[loop] = LoopCalls(loop)
    return calls
