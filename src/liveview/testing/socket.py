"""A ``LiveClient``'s socket: the consumer in process, acknowledgements, reconnects.

It plays ``socket.js`` and ``intents.js``: messages are kept from the moment they are
sent until the server acknowledges their ref; messages made while disconnected wait
in a queue; after a reconnect, those written on the earlier socket are sent again
flagged ``replay``, then the queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

from liveview.testing.communicator import TEST_ORIGIN, LiveViewCommunicator
from liveview.testing.exceptions import LiveClientError, NotConnected, WaitTimeout

Frame = dict[str, Any]


class TabSocket:
    """One tab's connection. ``on_frame`` applies each frame the server sends, in order;
    a frame's acknowledgement is recorded before it runs."""

    def __init__(self, on_frame: Callable[[Frame], Awaitable[None]], timeout: float) -> None:
        self._on_frame = on_frame
        self.timeout = timeout
        self.frames: list[Frame] = []
        #: Messages sent, in order.
        self.sent: list[Frame] = []
        self.close_code: int | None = None
        self._target: tuple[Any, str, str, list[tuple[bytes, bytes]]] | None = None
        self._comm: LiveViewCommunicator | None = None
        self._dropped: list[LiveViewCommunicator] = []  # closed abruptly, maybe still ending
        self._reader: asyncio.Task[None] | None = None
        self._pending: dict[str, Frame] = {}  # ref -> message, until acknowledged
        self._queued: list[Frame] = []  # made while not connected
        self._waiters: list[asyncio.Future[None]] = []

    @property
    def connected(self) -> bool:
        return self._comm is not None

    async def connect(self, application: Any, path: str, room: str, cookie: str) -> None:
        """Open the socket to ``path`` (with ``{room}`` in it) as the page's tab does."""
        headers = [(b"cookie", cookie.encode())] if cookie else []
        self._target = (application, path, room, headers)
        self._pending.clear()
        self._queued.clear()
        await self._open()

    async def _open(self) -> LiveViewCommunicator:
        assert self._target is not None
        application, path, room, headers = self._target
        comm = LiveViewCommunicator(
            application, room, path=path, origin=TEST_ORIGIN, headers=headers
        )
        connected, code = await comm.connect(timeout=self.timeout)
        if not connected:
            self.close_code = code
            raise NotConnected(
                f"the server refused the socket to {path.format(room=room)!r} (close code "
                f"{code}); the client's Origin is {TEST_ORIGIN}: is 'testserver' in "
                "ALLOWED_HOSTS (Django's test runner adds it) and the route right (ws_path)?",
                self.frames,
            )
        self._comm = comm
        self.close_code = None
        self._reader = asyncio.get_running_loop().create_task(self._read(comm))
        return comm

    async def send(self, message: Frame) -> None:
        self.sent.append(message)
        self._pending[message["ref"]] = message
        if self._comm is None:
            self._queued.append(message)
            return
        await self._comm.send_json_to(message)

    async def settle(self, description: str) -> None:
        """Wait until every message sent is acknowledged (not while disconnected: they
        wait for ``reconnect``)."""
        try:
            await self.wait_for(lambda: not self._pending or self._comm is None, self.timeout)
        except WaitTimeout:
            refs = ", ".join(f"{m['function']} ({ref})" for ref, m in self._pending.items())
            raise WaitTimeout(
                f"{description}: no acknowledgement within {self.timeout}s for {refs}", self.frames
            ) from None
        # Other clients' readers run on this loop too: let them take what is queued.
        for _ in range(3):
            await asyncio.sleep(0)

    async def wait_for(self, predicate: Callable[[], bool], timeout: float) -> None:
        """Wait until ``predicate()`` is true, checking after each frame applied."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while not predicate():
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise WaitTimeout(f"waited {timeout}s and the condition never held", self.frames)
            waiter = loop.create_future()
            self._waiters.append(waiter)
            with contextlib.suppress(TimeoutError, asyncio.TimeoutError):
                await asyncio.wait_for(waiter, remaining)

    async def drop(self) -> None:
        comm = self._comm
        if comm is None:
            raise NotConnected("drop(): the client is not connected", self.frames)
        self._comm = None
        # A lost connection waits for nothing: the server ends the socket on its own time.
        await self._stop(comm, 1006, wait=False)
        self._dropped.append(comm)

    async def reconnect(self) -> None:
        if self._comm is not None:
            raise LiveClientError("reconnect(): the client is connected; drop() it first")
        if self._target is None:
            raise LiveClientError("reconnect(): no page loaded: call get(url) first")
        comm = await self._open()
        queued, self._queued = self._queued, []
        for message in list(self._pending.values()):
            if message not in queued:
                await comm.send_json_to({**message, "replay": True})
        for message in queued:
            await comm.send_json_to(message)
        await self.settle("reconnecting")

    async def close(self) -> None:
        comm, self._comm = self._comm, None
        if comm is not None:
            await self._stop(comm, 1001)
        dropped, self._dropped = self._dropped, []
        for old in dropped:
            with contextlib.suppress(asyncio.CancelledError):
                await old.wait(timeout=self.timeout)

    async def _stop(self, comm: LiveViewCommunicator, code: int, wait: bool = True) -> None:
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
        await comm.send_input({"type": "websocket.disconnect", "code": code})
        if wait:
            with contextlib.suppress(asyncio.CancelledError):
                await comm.wait(timeout=self.timeout)
        self.wake()

    async def _read(self, comm: LiveViewCommunicator) -> None:
        while True:
            getting = asyncio.ensure_future(comm.output_queue.get())
            try:
                await asyncio.wait([getting, comm.future], return_when=asyncio.FIRST_COMPLETED)
            finally:
                if not getting.done():
                    getting.cancel()
            if getting.cancelled():  # the application ended without closing: it failed
                self._closed(comm, 1011)
                return
            message = getting.result()
            if message["type"] == "websocket.close":
                self._closed(comm, message.get("code", 1000))
                return
            if message["type"] != "websocket.send" or message.get("text") is None:
                continue
            frame = json.loads(message["text"])
            if isinstance(frame, dict):
                self.frames.append(frame)
                if frame.get("ack") is not None:
                    self._pending.pop(str(frame["ack"]), None)
                await self._on_frame(frame)
                self.wake()

    def _closed(self, comm: LiveViewCommunicator, code: int) -> None:
        self.close_code = code
        if self._comm is comm:
            self._comm = None
        self.wake()

    def wake(self) -> None:
        """Let every ``wait_for`` look again."""
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)
