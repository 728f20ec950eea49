"""The WebSocket consumer: a thin ASGI shell over admission, dispatch and membership.

A socket's life: ``admission.admit`` decides whether the handshake is served and
takes a slot of the client's IP; ``connect`` joins the socket's groups and
accepts it; every inbound frame goes to the socket's ``Dispatcher``; outbound
frames go through one ordered ``Outbox``. However the socket ends (a close, a
reset during the handshake, a handler or a close, an exception from accept or
close, the server cancelling it) the one ``finally`` in ``__call__`` runs
``_release``, which gives back everything the socket held, once.

Close codes (4000-4999 are the application's own): 1009 a frame over
``MAX_MESSAGE_SIZE`` and 4429 the rate limit (dispatch.py); 4401 the user
logged out, 4403 a room not issued to this session, 4008 a tab that stopped
reading (below).
"""

from __future__ import annotations

import asyncio
import base64
import logging
import threading
from collections.abc import Callable
from typing import Any

from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer

from liveview.admission import admit, release_slot
from liveview.compat import OriginalConsumerAPI
from liveview.conf import config
from liveview.dispatch import HANDLER_GRACE, Dispatcher
from liveview.feed import (
    Position,
    parse_positions,
    position_frame,
    render_times,
    renders,
    resync_frame,
)
from liveview.feed_replay import Replays
from liveview.groups import BROADCAST_GROUP, user_group
from liveview.hub import Hub, get_hub
from liveview.intents import IntentStore, intent_prefix, session_tag
from liveview.loopcalls import calls_for
from liveview.membership import Membership
from liveview.metrics import metrics
from liveview.navigation import page_of, stale_notice
from liveview.outbox import Outbox
from liveview.presence import new_socket_id
from liveview.protocol import dumps
from liveview.revocation import watch_session
from liveview.rooms import room_group_for, session_key_of
from liveview.upload_files import upload_budget, upload_user
from liveview.upload_socket import SocketUploads
from liveview.upload_state import shared_state
from liveview.upload_store import store as upload_store
from liveview.workers import bind_owner

logger = logging.getLogger(__name__)

CLOSE_REVOKED = 4401
CLOSE_FORBIDDEN_ROOM = 4403
CLOSE_SLOW_READER = 4008

#: Seconds a handshake waits for the channel layer to serve the socket's groups.
SUBSCRIBE_TIMEOUT = 5.0
#: Seconds a first connection waits for its page's render mark in Redis (feed_redis.py).
RENDER_MARK_WAIT = 1.0

#: The subprotocol liveview.js offers when it resumes group frames (feed.py), and the
#: one that carries its positions: ``liveview.since.<base64url of {group: [epoch, n]}>``.
#: A subprotocol, not the URL, so the socket URL stays the documented one.
RESUME_PROTOCOL = "liveview.resume"
SINCE_PREFIX = "liveview.since."
#: Longest encoded positions read.
MAX_SINCE_LENGTH = 8192

#: Seconds a closing socket waits for its presence entries to be removed (Redis).
PRESENCE_TIMEOUT = 5.0


