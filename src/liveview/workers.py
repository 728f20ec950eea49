"""The threads that run sync handlers.

A lighter hand-off than ``asgiref.sync_to_async``: one C ``SimpleQueue.put``
to reach a worker and one ``call_soon_threadsafe`` to come back, with no
``concurrent.futures.Future`` (and its ``Condition``) or future chaining in
between. Profiling put asgiref's hand-off at about half of a sync handler's
server CPU per message (issue #6).

Workers set asgiref's thread-local main loop before each call, exactly as
``sync_to_async`` does, so ``async_to_sync(...)`` inside a handler still runs
the coroutine on the server's event loop (channel layers, ``apush``).
``contextvars`` are copied into the worker for each call, as asgiref does.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import os
import threading
from collections.abc import Callable
from queue import SimpleQueue
from typing import Any

from liveview import _compat

_Job = tuple[
    asyncio.AbstractEventLoop,
    asyncio.Future[Any],
    contextvars.Context,
    Callable[..., Any],
    tuple[Any, ...],
]


def _resolve(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.cancelled():
        return
    if error is None:
        future.set_result(result)
    else:
        future.set_exception(error)


class WorkerPool:
    """``size`` daemon threads, started on first use, serving every event loop."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._jobs: SimpleQueue[_Job] = SimpleQueue()
        self._started = 0
        self._lock = threading.Lock()
        self._pid = os.getpid()

    def run(self, func: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
        """Run ``func(*args)`` in a worker; await the returned future for its result."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        if self._started < self.size:
            self._start_one()
        self._jobs.put((loop, future, contextvars.copy_context(), func, args))
        return future

    def _start_one(self) -> None:
        with self._lock:
            if self._started >= self.size:
                return
            self._started += 1
            number = self._started
        threading.Thread(target=self._work, name=f"liveview-worker-{number}", daemon=True).start()

    def _work(self) -> None:
        local: Any = _compat.sync_thread_state()
        local.main_event_loop_pid = self._pid
        jobs = self._jobs
        while True:
            loop, future, context, func, args = jobs.get()
            local.main_event_loop = loop
            try:
                result, error = context.run(func, *args), None
            except BaseException as exc:  # delivered to the awaiting coroutine
                result, error = None, exc
            with contextlib.suppress(RuntimeError):  # that loop closed meanwhile
                loop.call_soon_threadsafe(_resolve, future, result, error)
            del loop, future, context, func, args, result, error


def default_size() -> int:
    """Like asyncio's default executor: enough for blocking I/O on a small machine."""
    return min(32, (os.cpu_count() or 1) + 4)


pool = WorkerPool(default_size())
