"""Sending to browsers: from handlers (``send``, ``join``, ``leave``) and from
anywhere else (``push``, ``apush``).

``send`` is a plain function that is safe from every place a handler runs: the
event loop (async handlers), a worker thread (sync handlers) and any thread a
handler starts. It never blocks: frames are queued on the consumer's ordered
outbox, so they reach the browser in the order ``send`` was called.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from liveview.feed_sync import number_event
from liveview.groups import BROADCAST_GROUP, room_group, topic_group
from liveview.hub import running_hubs
from liveview.loopcalls import calls_for
from liveview.protocol import GroupEvent, dumps

if TYPE_CHECKING:
    from liveview.consumers import LiveViewConsumer

logger = logging.getLogger(__name__)

__all__ = ["BROADCAST_GROUP", "apush", "join", "leave", "push", "send"]


def send(
    consumer: LiveViewConsumer | None,
    data: Any,
    broadcast: bool = False,
    *,
    topic: str | None = None,
    room: bool = False,
) -> None:
    """Send ``data`` (JSON-serialisable, usually an update dict) from a handler.

    By default it goes to this consumer's browser tab only. ``broadcast=True``:
    to every connected client of every process sharing the channel layer, this
    one included. ``topic="chat:42"``: to every socket that joined that topic.
    ``room=True``: to every socket that legitimately shares this socket's room
    (its other tabs; see docs/security.md). Give at most one of the three.
    Returns at once; a non-serialisable ``data`` raises ``TypeError`` here. Sends
    to a closed socket are dropped. ``consumer`` may be None with
    ``broadcast=True`` (a thread, a view, a command): that is ``push(data,
    broadcast=True)``.
    """
    if (broadcast, topic is not None, room).count(True) > 1:
        raise TypeError("send() takes at most one of broadcast=True, topic=..., room=True.")
    if consumer is None:
        if not broadcast:
            raise ValueError("send() needs a consumer unless broadcast=True.")
        push(data, broadcast=True)
        return
    text = dumps(data)
    if broadcast:
        consumer._publish(BROADCAST_GROUP, text)
    elif topic is not None:
        consumer._publish(topic_group(topic), text)
    elif room:
        consumer._publish(consumer.room_group_name, text)
    else:
        consumer._push_text(text)


def join(consumer: LiveViewConsumer, topic: str) -> None:
    """Subscribe this socket to ``topic``: later sends to it reach this tab.

    Callable from any thread; takes effect before any later ``send``/``push`` made
    by the same thread. Leaving happens by itself when the socket closes.
    """
    consumer._join_group(topic_group(topic))


def leave(consumer: LiveViewConsumer, topic: str) -> None:
    """Unsubscribe this socket from ``topic``. Leaving a topic never joined is a no-op."""
    consumer._leave_group(topic_group(topic))


def _push_event(data: Any, topic: str | None, room: str | None, broadcast: bool) -> GroupEvent:
    """The group message for a push; raises ``TypeError`` unless exactly one target."""
    if (broadcast, topic is not None, room is not None).count(True) != 1:
        raise TypeError("push() needs exactly one of topic=..., room=..., broadcast=True.")
    if topic is not None:
        group = topic_group(topic)
    elif room is not None:
        group = room_group(room)
    else:
        group = BROADCAST_GROUP
    return {"type": "liveview.group", "group": group, "origin": "push", "text": dumps(data)}


def _emit(event: GroupEvent) -> bool:
    """Hand ``event`` to this process's hub when there is one; True if it was."""
    layer = get_channel_layer()
    hubs = running_hubs(layer)
    if not hubs:
        return False
    for hub in hubs:
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is hub.loop:
            hub.publish(event)
        else:
            calls_for(hub.loop).call(hub.publish, event)
    return True


def push(
    data: Any, *, topic: str | None = None, room: str | None = None, broadcast: bool = False
) -> None:
    """Send ``data`` from anywhere: a view, a signal, a management command, a task
    worker with no WebSocket at all.

    Exactly one target: ``topic="chat:42"``, ``room=<a room id>`` (the sockets
    that legitimately share that room, i.e. the group ``room_<id>``) or
    ``broadcast=True``. In a process serving WebSockets the message goes through
    that process's hub (local sockets at once, other processes through the
    channel layer); elsewhere it is sent on the channel layer, which must then be
    shared (Redis). From async code use ``await apush(...)``.
    """
    event = _push_event(data, topic, room, broadcast)
    try:
        running: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
    except RuntimeError:
        running = None
    # On a hub's own loop the hand-over never blocks; on any other loop it would.
    if running is not None and not any(
        hub.loop is running for hub in running_hubs(get_channel_layer())
    ):
        raise RuntimeError("push() was called from async code; use `await apush(...)` there.")
    if not _emit(event):
        layer = get_channel_layer()
        number_event(layer, event)  # in the shared log, when there is one
        async_to_sync(layer.group_send)(event["group"], event)


async def apush(
    data: Any, *, topic: str | None = None, room: str | None = None, broadcast: bool = False
) -> None:
    """``push`` for async code."""
    event = _push_event(data, topic, room, broadcast)
    if not _emit(event):
        layer = get_channel_layer()
        await asyncio.to_thread(number_event, layer, event)  # blocking redis-py
        await layer.group_send(event["group"], event)
