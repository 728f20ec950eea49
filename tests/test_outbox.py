"""The outbox writes a frame in put() when nothing is ahead of it, and keeps its order,
bound and error handling when the server's send waits or fails."""

from __future__ import annotations

import asyncio
import logging

import pytest

from liveview.metrics import metrics
from liveview.outbox import MAX_QUEUED_CHARS, Outbox


class Server:
    """An ASGI send that records frames; ``hold()`` makes the next sends wait on a gate."""

    def __init__(self) -> None:
        self.started: list[str] = []
        self.written: list[str] = []
        self.events: list[str] = []
        self.gate: asyncio.Future[None] | None = None
        self.fail_at_start: set[str] = set()
        self.fail_after_wait: set[str] = set()
        self.during_send: dict[str, object] = {}

    def hold(self) -> asyncio.Future[None]:
        self.gate = asyncio.get_running_loop().create_future()
        return self.gate

    async def send(self, message: dict) -> None:
        text = message["text"]
        self.started.append(text)
        if text in self.during_send:
            self.during_send.pop(text)()  # type: ignore[operator]
        if text in self.fail_at_start:
            raise ConnectionResetError(f"gone before {text}")
        if self.gate is not None:
            try:
                await self.gate
            except asyncio.CancelledError:
                self.events.append(f"cancelled {text}")
                raise
            finally:
                self.events.append(f"ended {text}")
        if text in self.fail_after_wait:
            raise ConnectionResetError(f"gone while writing {text}")
        self.written.append(text)


def idle(outbox: Outbox) -> bool:
    return outbox._task is None and outbox._frames is None


def make(server: Server, limit: int = 10, overflows: list[int] | None = None) -> Outbox:
    seen = overflows if overflows is not None else []
    outbox = Outbox(asyncio.get_running_loop(), server.send, limit, seen.append)
    outbox.open()
    return outbox


async def test_a_frame_is_written_in_put_without_a_task():
    server = Server()
    outbox = make(server)
    before = metrics.frames_sent
    outbox.put("a")
    assert server.written == ["a"]
    assert idle(outbox)
    assert metrics.frames_sent == before + 1
    outbox.put("b")
    assert server.written == ["a", "b"]
    await outbox.drain()  # nothing pending: returns at once


async def test_a_send_that_waits_is_finished_by_a_task_and_later_frames_queue_behind_it():
    server = Server()
    outbox = make(server)
    gate = server.hold()
    outbox.put("a")
    assert server.started == ["a"]  # begun in put(), now waiting for the transport
    assert outbox._task is not None
    outbox.put("b")
    outbox.put("c")
    assert server.started == ["a"]  # queued behind "a", not written beside it
    before = metrics.frames_sent
    server.gate = None
    gate.set_result(None)
    await outbox.drain()
    assert server.written == ["a", "b", "c"]
    assert metrics.frames_sent == before + 3
    assert idle(outbox)
    outbox.put("d")  # idle again: written at once
    assert server.written == ["a", "b", "c", "d"]


async def test_a_send_waiting_on_a_plain_future_is_finished_too():
    loop = asyncio.get_running_loop()
    done: asyncio.Future[None] = loop.create_future()
    done.set_result(None)
    pending: asyncio.Future[None] = loop.create_future()
    sends = iter([done, pending])
    outbox = Outbox(loop, lambda message: next(sends), 10, lambda waiting: None)
    outbox.open()
    outbox.put("a")
    assert outbox._task is None  # the future was done: written in put()
    outbox.put("b")
    assert outbox._task is not None
    pending.set_result(None)
    await outbox.drain()
    assert outbox._task is None


async def test_a_send_that_raises_at_once_is_logged_and_the_next_frame_is_tried(caplog):
    caplog.set_level(logging.DEBUG, logger="liveview.outbox")
    server = Server()
    server.fail_at_start.add("a")
    outbox = make(server)
    outbox.put("a")  # does not raise at the caller
    assert [r.message for r in caplog.records] == [
        "Writing to a socket failed; dropping 0 frame(s)."
    ]
    assert idle(outbox)
    outbox.put("b")
    assert server.written == ["b"]


