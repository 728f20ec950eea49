"""The WebSocket consumer: connection life cycle, dispatch and error policy."""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer

from liveview.conf import config
from liveview.exceptions import ProtocolError
from liveview.groups import BROADCAST_GROUP, room_group, user_group
from liveview.hub import Hub, get_hub
from liveview.intents import IntentStore, intent_prefix, worth_remembering
from liveview.limits import Inbox, TokenBucket, client_key, connections_per_ip, handshakes
from liveview.metrics import metrics
from liveview.origins import origin_allowed
from liveview.outbox import Outbox
from liveview.presence import new_socket_id, presence_of
from liveview.protocol import ClientMessage, ErrorMessage, ack, dumps, parse
from liveview.registry import liveview_registry
from liveview.revocation import watch_session
from liveview.rooms import room_allowed, session_key_of
from liveview.workers import bind_owner, within

logger = logging.getLogger(__name__)


#: Close codes sent by the server (4000-4999 are the application's own).
CLOSE_TOO_BIG = 1009
CLOSE_REVOKED = 4401
CLOSE_FORBIDDEN_ROOM = 4403
CLOSE_RATE_LIMITED = 4429
CLOSE_SLOW_READER = 4008

#: Seconds a handshake waits for the channel layer to serve the socket's groups.
SUBSCRIBE_TIMEOUT = 5.0

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

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """ASGI entry point: one loop over the client's events, nothing else.

        Channels' base class also listens on a channel-layer channel per socket and
        hops to a thread before every event to close stale database connections.
        liveview needs neither: group traffic reaches sockets through the process
        hub (hub.py), and sync handlers close stale connections in their own thread.
        That saves a thread hop per frame and a layer subscription per socket, and
        leaves no per-socket layer receive to die on an idle Redis connection
        (issues #5 and #6). There is no ``channel_name``: use ``join``/``leave``.
        """
        self.scope = scope
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        self.base_send = send
        try:
            while True:
                message = await receive()
                kind = message["type"]
                if kind == "websocket.receive":
                    text = message.get("text")
                    if text is not None:
                        await self.receive(text_data=text)
                    else:
                        await self.receive(bytes_data=message.get("bytes"))
                elif kind == "websocket.connect":
                    await self.websocket_connect(message)
                elif kind == "websocket.disconnect":
                    await self.websocket_disconnect(message)
        except StopConsumer:
            pass

    async def websocket_connect(self, message: dict[str, Any]) -> None:
        cfg = config.get()
        self._closed = True  # until accepted: nothing may be queued for this socket
        self._ip: str | None = None
        self._counted = False
        self._work_task: asyncio.Task[None] | None = None
        self._inbox = Inbox()
        self._groups: set[str] = set()
        self._tracked: set[str] = set()
        self._hub: Hub | None = None
        if not origin_allowed(self.scope.get("headers", ()), cfg):
            logger.warning("Refused a WebSocket handshake from origin %r.", _origin(self.scope))
            metrics.connections_refused += 1
            await self.close()
            return
        ip = client_key(self.scope, cfg)
        if not handshakes.allow(ip, cfg, time.monotonic()):  # logged by the limiter
            await self.close()
            return
        if not connections_per_ip.acquire(ip, cfg.max_connections_per_ip):
            logger.warning(
                "Refused a WebSocket from %s: over %d open sockets.", ip, cfg.max_connections_per_ip
            )
            await self.close()
            return
        self._ip = ip
        await self.connect()

    async def connect(self) -> None:
        cfg = self._cfg = config.get()  # read once per socket, not per frame
        self.room = str(self.scope.get("url_route", {}).get("kwargs", {}).get("room_name", ""))
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._outbox = Outbox(self._loop, self.base_send, cfg.max_queued_frames, self._overflowed)
        self._bucket = TokenBucket(cfg.rate_limit, cfg.rate_limit_burst, self._loop.time())
        self._socket_id = new_socket_id()
        user = self.scope.get("user")
        bind_owner(user, self._ip)  # sync handlers: fair shares of the worker threads
        session_key = session_key_of(self.scope.get("session"))
        # Refs are de-duplicated per session (a tab's queue may outlive its page's room).
        self._intent_prefix = intent_prefix(session_key, self.room)
        room_ok = not cfg.require_signed_rooms or room_allowed(
            self.room, session_key, user, cfg.room_max_age
        )
        if room_ok:
            self._closed = False
            watch_session(self, self.scope.get("session"))  # closed with 4401 once expired
            if self.channel_layer is not None:
                self._hub = get_hub(self.channel_layer)
                self._intents = self._hub.intents
            else:
                self._intents = IntentStore(None, self._loop)
            groups = [BROADCAST_GROUP, room_group(self.room)]
            if user is not None and getattr(user, "is_authenticated", False):
                groups.append(user_group(user.pk))
            pending = [w for w in map(self._join, groups) if w is not None]
            if pending:
                # Subscribed before the browser sees the socket open, so a broadcast
                # sent right after "open" is never missed. Failures are logged by the
                # hub and retried; they do not hold the socket back.
                await asyncio.wait(pending, timeout=SUBSCRIBE_TIMEOUT)
        await self.accept()
        self._outbox.open()  # group frames that arrived while subscribing go out first
        self._counted = room_ok
        if room_ok:
            metrics.connections_open += 1
            metrics.connections_total += 1
        else:
            metrics.connections_refused += 1
        if not room_ok:
            logger.warning("Closed a socket asking for room %r it was not issued.", self.room[:80])
            await self.close(code=CLOSE_FORBIDDEN_ROOM)

    def _join(self, group: str) -> asyncio.Future[None] | None:
        if self._hub is None or self._closed or group in self._groups:
            return None
        self._groups.add(group)
        return self._hub.join(group, self)

    def _leave(self, group: str) -> None:
        if self._hub is not None and group in self._groups:
            self._groups.discard(group)
            self._hub.leave(group, self)

    async def websocket_disconnect(self, message: dict[str, Any]) -> None:
        await self.disconnect(message.get("code", 1000))
        raise StopConsumer()

    async def disconnect(self, code: int) -> None:
        """Leave every group; let the running handler finish (the server waits for it
        on a graceful shutdown), and drop the messages queued behind it: the browser
        re-sends those, as they were never acknowledged."""
        self._closed = True
        if self._counted:
            self._counted = False
            metrics.connections_open -= 1
        self._inbox.clear()
        working = self._work_task
        if working is not None:
            await asyncio.wait([working])
            await self._intents.flush()  # its ref is saved before the process may exit
        if self._ip is not None:
            connections_per_ip.release(self._ip)
            self._ip = None
        if self._hub is not None and self._tracked:
            presence = presence_of(self._hub)
            for group in tuple(self._tracked):
                await presence.untrack(group, self._socket_id)
            self._tracked.clear()
        for group in tuple(self._groups):
            self._leave(group)

    # Inbound --------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        if self._closed:
            return
        cfg = self._cfg
        metrics.messages_received += 1
        if not self._bucket.take(self._loop.time()):
            metrics.messages_dropped += 1
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
            metrics.messages_invalid += 1
            self._send_error(f"invalid message: {exc}")
            return
        if not self._inbox.accepts(len(text_data)):
            metrics.messages_dropped += 1
            self._enqueue(_BUSY)
            return
        message["room"] = self.room  # handlers always see the socket's own room
        self._inbox.append(message, len(text_data))
        if self._work_task is None:
            self._work_task = self._loop.create_task(self._work())

    async def _work(self) -> None:
        try:
            while self._inbox:
                await self._handle(self._inbox.popleft())
        finally:
            self._work_task = None

    async def _handle(self, message: ClientMessage) -> None:
        ref = message.get("ref")
        if ref is None or not worth_remembering(message["function"]):
            await self._run(message)
            if ref is not None:  # acknowledged, not remembered: it ran nothing
                self._enqueue(ack(ref))
            return
        key = self._intent_prefix + ref
        if message.get("replay") and await self._intents.already_done(key):
            self._enqueue(ack(ref, duplicate=True))
            return
        running = self._intents.start(key)
        try:
            await self._run(message)
        except BaseException:  # cancelled: the process is going away mid-handler
            self._intents.forget_running(key, running)
            raise
        self._intents.finish(key, running)
        self._enqueue(ack(ref))

    async def _run(self, message: ClientMessage) -> None:
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
            metrics.unknown_functions += 1
            self._send_error(text, function=name if config.get().debug else None)
            return
        started = time.perf_counter()
        cfg = self._cfg
        metrics.handler_calls += 1
        try:
            middleware = liveview_registry.middleware
            if middleware is not None and not await middleware(self, message, name):
                return
            await within(entry.call(self, message), cfg.handler_timeout)
        except Exception as exc:
            metrics.handler_errors += 1
            reference = secrets.token_hex(4)
            logger.exception("Handler %r failed [ref %s] in room %s.", name, reference, self.room)
            if config.get().debug:
                text = f"Handler error: {exc}"
            else:
                text = f"Internal error (reference {reference})"
            self._send_error(text, function=name)
        finally:
            metrics.handler_seconds += time.perf_counter() - started

    @property
    def closed(self) -> bool:
        """True once the socket is closed (or was never accepted): sends are dropped."""
        return self._closed

    # Called by the hub (loop thread) --------------------------------------------------

    def enqueue_text(self, text: str) -> None:
        """A group message for this socket."""
        self._enqueue(text)

    def revoke(self) -> None:
        """The user logged out over HTTP: this socket's credentials are gone."""
        if not self._closed:
            self._loop.create_task(self._close(CLOSE_REVOKED))

    # Called by connections.py (any thread) ----------------------------------------------

    def push_text(self, text: str) -> None:
        """Queue one text frame for this socket."""
        self._call(self._enqueue, text)

    def publish(self, group: str, text: str) -> None:
        """Send ``text`` to every member of ``group``, in order with this socket's frames."""
        self._call(self._publish, group, text)

    def join(self, group: str) -> None:
        self._call(self._join_soon, group)

    def _join_soon(self, group: str) -> None:
        self._join(group)

    def leave(self, group: str) -> None:
        self._call(self._leave, group)

    def track(self, group: str, meta: dict[str, Any], render: Any) -> None:
        self._call(self._track, group, meta, render)

    def untrack(self, group: str) -> None:
        self._call(self._untrack, group)

    def _track(self, group: str, meta: dict[str, Any], render: Any) -> None:
        if self._hub is None or self._closed:
            return
        self._join(group)
        presence = presence_of(self._hub)
        self._tracked.add(group)
        step = presence.track(group, self._socket_id, meta, render)
        self._loop.create_task(self._presence_step(step))

    def _untrack(self, group: str) -> None:
        if self._hub is not None and group in self._tracked:
            self._tracked.discard(group)
            presence = presence_of(self._hub)
            self._loop.create_task(self._presence_step(presence.untrack(group, self._socket_id)))

    async def _presence_step(self, step: Awaitable[None]) -> None:
        try:
            await step
        except Exception:
            logger.exception("A presence update failed in room %s.", self.room)

    def _publish(self, group: str, text: str) -> None:
        if self._hub is None:
            raise RuntimeError("Broadcasting needs CHANNEL_LAYERS to be configured.")
        self._hub.publish({"type": "liveview.group", "group": group, "text": text})

    def _send_error(self, text: str, function: str | None = None) -> None:
        message: ErrorMessage = {"error": text}
        if function is not None:
            message["function"] = function
        self._enqueue(dumps(message))

    async def _close(self, code: int) -> None:
        """Close after the frames already queued (a warning, an error) went out."""
        self._closed = True
        await self._outbox.drain()
        await self.close(code=code)

    async def _close_quietly(self, code: int) -> None:
        try:
            await self.close(code=code)
        except Exception:  # the client is gone already: nothing left to tell it
            logger.debug("Closing a socket in room %s failed.", self.room, exc_info=True)

    def _call(self, function: Callable[..., None], *args: Any) -> None:
        """Run ``function`` on this socket's event loop, now if we are on it.

        call_soon_threadsafe keeps FIFO order, so frames queued from a handler's
        thread keep their order among themselves and with the consumer's own.
        """
        if threading.get_ident() == self._loop_thread:
            function(*args)
        else:
            try:
                self._loop.call_soon_threadsafe(function, *args)
            except RuntimeError:  # the server's loop has shut down
                logger.debug("Dropping a frame queued after the event loop closed.")

    def _enqueue(self, text: str) -> None:
        if self._closed:
            logger.debug("Dropping a frame for a closed socket in room %s.", self.room)
            return
        self._outbox.put(text)

    def _overflowed(self, waiting: int) -> None:
        # The browser stopped reading: close instead of letting memory grow. It
        # reconnects, replays what was not acknowledged, and re-syncs.
        logger.warning("Closing a socket in room %s: %d frames unread.", self.room, waiting)
        self._closed = True
        self._loop.create_task(self._close_quietly(CLOSE_SLOW_READER))


def _origin(scope: dict[str, Any]) -> str:
    for key, value in scope.get("headers", ()):
        if key == b"origin":
            return str(value.decode("latin-1"))[:200]
    return "<none>"
