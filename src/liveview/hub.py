"""Process-local group membership, bridged to the channel layer.

A broadcast to N sockets of one process costs one channel-layer message per
process, not one per socket (issue #5): each process's hub subscribes one
layer channel to a group when its first local socket joins, and fans every
message out to its local members itself, with the text encoded once by the
sender. Messages a hub published are delivered locally at once and ignored when
the layer hands them back.

Each served group has a channel of its own, so the hub knows which group an
event came to even when the event does not say: that is how the original's
``{"type": "broadcast_message", "message": data}``, sent to ``"broadcast"`` or
``room_<name>`` by any code (another process, a thread), reaches the group's
sockets. With channels_redis all of a process's channels share one Redis list
and one blocking pop, so a channel per group costs a task, not a connection.

When the layer fails (Redis restarted), each group's receive backs off, then
re-joins its group, so no socket stays connected but deaf. Every group is also
re-joined periodically, before the layer's ``group_expiry`` could drop it.

Layer operations run one at a time, group joins and leaves before sends: a new
socket's join never waits behind a backlog of broadcasts, and a join still comes
before any later send to its group. Pending joins and leaves are one entry per
group (the worker applies the group's membership as it is then); sends wait in a
backlog bounded in count (no more than the layer's channel capacity), characters
and age (backlog.py), so a Redis stall costs dropped broadcasts to other
processes, not memory and a stale burst.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, TypeVar

from channels.layers import InMemoryChannelLayer

from liveview import _compat, feed
from liveview.backlog import MAX_QUEUED_SENDS, Backlog
from liveview.conf import config
from liveview.feed_numbering import Numbering
from liveview.feed_redis import RedisLog, Sequencer, numbered, stamp
from liveview.groups import LOCAL_PREFIX
from liveview.intents import IntentStore
from liveview.protocol import GroupEvent, dumps

if TYPE_CHECKING:
    from liveview.consumers import LiveViewConsumer
    from liveview.presence import Presence

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Key of a published event, while it is numbered, naming the sequencer that expects it.
_EXPECTED = "_liveview_expected"

#: Seconds between two re-joins of every group (also bounded by group_expiry / 2).
REJOIN_INTERVAL = 600.0
#: Backoff after a failed receive: first delay, cap (seconds).
RETRY_FIRST, RETRY_MAX = 0.1, 5.0
#: Longest blocking pop asked of channels_redis (seconds). Its default, 5 s, equals
#: redis-py 8's default socket timeout: the two race, and a message Redis pops as
#: the client gives up is lost (channels_redis#422, redis-py#4091). Staying well
#: under the socket timeout keeps idle receives from ever timing out.
BLOCKING_POP = 2
#: Seconds ``aclose()`` waits for the hub's tasks to end once cancelled.
CLOSE_GRACE = 2.0
#: Seconds between two cancellations of a hub task that has not ended yet (see stop()).
RECANCEL_INTERVAL = 0.5
#: Seconds between two cancellations of a layer send past its deadline (see within()).
SEND_RECANCEL = 0.01
#: Seconds a group's first subscription waits to learn where its log stands (a stalled
#: Redis must not hold the joins and sends queued behind it).
ANCHOR_WAIT = 2.0
#: Prefix of the layer channels hubs receive groups on.
CHANNEL_PREFIX = "liveview.hub."
#: The original's event type: ``{"type": BROADCAST_MESSAGE, "message": data}``.
BROADCAST_MESSAGE = "broadcast_message"


class Hub:
    """Local members of every group, for one event loop and one channel layer."""

    def __init__(self, layer: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.layer = layer
        self.loop = loop
        self.origin = secrets.token_hex(8)
        self.members: dict[str, set[LiveViewConsumer]] = {}
        self.intents = IntentStore(layer, loop)
        self.presence: Presence | None = None  # created by presence.py on first use
        # One process: nothing to tell other processes, only external pushes to hear.
        self._publish_remote = not isinstance(layer, InMemoryChannelLayer)
        if isinstance(layer, InMemoryChannelLayer):
            _compat.marshal_in_memory_sends(layer, running_hubs)
        #: group -> (its layer channel, the task receiving on it)
        self._served: dict[str, tuple[str, asyncio.Task[None]]] = {}
        #: the layer channels of ``_served``, for ``receives_on`` (once per in-memory send)
        self._channels: set[str] = set()
        self._rejoiner: asyncio.Task[None] | None = None
        self._recovery: asyncio.Task[None] | None = None  # re-joins after a layer failure
        self._layer_down = False
        #: groups whose layer membership may differ from ``members`` (an ordered set)
        self._regroup: dict[str, None] = {}
        # Never more than another process's hub channels hold: see Backlog.
        capacity = _compat.channel_capacity(layer, f"{CHANNEL_PREFIX}x!y", MAX_QUEUED_SENDS)
        self._sends = Backlog(loop.time, capacity)
        self._subscribing: dict[str, asyncio.Future[None]] = {}
        #: Numbered, bounded logs of the frames delivered per group (feed.py).
        cfg = config.get()
        self.feed = feed.Feed(
            loop.time,
            max_frames=cfg.feed_max_frames,
            max_age=cfg.feed_max_age,
            max_chars=cfg.feed_max_chars,
        )
        #: The log shared through Redis (feed_redis.py), and the per-group order of
        #: delivery it needs; None with other layers, or when FEED_SHARED is off.
        redis = self.intents.redis
        self.shared_log = (
            RedisLog(redis, cfg.feed_max_frames, cfg.feed_max_age, cfg.feed_max_chars)
            if redis is not None and cfg.feed_shared
            else None
        )
        self.sequencers: dict[str, Sequencer] = {}
        self._numbering = (
            None if self.shared_log is None else Numbering(self.shared_log, loop, self._numbered)
        )
        #: Groups without local members still served, so their logs stay complete
        #: for tabs that come back: group -> the timer that ends it.
        self._lingering: dict[str, asyncio.TimerHandle] = {}
        #: Groups a tab that resumes (liveview.js) joined: kept a while after it left.
        self._kept: set[str] = set()
        self._worker: asyncio.Task[None] | None = None
        _compat.cap_blocking_pop(layer, BLOCKING_POP)
        group_expiry = float(getattr(layer, "group_expiry", REJOIN_INTERVAL * 2))
        self._rejoin_every = min(REJOIN_INTERVAL, group_expiry / 2)

    async def aclose(self) -> None:
        """Stop this hub's tasks and close its Redis connections (tests, shutdown)."""
        tasks = [
            self._rejoiner,
            self._recovery,
            self._worker,
            *(task for _, task in self._served.values()),
        ]
        if self.presence is not None:
            tasks.append(self.presence._heartbeat)
        if self._numbering is not None:
            tasks.append(self._numbering.task)
        tasks.extend(sequencer.filling for sequencer in self.sequencers.values())
        running = [task for task in tasks if task is not None]
        for timer in self._lingering.values():
            timer.cancel()
        self._lingering.clear()
        for task in running:
            stop(task)
        if running:
            # Bounded: shutting down must not wait for a layer call that hangs.
            await asyncio.wait(running, timeout=CLOSE_GRACE)
        self._served.clear()
        self._channels.clear()
        redis = self.intents.redis
        if redis is not None:
            await redis.aclose()
            await redis.connection_pool.disconnect()
        if self in _hubs:
            _hubs.remove(self)

    # Membership (loop thread, synchronous: a send right after a join reaches the joiner)

    def join(self, group: str, consumer: LiveViewConsumer) -> asyncio.Future[None] | None:
        """Add a local member; returns a future done once the layer serves the group
        to this process, or None when it already does (or never needs to)."""
        members = self.members.get(group)
        lingering = self._lingering.pop(group, None)
        if lingering is not None:
            lingering.cancel()
        if members is None:
            members = self.members[group] = set()
            if lingering is None and not group.startswith(LOCAL_PREFIX):
                if group not in self._subscribing:
                    self._subscribing[group] = self.loop.create_future()
                self._regroup_later(group)
        members.add(consumer)
        shared = self.shared_log
        if (
            shared is not None
            and group not in self.sequencers
            and not group.startswith(LOCAL_PREFIX)
        ):
            self.sequencers[group] = Sequencer(
                group, shared, self._deliver_numbered, self._resync_members
            )
        if getattr(consumer, "resumable", False) and not group.startswith(LOCAL_PREFIX):
            self._kept.add(group)
        return self._subscribing.get(group)

    def leave(self, group: str, consumer: LiveViewConsumer) -> None:
        members = self.members.get(group)
        if members is None:
            return
        members.discard(consumer)
        if not members:
            del self.members[group]
            if group.startswith(LOCAL_PREFIX):
                return
            if group not in self._kept:
                self.feed.forget(group)  # no tab will come back for it
                self._drop_sequencer(group)
                self._regroup_later(group)
            else:
                # Served a while longer: a tab reconnecting within the log's age finds
                # every frame it missed.
                self._lingering[group] = self.loop.call_later(
                    self.feed.max_age, self._linger_over, group
                )

    def _linger_over(self, group: str) -> None:
        self._lingering.pop(group, None)
        if group not in self.members:
            self._kept.discard(group)
            self.feed.forget(group)
            self._drop_sequencer(group)
            self._regroup_later(group)

    # Publishing ----------------------------------------------------------------------

    def publish(self, event: GroupEvent) -> None:
        """Apply ``event`` to every member of its group, here and in every other
        process. Loop thread only."""
        group = event["group"]
        text = event.get("text")
        if (
            self.shared_log is not None
            and isinstance(text, str)
            and numbered(text)
            and not group.startswith(LOCAL_PREFIX)
        ):
            # Numbered in the shared log first, then delivered here and sent (_numbered).
            assert self._numbering is not None
            queued = dict(event)
            sequencer = self.sequencers.get(group)
            if sequencer is not None:  # its members joined before this frame was published
                sequencer.expect()
                queued[_EXPECTED] = sequencer
            self._numbering.put(group, queued)
            return
        self._apply(group, event)
        if self._publish_remote and not group.startswith(LOCAL_PREFIX):
            remote: GroupEvent = {**event, "origin": self.origin}
            self._send_later(group, dict(remote))

    def group_send(self, group: str, event: dict[str, Any]) -> None:
        """Hand ``event`` to the channel layer for ``group``, in order with this hub's
        other layer operations; failures are logged, and the event is dropped when the
        layer is too far behind (backlog.py). Loop thread only."""
        self._send_later(group, event)

    def _apply(self, group: str, event: GroupEvent | dict[str, Any]) -> None:
        members = self.members.get(group)
        text = event.get("text")
        if not isinstance(text, str):
            text = None
        stamped = text
        served = members or group in self._lingering
        # With the shared log, a frame without a number could not be logged (Redis was
        # unreachable when it was published, or another sender): delivered as it is.
        logged_here = self.shared_log is None and not group.startswith(LOCAL_PREFIX)
        if text is not None and served and logged_here:
            stamped = self.feed.stamp(group, text)
        if not members:
            return
        if text is not None and stamped is not None:
            # Numbered frames only for tabs that resume (liveview.js); the original's
            # clients and test communicators get the frame as it was sent.
            for consumer in tuple(members):
                consumer._deliver(stamped if getattr(consumer, "resumable", False) else text)
        elif event.get("action") == "revoke":
            for consumer in tuple(members):
                consumer._revoke()

    def _numbered(self, group: str, event: dict[str, Any], position: feed.Position | None) -> None:
        """A frame published here, numbered in the shared log (None: could not be):
        delivered here, then sent to the other processes."""
        sequencer = event.pop(_EXPECTED, None)
        if position is None:
            self._apply(group, event)
        else:
            event["seq"] = list(position)
            self._offer(group, position[0], position[1], event["text"])
        if sequencer is not None:
            sequencer.arrived()
        self._send_later(group, {**event, "origin": self.origin})

    def _drop_sequencer(self, group: str) -> None:
        sequencer = self.sequencers.pop(group, None)
        if sequencer is not None:
            sequencer.close()

    def _offer(self, group: str, epoch: str, number: int, text: str) -> None:
        sequencer = self.sequencers.get(group)
        if sequencer is not None:
            sequencer.offer(epoch, number, text)

    def _deliver_numbered(self, group: str, epoch: str, number: int, text: str) -> None:
        """A frame of the shared log, in order, to every local member."""
        members = self.members.get(group)
        if not members:
            return
        stamped = stamp(text, group, epoch, number)
        for consumer in tuple(members):
            if getattr(consumer, "resumable", False):
                consumer._deliver_seq(group, epoch, number, stamped)
            else:
                consumer._deliver(text)

    def _resync_members(self, group: str, position: feed.Position) -> None:
        """Frames of ``group`` were lost to the log (Redis restarted): resuming tabs
        start again from ``position``."""
        frame = feed.resync_frame({group: position})
        for consumer in tuple(self.members.get(group, ())):
            if getattr(consumer, "resumable", False):
                consumer._deliver_seq(group, position[0], None, frame)

    # Channel-layer operations, one at a time: joins and leaves first, then sends -------

    def backlog(self) -> tuple[int, int]:
        """Broadcasts waiting for the channel layer: (events, characters)."""
        return len(self._sends), self._sends.chars

    @property
    def backlog_limit(self) -> int:
        """How many broadcasts may wait for the channel layer."""
        return self._sends.max_sends

    @property
    def sending(self) -> bool:
        """Whether layer operations are queued or in flight."""
        return self._worker is not None

    def _regroup_later(self, group: str) -> None:
        self._regroup[group] = None
        self._start_worker()

    def _send_later(self, group: str, event: dict[str, Any]) -> None:
        self._sends.put(group, event)
        self._start_worker()

    def _start_worker(self) -> None:
        if self._worker is None:
            self._worker = self.loop.create_task(self._run_operations())

    async def _run_operations(self) -> None:
        try:
            while True:
                if self._regroup:
                    group = next(iter(self._regroup))
                    del self._regroup[group]
                    await self._apply_membership(group)
                    continue
                taken = self._sends.take()
                if taken is None:
                    return
                await self._send(*taken)
        finally:
            self._worker = None

    async def _apply_membership(self, group: str) -> None:
        try:
            if group in self.members or group in self._lingering:
                await self._subscribe(group)
            else:
                await self._unsubscribe(group)
        except Exception:
            # Local members are served regardless; the group's receive loop
            # re-joins once the layer answers again.
            logger.exception("Channel layer failed to update group %s.", group)
        waiter = self._subscribing.pop(group, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def _send(self, group: str, event: dict[str, Any], seconds_left: float) -> None:
        # A send still waiting for the layer when the event gets too old is cancelled,
        # so a stall does not deliver it late either (channels_redis writes the
        # message last, after reading the group's members; within() makes sure the
        # cancellation lands before that).
        try:
            await within(self.layer.group_send(group, event), seconds_left)
        except TimeoutError:
            self._sends.expired()
        except Exception:
            self._sends.failed(group)
        else:
            self._sends.sent()

    def receives_on(self, channel: str) -> bool:
        """Whether one of this hub's receive loops reads layer channel ``channel``."""
        return channel in self._channels

    async def _subscribe(self, group: str) -> None:
        served = self._served.get(group)
        if served is None:
            channel = await self.layer.new_channel(prefix=CHANNEL_PREFIX)
            task = daemon_task(self.loop, self._receive_loop(group, channel))
            served = self._served[group] = (channel, task)
            self._channels.add(channel)
            if self._rejoiner is None:
                self._rejoiner = daemon_task(self.loop, self._rejoin_periodically())
        sequencer = self.sequencers.get(group)
        if sequencer is not None and sequencer.epoch is None:
            # Where the members' log starts, before the layer serves the group: frames
            # published elsewhere until then are read from the log, not skipped.
            try:
                await within(sequencer.anchor(), ANCHOR_WAIT)
            except Exception:  # fill() below tries again
                logger.debug("Could not read where group %s's log stands.", group, exc_info=True)
        await self.layer.group_add(group, served[0])
        if sequencer is not None and not sequencer.ready.is_set():
            sequencer.fill()  # what was logged since, then in order

    async def _unsubscribe(self, group: str) -> None:
        served = self._served.pop(group, None)
        if served is None:
            return
        channel, task = served
        self._channels.discard(channel)
        stop(task)
        await self.layer.group_discard(group, channel)

    # Receiving ------------------------------------------------------------------------

    async def _receive_loop(self, group: str, channel: str) -> None:
        delay = RETRY_FIRST
        while True:
            try:
                event = await self.layer.receive(channel)
            except asyncio.CancelledError:
                raise
            except Exception:
                self.feed.forget(group)  # frames sent meanwhile may be lost
                if not self._layer_down:
                    self._layer_down = True
                    for sequencer in self.sequencers.values():
                        sequencer.lost()  # any group's frames may be lost meanwhile
                    logger.warning("Channel layer receive failed; retrying.", exc_info=True)
                while True:  # re-joined before receiving again: a receive may work at once
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, RETRY_MAX)
                    try:
                        await self.layer.group_add(group, channel)
                        break
                    except Exception:
                        logger.debug("Group %s not re-joined yet.", group, exc_info=True)
                delay = RETRY_FIRST
                if self._layer_down:
                    self._layer_down = False
                    # The other groups' receives may never have failed (channels_redis
                    # pops for all of them at once): a restarted Redis forgot them too.
                    if self._recovery is None or self._recovery.done():
                        self._recovery = daemon_task(self.loop, self._rejoin_all())
                    logger.info("Channel layer available again; groups re-joined.")
                continue
            self._handle(group, event)

    async def _rejoin_periodically(self) -> None:
        while True:
            await asyncio.sleep(self._rejoin_every)
            await self._rejoin_all()

    async def _rejoin_all(self) -> None:
        for group, (channel, _) in tuple(self._served.items()):
            try:
                await self.layer.group_add(group, channel)
            except Exception:
                # The group's receive fails too, and re-joins once the layer is back.
                logger.debug("Re-join of %s failed.", group, exc_info=True)
        for sequencer in tuple(self.sequencers.values()):
            if not sequencer.ready.is_set():
                sequencer.fill()  # what was missed meanwhile, or a resync

    def _handle(self, group: str, event: dict[str, Any]) -> None:
        kind = event.get("type")
        if event.get("origin") == self.origin:
            return  # published here, and applied here at once
        if kind == "liveview.group":
            seq = event.get("seq")
            if seq is not None and group in self.sequencers:
                self._offer(group, seq[0], seq[1], event["text"])
            else:
                self._apply(group, event)
        elif kind == BROADCAST_MESSAGE and "message" in event:
            try:
                text = dumps(event["message"])
            except TypeError:
                logger.warning("Dropped a %s event for %s: not JSON.", kind, group)
                return
            self._apply(group, {"text": text})
        else:
            logger.debug("Ignored a %r event sent to group %s.", kind, group)


