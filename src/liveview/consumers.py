"""The WebSocket consumer: connection life cycle, dispatch and error policy."""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer

from liveview.conf import config
from liveview.connections import BROADCAST_GROUP
from liveview.exceptions import ProtocolError
from liveview.protocol import ClientMessage, ErrorMessage, PushEvent, dumps, parse
from liveview.registry import liveview_registry

logger = logging.getLogger(__name__)

_Outgoing = str | Callable[[], Awaitable[None]]


class LiveViewConsumer(AsyncWebsocketConsumer):  # type: ignore[misc]
    """One browser tab's socket.

    Inbound messages are handled strictly in arrival order, in a task of their
    own, so the socket keeps receiving channel-layer pushes (broadcasts) while a
    slow handler runs. Outbound frames go through one ordered outbox, whatever
    thread queued them.
    """

    room: str

    async def connect(self) -> None:
        self.room = str(self.scope.get("url_route", {}).get("kwargs", {}).get("room_name", ""))
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._closed = False
        self._outbox: deque[_Outgoing] = deque()
        self._flush_task: asyncio.Task[None] | None = None
        self._inbox: deque[ClientMessage] = deque()
        self._work_task: asyncio.Task[None] | None = None
        if self.channel_layer is not None:
            await self.channel_layer.group_add(BROADCAST_GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        self._closed = True
        if self.channel_layer is not None:
            await self.channel_layer.group_discard(BROADCAST_GROUP, self.channel_name)

    async def websocket_disconnect(self, message: dict[str, Any]) -> None:
        # Channels' version also discards ``self.groups``; ours are managed above.
        await self.disconnect(message.get("code", 1000))
        raise StopConsumer()

    # Inbound --------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        cfg = config.get()
        if text_data is None:
            self._send_error("binary frames are not supported; send JSON text")
            return
        if len(text_data) > cfg.max_message_size:
            logger.warning(
                "Closing %s: frame of %d characters over the limit.", self.room, len(text_data)
            )
            self._closed = True
            await self.close(code=1009)
            return
        try:
            message = parse(text_data, max_depth=cfg.max_depth, max_keys=cfg.max_keys)
        except ProtocolError as exc:
            self._send_error(f"invalid message: {exc}")
            return
        message["room"] = self.room  # handlers always see the socket's own room
        self._inbox.append(message)
        if self._work_task is None:
            self._work_task = self._loop.create_task(self._work())

    async def _work(self) -> None:
        try:
            while self._inbox:
                await self._handle(self._inbox.popleft())
        finally:
            self._work_task = None

    async def _handle(self, message: ClientMessage) -> None:
        name = message["function"]
        entry = liveview_registry.entry(name)
        if entry is None:
            if config.get().debug:
                available = ", ".join(liveview_registry.list_functions()) or "none"
                text = f"Function '{name}' not found. Available functions: {available}"
            else:
                text = "Unknown function"
            logger.warning("Unknown function %r requested in room %s.", name[:100], self.room)
            self._send_error(text, function=name)
            return
        try:
            middleware = liveview_registry.middleware
            if middleware is not None and not await middleware(self, message, name):
                return
            await entry.call(self, message)
        except Exception as exc:
            reference = secrets.token_hex(4)
            logger.exception("Handler %r failed [ref %s] in room %s.", name, reference, self.room)
            if config.get().debug:
                text = f"Handler error: {exc}"
            else:
                text = f"Internal error (reference {reference})"
            self._send_error(text, function=name)

    # Outbound -------------------------------------------------------------------

    def push_text(self, text: str) -> None:
        """Queue one text frame for this socket; callable from any thread."""
        self._put(text)

    def push_group(self, group: str, event: PushEvent) -> None:
        """Queue a channel-layer group send, in order with this socket's frames."""
        layer = self.channel_layer

        async def group_send() -> None:
            await layer.group_send(group, event)

        self._put(group_send)

    async def liveview_push(self, event: PushEvent) -> None:
        """Channel-layer handler: a group send reached this socket."""
        self._enqueue(event["text"])

    def _send_error(self, text: str, function: str | None = None) -> None:
        message: ErrorMessage = {"error": text}
        if function is not None:
            message["function"] = function
        self._enqueue(dumps(message))

    def _put(self, item: _Outgoing) -> None:
        if threading.get_ident() == self._loop_thread:
            self._enqueue(item)
        else:
            try:
                self._loop.call_soon_threadsafe(self._enqueue, item)
            except RuntimeError:  # the server's loop has shut down
                logger.debug("Dropping a frame queued after the event loop closed.")

    def _enqueue(self, item: _Outgoing) -> None:
        if self._closed:
            logger.debug("Dropping a frame for closed socket in room %s.", self.room)
            return
        self._outbox.append(item)
        if self._flush_task is None:
            self._flush_task = self._loop.create_task(self._flush())

    async def _flush(self) -> None:
        try:
            while self._outbox:
                item = self._outbox.popleft()
                if isinstance(item, str):
                    await self.send(text_data=item)
                else:
                    await item()
        except Exception:
            # The socket went away mid-send, or the layer failed: never crash the loop.
            logger.exception(
                "Sending to room %s failed; dropping %d queued frame(s).",
                self.room,
                len(self._outbox),
            )
            self._outbox.clear()
        finally:
            self._flush_task = None