class LiveViewConsumer(OriginalConsumerAPI, AsyncWebsocketConsumer):  # type: ignore[misc]
    """One browser tab's socket.

    The handshake is refused (HTTP 403) for a foreign Origin or too many sockets
    from one IP. Any room name is served; only legitimate members of a room share
    its group (rooms.py), unless ``REQUIRE_SIGNED_ROOMS`` closes the others with
    4403. Inbound messages are rate limited, then handled strictly in arrival
    order in a task of their own, so the socket keeps receiving group messages
    while a slow handler runs. Outbound frames go through one ordered outbox,
    whatever thread queued them.
    """

    room: str
    #: Path and query string of the page the tab shows (``/orders/?page=2``): from the
    #: handshake of a page rendered with ``{% liveview_build %}``, then from every live
    #: navigation, Back and Forward (docs/navigation.md). None until the client says.
    path: str | None = None
    #: The build identifier the page was rendered by, as the handshake said (or None).
    build: str | None = None

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """ASGI entry point: one loop over the client's events, then one release.

        Channels' base class also listens on a channel-layer channel per socket and
        hops to a thread before every event to close stale database connections.
        liveview needs neither: group traffic reaches sockets through the process
        hub (hub.py), and sync handlers close stale connections in their own thread.
        That saves a thread hop per frame and a layer subscription per socket, and
        leaves no per-socket layer receive to die on an idle Redis connection.
        ``channel_name`` is created only when read (compat.py).
        """
        self.scope = scope
        self.channel_layer = get_channel_layer(self.channel_layer_alias)
        self.base_send = send
        self._closed = True  # until accepted: nothing may be queued for this socket
        self._released = False
        self._slot: str | None = None  # the client IP whose slot this socket holds
        self._counted = False  # counted in metrics.connections_open
        self._dispatcher: Dispatcher | None = None
        self._uploads: SocketUploads | None = None
        self._membership: Membership | None = None
        self._hub: Hub | None = None
        self._positions: dict[str, Position] = {}
        self._rendered_at: float | None = None
        self._rendered_time: float | None = None  # the same render, time.time()
        #: A render on another process: group -> where to replay from (feed_redis.py).
        self._rendered_from: dict[str, str] = {}
        self._replays: Replays | None = None  # replays from the shared log (feed_replay.py)
        #: Frames sent to this socket by the handler running now (see dispatch.py).
        self._replies: list[str] | None = None
        #: The tab numbers and resumes group frames (liveview.js offers RESUME_PROTOCOL).
        self.resumable = False
        grace = HANDLER_GRACE
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
        except asyncio.CancelledError:
            grace = 0.0  # the server is stopping now: cancel the handler, do not wait
            raise
        finally:
            await self._release(grace)

    async def websocket_connect(self, message: dict[str, Any]) -> None:
        cfg = self._cfg = config.get()  # read once per socket, not per frame
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._loop_calls = calls_for(self._loop)
        self._outbox = Outbox(self._loop, self.base_send, cfg.max_queued_frames, self._overflowed)
        self._slot = admit(self.scope, cfg)
        if self._slot is None:
            await self.close()
            return
        await self.connect()

    async def connect(self) -> None:
        """Join the socket's groups and accept it (or close it with 4403)."""
        cfg = self._cfg
        self.room = str(self.scope.get("url_route", {}).get("kwargs", {}).get("room_name", ""))
        self.path, self.build = page_of(self.scope)
        socket_id = new_socket_id()
        self.resumable, self._positions = _reported_positions(self.scope)
        # The page's render, if this process issued its room: frames since then count.
        self._rendered_at = renders.take(self.room) if self.resumable else None
        self._rendered_time = render_times.take(self.room) if self.resumable else None
        user = self.scope.get("user")
        bind_owner(user, self._slot)  # sync handlers: fair shares of the worker threads
        session_key = session_key_of(self.scope.get("session"))
        # Any room connects; only its legitimate members share its group (rooms.py).
        self.room_group_name, member = room_group_for(
            self.room, session_key, user, cfg.room_max_age, socket_id
        )
        room_ok = member or not cfg.require_signed_rooms
        if room_ok:
            hub = self._hub = get_hub(self.channel_layer) if self.channel_layer else None
            intents = hub.intents if hub is not None else IntentStore(None, self._loop)
            # Refs are de-duplicated per session (a tab's queue may outlive its page's room).
            prefix = intent_prefix(session_key, self.room)
            uploads = self._uploads = SocketUploads(
                self._enqueue,
                session_tag(session_key, self.room),
                upload_budget(user, self._slot or ""),
                cfg,
                upload_store,
                shared_state(hub.intents.redis if hub is not None else None),
                upload_user(user),
            )
            self._dispatcher = Dispatcher(self, self._enqueue, cfg, intents, prefix, uploads)
            membership = self._membership = Membership(hub, self, socket_id, self.room)
            self._closed = False
            watch_session(self, self.scope.get("session"))  # closed with 4401 once expired
            if hub is not None and self._rendered_time is None:
                self._rendered_from = await self._render_mark(hub)
            groups = [BROADCAST_GROUP, self.room_group_name]
            if user is not None and getattr(user, "is_authenticated", False):
                groups.append(user_group(user.pk))
            pending = [w for w in map(membership.join, groups) if w is not None]
            self._rendered_at = self._rendered_time = None  # later topics: from their join
            self._rendered_from = {}
            if pending:
                # Subscribed before the browser sees the socket open, so a broadcast
                # sent right after "open" is never missed. Failures are logged by the
                # hub and retried; they do not hold the socket back.
                await asyncio.wait(pending, timeout=SUBSCRIBE_TIMEOUT)
        else:
            metrics.connections_refused += 1
            logger.warning("Closing a socket asking for room %r it was not issued.", self.room[:80])
        await self.accept(subprotocol=RESUME_PROTOCOL if self.resumable else None)
        self._outbox.open()  # group frames that arrived while subscribing go out first
        if room_ok:
            self._counted = True
            metrics.connections_open += 1
            metrics.connections_total += 1
            if self.build is not None and cfg.build_id is not None and self.build != cfg.build_id:
                # The page comes from another build: its tab reloads when it is safe.
                self._enqueue(dumps(stale_notice(cfg.build_id)))
        else:
            await self.close(code=CLOSE_FORBIDDEN_ROOM)

    async def websocket_disconnect(self, message: dict[str, Any]) -> None:
        await self.disconnect(message.get("code", 1000))
        raise StopConsumer()

    async def disconnect(self, code: int) -> None:
        """Called when the client closed the socket (override freely). What the
        socket held is released after it, and also when the socket ends any other
        way: there is nothing to clean up here."""

    async def _release(self, grace: float) -> None:
        """Give back everything this socket holds, each thing once.

        The synchronous releases come first, so nothing can interrupt them: no more
        frames, joins or tracks; the open-sockets count; the groups; the outbox.
        Then the running handler gets ``grace`` seconds (a graceful restart lets it
        finish and save its ref) and the presence entries are removed. The IP slot
        is given back last, whatever happened before: the IP keeps paying for a
        closed socket while its handler still runs, and never after.
        """
        if self._released:
            return
        self._released = True
        self._closed = True
        try:
            if self._counted:
                self._counted = False
                metrics.connections_open -= 1
            self._stop_channel_task()
            if self._replays is not None:
                self._replays.close()
            membership = self._membership
            if membership is not None:
                membership.leave_all()
            if self._slot is not None:  # admitted: the outbox exists
                self._outbox.close()
            dispatcher = self._dispatcher
            if dispatcher is not None:
                await dispatcher.stop(grace)
            if self._uploads is not None:
                self._uploads.release()
            if membership is not None:
                await membership.untrack_all(PRESENCE_TIMEOUT)
        finally:
            slot, self._slot = self._slot, None
            if slot is not None:
                release_slot(slot)

    # Inbound --------------------------------------------------------------------

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        dispatcher = self._dispatcher
        if dispatcher is None or self._closed:
            return
        if text_data is not None:
            code = dispatcher.take(text_data)
        else:
            code = dispatcher.take_chunk(bytes_data or b"")
        if code is not None:
            await self._close(code)

    @property
    def closed(self) -> bool:
        """True once the socket is closed (or was never accepted): sends are dropped."""
        return self._closed

    # Called by the hub (loop thread) --------------------------------------------------

    def _deliver(self, text: str) -> None:
        """A group message for this socket."""
        self._enqueue(text)

    def _deliver_seq(self, group: str, epoch: str, number: int | None, text: str) -> None:
        """A numbered frame of the shared log (or a resync notice), for a resuming tab."""
        if self._replays is None:
            self._enqueue(text)
        else:
            self._replays.deliver(group, epoch, number, text)

    def _revoke(self) -> None:
        """The user logged out over HTTP: this socket's credentials are gone."""
        if not self._closed:
            self._closing = self._loop.create_task(self._close(CLOSE_REVOKED))

    # Called by connections.py and presence.py (any thread), with group names ---------------

    def _push_text(self, text: str) -> None:
        """Queue one text frame for this socket."""
        self._call(self._reply, text)

    def _publish(self, group: str, text: str) -> None:
        """Send ``text`` to every member of ``group``, in order with this socket's frames."""
        self._call(self._publish_now, group, text)

    def _join_group(self, group: str) -> None:
        self._call(self._membership_call, Membership.join, group)

    def _leave_group(self, group: str) -> None:
        self._call(self._membership_call, Membership.leave, group)

    def _track_group(self, group: str, meta: dict[str, Any], render: Any) -> None:
        self._call(self._membership_call, Membership.track, group, meta, render)

    def _untrack_group(self, group: str) -> None:
        self._call(self._membership_call, Membership.untrack, group)

    # Loop thread ----------------------------------------------------------------------

    async def _render_mark(self, hub: Hub) -> dict[str, str]:
        """On a tab's first connection, where its page's render left the broadcast
        group's log, noted in Redis by the process that rendered it: the broadcast
        group replays from there, the page's room (fresh at each render) from its
        start. Empty otherwise, or when Redis does not answer in time."""
        log = hub.shared_log
        if log is None or not self.resumable or BROADCAST_GROUP in self._positions:
            return {}
        try:
            mark = await asyncio.wait_for(log.take_render_mark(self.room), RENDER_MARK_WAIT)
        except Exception:
            logger.warning("Could not read the render mark of a page.", exc_info=True)
            return {}
        if mark is None:
            return {}
        return {BROADCAST_GROUP: f"({mark}", self.room_group_name: "-"}

    def _resume(self, group: str) -> None:
        """Just joined ``group``: queue the frames of it the tab reported missing, or
        tell it they are gone (see feed.py). Only groups server code joined get here."""
        if self._hub is None or not self.resumable:
            return
        position = self._positions.pop(group, None)
        hub = self._hub
        sequencer = hub.sequencers.get(group)
        if hub.shared_log is not None and sequencer is not None:
            if self._replays is None:
                self._replays = Replays(self._enqueue)
            rendered = self._rendered_time
            start = rendered if rendered is not None else self._rendered_from.get(group)
            self._replays.start(hub.shared_log, sequencer, position, start)
            return
        if position is None:  # a first visit: from its page's render, or from now on
            position = self._hub.feed.open(group)
            if self._rendered_at is not None:
                missed = self._hub.feed.logged_since(group, self._rendered_at)
                for text in missed:
                    self._enqueue(text)
                if missed:
                    return
            self._enqueue(position_frame(group, position))
            return
        frames = self._hub.feed.since(group, position)
        if frames is None:
            self._enqueue(resync_frame({group: self._hub.feed.position(group)}))
            return
        for text in frames:
            self._enqueue(text)

    def _membership_call(self, method: Callable[..., Any], *args: Any) -> None:
        membership = self._membership
        if membership is not None and not self._closed:
            method(membership, *args)

    def _publish_now(self, group: str, text: str) -> None:
        if self._hub is None:
            raise RuntimeError("Broadcasting needs CHANNEL_LAYERS to be configured.")
        self._hub.publish({"type": "liveview.group", "group": group, "text": text})

    async def _close(self, code: int) -> None:
        """Close after the frames already queued (a warning, an error) went out."""
        self._closed = True
        await self._outbox.drain()
        await self._close_quietly(code)

    async def _close_quietly(self, code: int) -> None:
        try:
            await self.close(code=code)
        except Exception:  # the client is gone already: nothing left to tell it
            logger.debug("Closing a socket in room %s failed.", self.room, exc_info=True)

    def _call(self, function: Callable[..., None], *args: Any) -> None:
        """Run ``function`` on this socket's event loop, now if we are on it.

        ``LoopCalls`` keeps FIFO order, so frames queued from a handler's thread keep
        their order among themselves, with the consumer's own and with the handler's
        result (which comes back the same way), at one loop wake-up per burst.
        """
        if threading.get_ident() == self._loop_thread:
            function(*args)
        else:
            try:
                self._loop_calls.call(function, *args)
            except RuntimeError:  # the server's loop has shut down
                logger.debug("Dropping a frame queued after the event loop closed.")

    def _reply(self, text: str) -> None:
        # Kept with the ref of the message being handled, if any (dispatch.py).
        if self._replies is not None:
            self._replies.append(text)
        self._enqueue(text)

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
        self._closing = self._loop.create_task(self._close_quietly(CLOSE_SLOW_READER))


def _reported_positions(scope: dict[str, Any]) -> tuple[bool, dict[str, Position]]:
    """Whether the tab resumes (it offers the ``liveview.resume`` subprotocol), and the
    per-group positions it reported (``liveview.since.<base64url JSON>``)."""
    offered = scope.get("subprotocols") or []
    if RESUME_PROTOCOL not in offered:
        return False, {}
    for protocol in offered:
        if isinstance(protocol, str) and protocol.startswith(SINCE_PREFIX):
            encoded = protocol[len(SINCE_PREFIX) :]
            if len(encoded) > MAX_SINCE_LENGTH:
                break
            try:
                raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode()
            except (ValueError, UnicodeDecodeError):
                break
            return True, parse_positions(raw)
    return True, {}
