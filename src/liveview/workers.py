"""The threads that run sync handlers.

A lighter hand-off than ``asgiref.sync_to_async``: one C ``SimpleQueue.put``
to reach a worker and one ``LoopCalls.call`` to come back (sharing the loop
wake-up of the frames the handler sent), with no
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
from collections import deque
from collections.abc import Callable
from queue import SimpleQueue
from typing import Any

from liveview import _compat
from liveview.loopcalls import LoopCalls, calls_for

_Job = tuple[
    asyncio.AbstractEventLoop,
    LoopCalls,
    asyncio.Future[Any],
    contextvars.Context,
    Callable[..., Any],
    tuple[Any, ...],
    Any,  # the owner, or None
]

#: Who the sync calls of the current task are made for (a user or a client address):
#: set once per socket by the consumer; tasks it creates inherit it.
owner: contextvars.ContextVar[Any] = contextvars.ContextVar("liveview_worker_owner", default=None)


def _resolve(future: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if future.cancelled():
        return
    if error is None:
        future.set_result(result)
    else:
        future.set_exception(error)


class WorkerPool:
    """``size`` daemon threads, started on first use, serving every event loop.

    Fair between owners (see ``owner``): one owner's calls hold at most ``share``
    threads at a time (half the pool); its further calls wait in a queue of its own
    while other owners' calls go straight to the free threads. A call whose caller
    stopped waiting (the handler time limit) keeps its thread until it returns, and
    still counts against its owner; a thread is started in its place so the pool
    keeps ``size`` threads for everyone else (at most ``2 * size`` threads in all).
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.share = max(1, size // 2)
        self._jobs: SimpleQueue[_Job] = SimpleQueue()
        self._started = 0
        self._abandoned = 0  # threads still running a call nobody waits for
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._busy: dict[Any, int] = {}
        self._waiting: dict[Any, deque[_Job]] = {}

    def run(self, func: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
        """Run ``func(*args)`` in a worker; await the returned future for its result.
        Cancelling the future (a time limit) frees the caller, not the thread."""
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        if self._started < self.size + self._abandoned:
            self._start_one()
        key = owner.get()
        job = (loop, calls_for(loop), future, contextvars.copy_context(), func, args, key)
        future.add_done_callback(self._maybe_abandoned)
        if key is not None:
            with self._lock:
                busy = self._busy.get(key, 0)
                if busy >= self.share:
                    self._waiting.setdefault(key, deque()).append(job)
                    return future
                self._busy[key] = busy + 1
        self._jobs.put(job)
        return future

    def _maybe_abandoned(self, future: asyncio.Future[Any]) -> None:
        if future.cancelled():
            # Its thread (if it started) runs on; replace it for everyone else.
            with self._lock:
                self._abandoned += 1
                more = self._started < min(2 * self.size, self.size + self._abandoned)
            if more:
                self._start_one(limit=2 * self.size)

    def _done(self, key: Any) -> None:
        """``key``'s call returned: give its thread slot to its next waiting call."""
        with self._lock:
            waiting = self._waiting.get(key)
            if waiting:
                self._jobs.put(waiting.popleft())
                if not waiting:
                    del self._waiting[key]
                return
            busy = self._busy[key] - 1
            if busy:
                self._busy[key] = busy
            else:
                del self._busy[key]

    def _start_one(self, limit: int | None = None) -> None:
        with self._lock:
            if self._started >= (limit or self.size + self._abandoned):
                return
            self._started += 1
            number = self._started
        threading.Thread(target=self._work, name=f"liveview-worker-{number}", daemon=True).start()

    def _work(self) -> None:
        local: Any = _compat.sync_thread_state()
        local.main_event_loop_pid = self._pid
        jobs = self._jobs
        while True:
            loop, calls, future, context, func, args, key = jobs.get()
            if future.cancelled():  # its caller gave up before it started: skip it
                result, error = None, None
            else:
                local.main_event_loop = loop
                try:
                    result, error = context.run(func, *args), None
                except BaseException as exc:  # delivered to the awaiting coroutine
                    result, error = None, exc
            if key is not None:
                self._done(key)
            if future.cancelled():
                with self._lock:
                    self._abandoned = max(0, self._abandoned - 1)
            else:
                with contextlib.suppress(RuntimeError):  # that loop closed meanwhile
                    # With the frames the call sent, if the loop has not run them yet.
                    calls.call(_resolve, future, result, error)
            del loop, calls, future, context, func, args, result, error, key


def bind_owner(user: Any, client: str | None) -> None:
    """Make the current task's sync calls (and those of tasks it creates) count for
    ``user`` when authenticated, else for the client address ``client`` (none
    without an address: such calls are not shared out)."""
    if user is not None and getattr(user, "is_authenticated", False):
        owner.set(("user", user.pk))
    elif client:
        owner.set(("client", client))
    else:
        owner.set(None)


def default_size() -> int:
    """Like asyncio's default executor: enough for blocking I/O on a small machine."""
    return min(32, (os.cpu_count() or 1) + 4)


pool = WorkerPool(default_size())