def stop(task: asyncio.Task[Any], every: float = RECANCEL_INTERVAL) -> None:
    """Cancel ``task``, and again every ``every`` seconds until it ends.

    One cancellation is not enough for a channels_redis receive: redis-py writes
    every command under ``asyncio.wait_for``, which before Python 3.12 returns the
    result instead of raising when the write finishes in the loop iteration the
    cancellation arrives in (CPython gh-86296). The cancellation is then lost, and
    channels_redis's receive goes on popping from Redis for ever: a group's receive
    outlived its last member's leave (about one cancel in ten, at random moments),
    and ``aclose()`` waited for it in vain. The next cancellation lands.
    """
    if task.done():
        return
    task.cancel()
    task.get_loop().call_later(every, stop, task, every)


async def within(awaitable: Awaitable[T], seconds: float) -> T:
    """``awaitable``'s result if it ends within ``seconds``, else ``TimeoutError`` once
    it has really stopped.

    ``asyncio.wait_for`` would do, but for the lost cancellation stop() describes:
    a channels_redis ``group_send`` whose cancellation is lost goes on to write its
    message when a stalled Redis answers again, however late, and ``wait_for`` waits
    for it and returns as if in time. Here the cancellation is repeated every
    ``SEND_RECANCEL`` seconds until it lands, at the operation's next wait on Redis.
    """
    task = asyncio.ensure_future(awaitable)
    try:
        done, _ = await asyncio.wait((task,), timeout=seconds)
        if not done:
            stop(task, SEND_RECANCEL)
            await asyncio.wait((task,))
    except asyncio.CancelledError:
        stop(task, SEND_RECANCEL)
        raise
    if task.cancelled():
        raise TimeoutError
    return task.result()  # in time, or done despite the cancellation: it happened


