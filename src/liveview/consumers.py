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
from liveview.limits import TokenBucket, connections_per_ip
from liveview.origins import origin_allowed
from liveview.protocol import ClientMessage, ErrorMessage, PushEvent, dumps, parse
from liveview.registry import liveview_registry
from liveview.revocation import user_group
from liveview.rooms import room_allowed, session_key_of

logger = logging.getLogger(__name__)

_Outgoing = str | Callable[[], Awaitable[None]]

#: Close codes sent by the server (4000-4999 are the application's own).
CLOSE_TOO_BIG = 1009
CLOSE_REVOKED = 4401
CLOSE_FORBIDDEN_ROOM = 4403
CLOSE_RATE_LIMITED = 4429

#: Messages waiting for a slow handler on one socket before new ones are refused.
MAX_PENDING = 100

_RATE_LIMITED = dumps({"error": "too many messages; some were dropped"})
_BUSY = dumps({"error": "too many messages waiting; this one was dropped"})


class LiveViewConsumer(AsyncWebsocketConsumer):  # type: ignore[misc]
    """One browser tab's socket.

    The handshake is refused (HTTP 403) for a foreign Origin or too many sockets
    from one IP; a room the server did not issue to this session is closed with
    4403. Inbound messages are rate limited, then handled strictly in arrival
    order in a task of their own, so the socket keeps receiving channel-layer
    pushes while a slow handler runs. Outbound frames go through one ordered
    outbox, whatever thread queued them.
    """

    room: str

    async def websocket_connect(self, message: dict[str, Any]) -> None:
        cfg = config.get()
        self._closed = True  # until accepted: nothing may be queued for this socket
        self._ip: str | None = None
        self._groups: list[str] = []
        if not origin_allowed(self.scope.get("headers", ()), cfg):
            logger.warning("Refused a WebSocket handshake from origin %r.", _origin(self.scope))
            await self.close()
            return
        ip = (self.scope.get("client") or ("unknown", 0))[0]
        if not connections_per_ip.acquire(ip, cfg.max_connections_per_ip):
            logger.warning(
                "Refused a WebSocket from %s: over %d open sockets.", ip, cfg.max_connections_per_ip
            )
            await self.close()
            return
        self._ip = ip
        await self.connect()

    async def connect(self) -> None:
        cfg = config.get()
        self.room = str(self.scope.get("url_route", {}).get("kwargs", {}).get("room_name", ""))
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._outbox: deque[_Outgoing] = deque()
        self._flush_task: asyncio.Task[None] | None = None
        self._inbox: deque[ClientMessage] = deque()
        self._work_task: asyncio.Task[None] | None = None
        self._bucket = TokenBucket(cfg.rate_limit, cfg.rate_limit_burst, self._loop.time())
        user = self.scope.get("user")
        await self.accept()
        if cfg.require_signed_rooms and not room_allowed(
            self.room, session_key_of(self.scope.get("session")), user, cfg.room_max_age
        ):
            logger.warning("Closed a socket asking for room %r it was not issued.", self.room[:80])
            await self.close(code=CLOSE_FORBIDDEN_ROOM)
            return
        self._closed = False
        groups = [BROADCAST_GROUP]
        if user is not None and getattr(user, "is_authenticated", False):
            groups.append(user_group(user.pk))
        await self._join(groups)

    async def _join(self, groups: list[str]) -> None:
        if self.channel_layer is None:
            return
        for group in groups:
            try:
                await self.channel_layer.group_add(group, self.channel_name)
            except Exception:
                # The socket still answers its own messages; broadcasts resume when the
                # layer is back (issue #5). Never let the layer's error reach the client.
                logger.exception("Could not join group %s; the socket works without it.", group)
            else:
                self._groups.append(group)

    async def websocket_disconnect(self, message: dict[str, Any]) -> None:
        await self.disconnect(message.get("code", 1000))
        raise StopConsumer()

    async def disconnect(self, code: int) -> None:
        self._closed = True
        if self._ip is not None:
            connections_per_ip.release(self._ip)
            self._ip = None
        if self.channel_layer is not None:
            for group in self._groups:
                try:
                    await self.channel_layer.group_discard(group, self.channel_name)
                except Exception:
                    logger.exception("Could not leave group %s.", group)
        self._groups = []

    # Inbound --------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self._closed:
            return
        cfg = config.get()
        if not self._bucket.take(self._loop.time()):
            strikes = self._bucket.strikes
            if strikes >= cfg.rate_limit_strikes:
                logger.warning(
                    "Closing a socket in room %s: it kept exceeding the rate limit.", self.room
                )
                await self._close(CLOSE_RATE_LIMITED)
            elif strikes <= 1.0:  # tell the client once per episode, not once per drop
                self._enqueue(_RATE_LIMITED)
            return
        if text_data is None:
            self._send_error("binary frames are not supported; send JSON text")
            return
        if len(text_data) > cfg.max_message_size:
            logger.warning(
                "Closing a socket in room %s: frame of %d characters.", self.room, len(text_data)
            )
            await self._close(CLOSE_TOO_BIG)
            return
        try:
            message = parse(text_data, max_depth=cfg.max_depth, max_keys=cfg.max_keys)
        except ProtocolError as exc:
            self._send_error(f"invalid message: {exc}")
            return
        if len(self._inbox) >= MAX_PENDING:
            self._enqueue(_BUSY)
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
        # A plain dict look-up: no getattr or import is ever done with a client string.
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

    # Channel-layer events -----------------------------------------------------------

    async def liveview_push(self, event: PushEvent) -> None:
        """A group send reached this socket."""
        self._enqueue(event["text"])

    async def liveview_revoke(self, event: dict[str, Any]) -> None:
        """The user logged out over HTTP: this socket's credentials are gone."""
        await self._close(CLOSE_REVOKED)

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

    def _send_error(self, text: str, function: str | None = None) -> None:
        message: ErrorMessage = {"error": text}
        if function is not None:
            message["function"] = function
        self._enqueue(dumps(message))

    async def _close(self, code: int) -> None:
        self._closed = True
        self._outbox.clear()
        await self.close(code=code)

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
            logger.debug("Dropping a frame for a closed socket in room %s.", self.room)
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
                    continue
                try:
                    await item()
                except Exception:
                    # A group send failed (the layer is down): log it, keep the frames
                    # queued behind it, and never tell the client about infrastructure.
                    logger.exception("A group send from room %s failed.", self.room)
        except Exception:
            # The socket itself went away mid-send: nothing more can reach it.
            logger.exception(
                "Sending to room %s failed; dropping %d queued frame(s).",
                self.room,
                len(self._outbox),
            )
            self._outbox.clear()
        finally:
            self._flush_task = None


def _origin(scope: dict[str, Any]) -> str:
    for key, value in scope.get("headers", ()):
        if key == b"origin":
            return str(value.decode("latin-1"))[:200]
    return "<none>"
