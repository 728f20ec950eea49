"""Calls from threads onto the event loop: in order, one wake-up per burst, never lost."""

from __future__ import annotations

import asyncio
import gc
import threading
import weakref

import pytest

from liveview.loopcalls import LoopCalls, calls_for
from liveview.workers import WorkerPool


class CountingLoop(asyncio.SelectorEventLoop):
    """An event loop that counts its thread-safe wake-ups."""

    def __init__(self) -> None:
        super().__init__()
        self.wakeups = 0

    def call_soon_threadsafe(self, callback, *args, context=None):  # type: ignore[override]
        self.wakeups += 1
        return super().call_soon_threadsafe(callback, *args, context=context)


@pytest.fixture
def loop():
    loop = CountingLoop()
    yield loop
    loop.close()


def _run_until(loop: asyncio.AbstractEventLoop, done: threading.Event) -> None:
    async def wait() -> None:
        while not done.is_set():
            await asyncio.sleep(0)

    loop.run_until_complete(asyncio.wait_for(wait(), 5))


def test_a_burst_made_before_the_loop_runs_costs_one_wakeup(loop):
    calls, seen, done = LoopCalls(loop), [], threading.Event()
    for number in range(5):
        calls.call(seen.append, number)
    calls.call(done.set)
    _run_until(loop, done)
    assert seen == [0, 1, 2, 3, 4]
    assert loop.wakeups == 1


def test_calls_after_a_burst_ran_wake_the_loop_again(loop):
    calls, seen = LoopCalls(loop), []
    first, second = threading.Event(), threading.Event()
    calls.call(seen.append, "a")
    calls.call(first.set)
    _run_until(loop, first)
    calls.call(seen.append, "b")
    calls.call(second.set)
    _run_until(loop, second)
    assert seen == ["a", "b"]
    assert loop.wakeups == 2


def test_order_holds_per_thread_with_many_threads(loop):
    calls, seen = LoopCalls(loop), []
    finished = threading.Event()
    remaining = [4]
    lock = threading.Lock()

    def producer(name: str) -> None:
        for number in range(2000):
            calls.call(seen.append, (name, number))
        with lock:
            remaining[0] -= 1
            if remaining[0] == 0:
                calls.call(finished.set)

    threads = [threading.Thread(target=producer, args=(str(n),)) for n in range(4)]
    for thread in threads:
        thread.start()
    _run_until(loop, finished)
    for thread in threads:
        thread.join()
    assert len(seen) == 8000
    for name in "0123":
        assert [n for who, n in seen if who == name] == list(range(2000))
    assert loop.wakeups < 8001


def test_a_failing_call_is_reported_and_the_next_ones_still_run(loop):
    calls, seen, reported, done = LoopCalls(loop), [], [], threading.Event()
    loop.set_exception_handler(lambda _loop, context: reported.append(context["exception"]))

    def fail() -> None:
        raise ValueError("boom")

    calls.call(fail)
    calls.call(seen.append, "after")
    calls.call(done.set)
    _run_until(loop, done)
    assert seen == ["after"]
    assert [str(exc) for exc in reported] == ["boom"]


def test_a_closed_loop_raises_like_call_soon_threadsafe(loop):
    calls = LoopCalls(loop)
    loop.close()
    with pytest.raises(RuntimeError):
        calls.call(print)
    with pytest.raises(RuntimeError):  # and again: nothing was left marked as scheduled
        calls.call(print)


def test_the_registry_does_not_keep_loops_alive():
    loop = asyncio.new_event_loop()
    assert calls_for(loop) is calls_for(loop)
    ref = weakref.ref(loop)
    loop.close()
    del loop
    gc.collect()
    assert ref() is None


def test_a_sync_call_and_the_frame_it_sends_share_one_wakeup(loop):
    """A handler's frame and its result come back together when the loop is busy."""
    pool = WorkerPool(1)
    calls = calls_for(loop)
    seen: list[str] = []
    handler_done = threading.Event()

    def handler() -> str:
        calls.call(seen.append, "frame")  # what send(consumer, ...) does from the worker
        handler_done.set()
        return "result"

    async def main() -> str:
        future = pool.run(handler)
        # Keep the loop busy (no await) until the worker has returned, as a loop
        # serving other sockets would be; both calls then wait in one burst.
        assert handler_done.wait(5)
        while len(calls._calls) < 2:  # the result's call is queued right after
            pass
        await asyncio.sleep(0)
        return await future

    before = loop.wakeups
    assert loop.run_until_complete(main()) == "result"
    assert seen == ["frame"]
    assert loop.wakeups - before == 1