def daemon_task(loop: asyncio.AbstractEventLoop, coroutine: Any) -> asyncio.Task[None]:
    """A task meant to run as long as its event loop, like a daemon thread.

    asyncio logs "Task was destroyed but it is pending!" when a loop is closed
    under a pending task; for these that is the normal end, not a leak.
    """
    task = loop.create_task(coroutine)
    _compat.quiet_when_destroyed(task)
    return task


_hubs: list[Hub] = []


def get_hub(layer: Any) -> Hub:
    """The hub of the running event loop for ``layer``. Loop thread only."""
    loop = asyncio.get_running_loop()
    for hub in _hubs:
        if hub.loop is loop and hub.layer is layer:
            return hub
    # A new loop (tests start one per test) or a new layer: forget dead hubs.
    _hubs[:] = [hub for hub in _hubs if not hub.loop.is_closed()]
    hub = Hub(layer, loop)
    _hubs.append(hub)
    return hub


def running_hubs(layer: Any) -> list[Hub]:
    """Hubs of this process serving ``layer`` whose loop is still running."""
    return [hub for hub in _hubs if hub.layer is layer and hub.loop.is_running()]


def nearest_hub(hubs: list[Hub]) -> Hub:
    """Of ``hubs`` (non-empty), the one serving the caller: on the running loop, else on
    the loop a sync handler's worker thread was called from, else the first."""
    try:
        loop: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
    except RuntimeError:
        loop = getattr(_compat.sync_thread_state(), "main_event_loop", None)
    for hub in hubs:
        if hub.loop is loop:
            return hub
    return hubs[0]


def hubs_on(loop: asyncio.AbstractEventLoop) -> list[Hub]:
    """Hubs of this process running on ``loop``, whatever layer they serve."""
    return [hub for hub in _hubs if hub.loop is loop]
