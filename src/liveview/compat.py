"""The original Django LiveView consumer's public surface, on liveview's consumer.

Code written for the original reads ``consumer.room_name``,
``consumer.room_group_name`` and ``consumer.channel_name``, calls
``send_to_group()``/``broadcast_to_all()``/``send_json()``, and sends
``{"type": "broadcast_message", "message": data}`` events to the consumer's
groups or to its channel. All of that keeps working here:

- group events reach sockets through the process hub (hub.py), which handles
  ``broadcast_message`` for every group it serves;
- ``channel_name`` costs nothing until it is read: the first read creates the
  socket's own layer channel and a task that receives on it, dispatching each
  event by ``type`` to the consumer's method of that name as channels' generic
  consumers do; the task ends when the socket closes.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from asgiref.sync import async_to_sync, sync_to_async
from channels.consumer import get_handler_name

from liveview._compat import new_channel_now
from liveview.groups import BROADCAST_GROUP
from liveview.hub import BROADCAST_MESSAGE
from liveview.protocol import dumps

if TYPE_CHECKING:
    from liveview.hub import Hub

logger = logging.getLogger(__name__)

#: Seconds between two tries when the socket's channel cannot be received from.
_RETRY = 1.0


class OriginalConsumerAPI:
    """Mixed into ``LiveViewConsumer``; see the module docstring."""

    #: The group every socket joins (the original's ``BROADCAST_GROUP``).
    broadcast_group = BROADCAST_GROUP
    #: The group this socket's room-wide sends go to: ``room_<room>`` when the socket
    #: legitimately shares the room, else a group of its own session (rooms.py).
    room_group_name: str

    room: str
    channel_layer: Any
    _hub: Hub | None
    _closed: bool
    _loop: asyncio.AbstractEventLoop
    _loop_thread: int
    _channel_name: str | None = None
    _channel_task: asyncio.Task[None] | None = None

    if TYPE_CHECKING:

        def _enqueue(self, text: str) -> None: ...
        def _call(self, function: Callable[..., None], *args: Any) -> None: ...

    @property
    def room_name(self) -> str:
        """The room from the socket's URL (``data-room``)."""
        return self.room

    @property
    def channel_name(self) -> str:
        """This socket's own channel-layer channel, created on first read.

        Events sent to it (``channel_layer.send(name, event)``, or a
        ``group_send`` to a group it was added to) call the consumer method named
        by their ``type``, e.g. ``broadcast_message``. Readable from sync handlers
        and, with the in-memory and Redis layers, from the event loop too.
        """
        if self._channel_name is None:
            if self.channel_layer is None:
                raise RuntimeError("channel_name needs CHANNEL_LAYERS to be configured.")
            self._channel_name = self._new_channel()
            self._call(self._start_channel_task)
        return self._channel_name

    def _new_channel(self) -> str:
        if threading.get_ident() != self._loop_thread:
            return str(async_to_sync(self.channel_layer.new_channel)())
        name = new_channel_now(self.channel_layer)
        if name is None:
            raise RuntimeError(
                "This channel layer creates channels asynchronously: read "
                "consumer.channel_name from a sync handler."
            )
        return name

    def _start_channel_task(self) -> None:
        if self._closed or self._channel_task is not None or self._channel_name is None:
            return
        self._channel_task = self._loop.create_task(self._receive_channel(self._channel_name))

    def _stop_channel_task(self) -> None:
        """Release the socket's channel task (called once the socket is closed)."""
        task, self._channel_task = self._channel_task, None
        if task is not None:
            task.cancel()

    async def _receive_channel(self, channel: str) -> None:
        while True:
            try:
                event = await self.channel_layer.receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("Receiving on %s failed; retrying.", channel, exc_info=True)
                await asyncio.sleep(_RETRY)
                continue
            try:
                await self._dispatch_event(event)
            except Exception:
                logger.exception("Handling a %r event failed.", event.get("type"))

    async def _dispatch_event(self, event: dict[str, Any]) -> None:
        name = get_handler_name(event)
        handler = None if name.startswith("websocket_") else getattr(self, name, None)
        if handler is None or not callable(handler):
            logger.warning("No handler for a %r event on a liveview socket.", event["type"])
            return
        if inspect.iscoroutinefunction(handler):
            await handler(event)
        elif getattr(handler, "__func__", None) is OriginalConsumerAPI.broadcast_message:
            handler(event)  # only queues a frame: no thread hop
        else:
            await sync_to_async(handler, thread_sensitive=False)(event)

    # The original's methods ------------------------------------------------------------

    def broadcast_message(self, event: dict[str, Any]) -> None:
        """Handles a ``broadcast_message`` event: sends ``event["message"]`` to this
        socket's browser as a JSON frame."""
        self.send_json(event["message"])

    def send_json(self, content: Any) -> None:
        """Send ``content`` as one JSON frame to this socket's browser (any thread)."""
        text = dumps(content)
        self._call(self._enqueue, text)

    def send_to_group(self, group_name: str, message: Any) -> None:
        """Send ``message`` to every socket of ``group_name`` on every process, as a
        ``broadcast_message`` event. Returns at once, from any thread; a channel-layer
        failure is logged."""
        if self._hub is None:
            raise RuntimeError("send_to_group() needs CHANNEL_LAYERS to be configured.")
        dumps(message)  # a non-serialisable message raises here, in the caller
        event = {"type": BROADCAST_MESSAGE, "message": message}
        self._call(self._hub.group_send, group_name, event)

    def broadcast_to_all(self, message: Any) -> None:
        """``send_to_group`` to the group every socket joins."""
        self.send_to_group(self.broadcast_group, message)