async def test_a_send_that_raises_after_waiting_drops_the_frames_behind_it(caplog):
    caplog.set_level(logging.DEBUG, logger="liveview.outbox")
    server = Server()
    server.fail_after_wait.add("a")
    outbox = make(server)
    gate = server.hold()
    outbox.put("a")
    assert server.started == ["a"]
    outbox.put("b")
    outbox.put("c")
    gate.set_result(None)
    await outbox.drain()
    assert server.written == []
    assert server.started == ["a"]
    assert [r.message for r in caplog.records] == [
        "Writing to a socket failed; dropping 2 frame(s)."
    ]
    assert idle(outbox)
    server.gate = None
    outbox.put("d")  # the next frame is tried again, as before
    assert server.written == ["d"]


async def test_a_put_from_inside_the_send_waits_for_the_frame_being_written():
    server = Server()
    outbox = make(server)
    server.during_send["a"] = lambda: outbox.put("b")
    outbox.put("a")
    assert server.written == ["a"]  # "b" was not written inside "a"'s send
    await outbox.drain()
    assert server.written == ["a", "b"]


async def test_a_put_from_inside_a_send_that_then_waits_keeps_its_place():
    server = Server()
    outbox = make(server)
    gate = server.hold()
    server.during_send["a"] = lambda: outbox.put("b")
    outbox.put("a")
    outbox.put("c")
    assert server.started == ["a"]
    server.gate = None
    gate.set_result(None)
    await outbox.drain()
    assert server.written == ["a", "b", "c"]


async def test_close_ends_the_send_put_began_before_its_task_ran():
    server = Server()
    outbox = make(server)
    server.hold()
    outbox.put("a")
    outbox.put("b")
    task = outbox._task
    assert task is not None
    outbox.close()
    assert server.events == ["ended a"]  # closed, not left for the garbage collector
    await asyncio.wait([task])
    assert server.started == ["a"]
    assert outbox._frames is None


async def test_close_cancels_the_send_its_task_finishes():
    server = Server()
    outbox = make(server)
    server.hold()
    outbox.put("a")
    task = outbox._task
    assert task is not None
    while outbox._first is not None:  # until the task has taken the send over
        await asyncio.sleep(0)
    outbox.close()
    await asyncio.wait([task])
    assert server.events == ["cancelled a", "ended a"]  # the server's send saw the cancellation


async def test_frames_waiting_behind_a_send_count_for_the_bound():
    server = Server()
    overflows: list[int] = []
    outbox = make(server, limit=2, overflows=overflows)
    gate = server.hold()
    outbox.put("a")  # being written: not waiting
    outbox.put("b")
    outbox.put("c")
    assert overflows == []
    outbox.put("d")
    assert overflows == [3]
    server.gate = None
    gate.set_result(None)
    await outbox.drain()
    assert server.written == ["a"]


async def test_a_frame_over_the_character_bound_overflows_without_being_written():
    server = Server()
    overflows: list[int] = []
    outbox = make(server, overflows=overflows)
    outbox.put("x" * (MAX_QUEUED_CHARS + 1))
    assert overflows == [1]
    assert server.started == []


async def test_the_transport_backlog_is_checked_after_a_frame_written_in_put():
    server = Server()
    overflows: list[int] = []
    outbox = make(server, overflows=overflows)
    outbox._backlog = lambda: MAX_QUEUED_CHARS + 1  # daphne's buffer holds too much
    outbox.put("a")
    assert server.written == ["a"]
    assert overflows == [0]


async def test_frames_before_open_go_first_in_order():
    server = Server()
    outbox = Outbox(asyncio.get_running_loop(), server.send, 10, lambda waiting: None)
    outbox.put("a")
    outbox.put("b")
    assert server.started == []
    outbox.open()
    outbox.put("c")
    await outbox.drain()
    assert server.written == ["a", "b", "c"]


@pytest.mark.parametrize("when", ["at once", "after waiting"])
async def test_nothing_is_written_after_close(when):
    server = Server()
    outbox = make(server)
    if when == "after waiting":
        server.hold()
        outbox.put("a")
    outbox.close()
    outbox.put("b")
    await outbox.drain()
    assert "b" not in server.started
