"""One socket's inbound side: checks, the inbox, the handler task and the error policy.

Inbound frames are rate limited, size checked and parsed on arrival, then run
strictly in arrival order by one task per socket, so the socket keeps receiving
group messages while a slow handler runs. A failing handler is logged once with
its traceback; the browser gets a generic error, the exception text only under
``DEBUG``. Messages with a ``ref`` are run at most once (intents.py) and
acknowledged after their handler returned.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from liveview import i18n, tracing
from liveview.conf import Config, config
from liveview.exceptions import HandlerTimeout, ProtocolError
from liveview.intents import IntentStore, worth_remembering
from liveview.limits import Inbox, TokenBucket
from liveview.metrics import metrics
from liveview.protocol import ClientMessage, ErrorMessage, Navigate, ack, dumps, parse
from liveview.registry import liveview_registry
from liveview.upload_files import UploadedFiles
from liveview.uploads import CHUNK_SIZE, HEADER_SIZE

if TYPE_CHECKING:
    from liveview.consumers import LiveViewConsumer
    from liveview.upload_files import Files
    from liveview.upload_socket import SocketUploads

logger = logging.getLogger(__name__)

#: Close codes for what a client sent (4000-4999 are the application's own).
CLOSE_TOO_BIG = 1009
CLOSE_RATE_LIMITED = 4429

#: Seconds a handler may go on after its socket closed (a graceful restart waits for
#: it, so its work and its ref are saved) before it is cancelled. A sync handler's
#: thread cannot be stopped: only the wait for it ends.
HANDLER_GRACE = 30.0

#: Seconds between two looks of the watchdog at the handlers running on a loop.
WATCH_INTERVAL = 1.0

_RATE_LIMITED = dumps({"error": "too many messages; some were dropped"})
_BUSY = dumps({"error": "too many messages waiting; this one was dropped"})


class Dispatcher:
    """Runs the handlers of one socket's messages. Event loop thread only."""

    __slots__ = (
        "__weakref__",
        "_bucket",
        "_call_started",
        "_consumer",
        "_enqueue",
        "_inbox",
        "_intent_prefix",
        "_intents",
        "_loop",
        "_max_depth",
        "_max_keys",
        "_max_size",
        "_room",
        "_strikes",
        "_task",
        "_time",
        "_timed_out",
        "_timeout",
        "_uploads",
    )

    def __init__(
        self,
        consumer: LiveViewConsumer,
        enqueue: Callable[[str], None],
        cfg: Config,
        intents: IntentStore,
        intent_prefix: str,
        uploads: SocketUploads,
    ) -> None:
        loop = asyncio.get_running_loop()
        self._consumer = consumer  # what handlers and middleware are given
        self._room = consumer.room
        self._enqueue = enqueue
        self._intents = intents
        self._intent_prefix = intent_prefix
        self._uploads = uploads
        self._loop = loop
        self._time = loop.time
        # Read once per socket, not per frame.
        self._max_size = cfg.max_message_size
        self._max_depth = cfg.max_depth
        self._max_keys = cfg.max_keys
        self._strikes = cfg.rate_limit_strikes
        self._timeout = cfg.handler_timeout
        self._call_started: float | None = None  # perf_counter() of the running call
        self._timed_out = False
        self._bucket = TokenBucket(cfg.rate_limit, cfg.rate_limit_burst, loop.time())
        self._inbox = Inbox()  # bounded in count and characters (limits.py)
        self._task: asyncio.Task[None] | None = None

    def take(self, text: str) -> int | None:
        """Check one inbound frame and queue it for its handler. Returns the close
        code when the frame ends the socket, None otherwise (errors were queued)."""
        metrics.messages_received += 1
        code = self._over_rate()
        if code is not None:
            return code or None
        if len(text) > self._max_size:
            logger.warning(
                "Closing a socket in room %s: frame of %d characters.", self._room, len(text)
            )
            return CLOSE_TOO_BIG
        try:
            message = parse(text, max_depth=self._max_depth, max_keys=self._max_keys)
        except ProtocolError as exc:
            metrics.messages_invalid += 1
            self._send_error(f"invalid message: {exc}")
            return None
        if "upload" in message:
            if self._uploads.control(message):
                self._bucket.refund()  # see SocketUploads.control
            return None
        inbox = self._inbox
        if not inbox.accepts(len(text)):
            metrics.messages_dropped += 1
            self._enqueue(_BUSY)
            return None
        if "navigate" not in message:
            message["room"] = self._room  # handlers always see the socket's own room
        # Navigations wait in the inbox too: a handler sent before one sees the old path.
        inbox.append(message, len(text))
        if self._task is None:
            self._task = self._loop.create_task(self._work())
            _watchdog(self._loop).watch(self)
        return None

    def take_chunk(self, data: bytes) -> int | None:
        """Write one binary upload chunk. Chunks are paced by their acknowledgements,
        so only those that are not one of this socket's uploads pay the rate limit.
        Returns the close code when the frame ends the socket."""
        if len(data) > HEADER_SIZE + CHUNK_SIZE:
            logger.warning(
                "Closing a socket in room %s: binary frame of %d bytes.", self._room, len(data)
            )
            return CLOSE_TOO_BIG
        if len(data) < HEADER_SIZE:
            self._send_error("binary frames are upload chunks; start an upload first")
        elif self._uploads.chunk(data):
            return None
        return self._over_rate() or None

    def _over_rate(self) -> int | None:
        """Spend a token. None: within the rate; 0: over it, frame dropped;
        else the close code for a client that kept going."""
        if self._bucket.take(self._time()):
            return None
        metrics.messages_dropped += 1
        strikes = self._bucket.strikes
        if strikes >= self._strikes:
            logger.warning(
                "Closing a socket in room %s: it kept exceeding the rate limit.", self._room
            )
            return CLOSE_RATE_LIMITED
        if strikes <= 1.0:  # tell the client once per episode, not once per drop
            self._enqueue(_RATE_LIMITED)
        return 0

    async def stop(self, grace: float) -> None:
        """The socket is gone. Drop the queued messages (never acknowledged: the
        browser re-sends them), give the running handler ``grace`` seconds, cancel
        it past that, and wait (as long) until the refs it finished are saved."""
        self._inbox.clear()
        task = self._task
        if task is None:
            return
        done, _ = await asyncio.wait([task], timeout=grace)
        if not done:
            logger.warning(
                "Cancelled a handler in room %s: still running %.0fs after its socket closed.",
                self._room,
                grace,
            )
            task.cancel()
            await asyncio.wait([task], timeout=1.0)
        flush = self._loop.create_task(self._intents.flush())
        await asyncio.wait([flush], timeout=max(grace, 1.0))

    async def _work(self) -> None:
        try:
            while self._inbox:
                await self._handle(self._inbox.popleft())
        finally:
            self._task = None
            _watchdog(self._loop).forget(self)

    def _check_deadline(self, now: float) -> None:
        """Called by the watchdog: cancel the running call once past ``HANDLER_TIMEOUT``.

        The watchdog runs while this socket's task is suspended, and ``_call_started``
        is set only around the handler's await, so the cancellation lands there."""
        started = self._call_started
        if started is not None and not self._timed_out and now - started > self._timeout:
            task = self._task
            if task is not None:
                self._timed_out = True
                task.cancel()

    async def _handle(self, message: ClientMessage | Navigate) -> None:
        if "navigate" in message:
            self._consumer.path = message["navigate"]
            logger.debug("Socket in room %s now shows %s.", self._room, self._consumer.path)
            return
        ref = message.get("ref")
        if ref is None or not worth_remembering(message["function"]):
            await self._run(message)
            if ref is not None:  # acknowledged, not remembered: it ran nothing
                self._enqueue(ack(ref))
            return
        key = self._intent_prefix + ref
        if message.get("replay") and await self._intents.already_done(key):
            for text in await self._intents.reply_to(key):  # the tab may have missed them
                self._enqueue(text)
            self._enqueue(ack(ref, duplicate=True))
            return
        running = self._intents.start(key)
        replies = self._consumer._replies = []
        try:
            await self._run(message)
        except BaseException:  # cancelled: the process is going away mid-handler
            self._intents.forget_running(key, running)
            raise
        finally:
            self._consumer._replies = None
        self._intents.keep_reply(key, replies)
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
            logger.warning("Unknown function %r requested in room %s.", name[:100], self._room)
            metrics.unknown_functions += 1
            # Echoing a client's string back helps nobody but a prober, outside DEBUG.
            self._send_error(text, function=name if config.get().debug else None)
            return
        consumer = self._consumer
        files: Files = {}
        releases: list[asyncio.Task[Any]] = []
        if "files" in message:
            claimed = self._uploads.claim(name, message["files"])
            if isinstance(claimed, str):
                self._send_error(claimed, function=name)
                return
            files = claimed
        message["files"] = UploadedFiles(files)
        started = self._call_started = time.perf_counter()
        metrics.handler_calls += 1
        with tracing.handler_span(name) as call:
            try:
                middleware = liveview_registry.middleware
                # Activated on the loop for what runs here; a worker thread activates it
                # for the sync calls it runs (registry.py).
                i18n.activate(
                    message.get("lang"), here=middleware is not None or not entry.threaded
                )
                if middleware is not None and not await middleware(consumer, message, name):
                    call.outcome = tracing.REFUSED
                    return
                await entry.call(consumer, message)
            except asyncio.CancelledError:
                if not self._timed_out:
                    raise
                # Raised and caught here so it is logged like any failure, with the handler.
                try:
                    raise HandlerTimeout(
                        f"ran past LIVEVIEW['HANDLER_TIMEOUT'] ({self._timeout:g}s)"
                    ) from None
                except HandlerTimeout as exc:
                    call.failed(tracing.TIMEOUT, exc)
                    self._failed(name, exc)
            except Exception as exc:
                call.failed(tracing.ERROR, exc)
                self._failed(name, exc)
            finally:
                if files:
                    releases = self._uploads.release_claimed(files)
                self._call_started = None
                if self._timed_out:
                    self._timed_out = False
                    _uncancel(asyncio.current_task())
                metrics.handler_seconds += time.perf_counter() - started
        if releases:  # with Redis: the socket's next message sees them released
            await asyncio.wait(releases)

    def _failed(self, name: str, exc: Exception) -> None:
        """Log a failed handler once, with its traceback; tell the client generically."""
        metrics.handler_errors += 1
        reference = secrets.token_hex(4)
        logger.error(
            "Handler %r failed [ref %s] in room %s.", name, reference, self._room, exc_info=exc
        )
        if config.get().debug:
            text = f"Handler error: {exc}"
        else:
            text = f"Internal error (reference {reference})"
        self._send_error(text, function=name)

    def _send_error(self, text: str, function: str | None = None) -> None:
        message: ErrorMessage = {"error": text}
        if function is not None:
            message["function"] = function
        self._enqueue(dumps(message))


class _Watchdog:
    """The handlers running on one event loop, looked at once a second.

    One task per loop, not a timer per call: a timer per message (``asyncio.timeout``)
    cost about as much as the rest of the message's dispatch. A socket is watched
    only while its handler task exists."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._watched: weakref.WeakSet[Dispatcher] = weakref.WeakSet()
        self._task: asyncio.Task[None] | None = None

    def watch(self, dispatcher: Dispatcher) -> None:
        self._watched.add(dispatcher)
        if self._task is None:
            self._task = self._loop.create_task(self._run())

    def forget(self, dispatcher: Dispatcher) -> None:
        self._watched.discard(dispatcher)

    async def _run(self) -> None:
        try:
            while self._watched:
                await asyncio.sleep(WATCH_INTERVAL)
                now = time.perf_counter()
                for dispatcher in tuple(self._watched):
                    dispatcher._check_deadline(now)
        finally:
            self._task = None


_watchdogs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Watchdog] = (
    weakref.WeakKeyDictionary()
)


def _watchdog(loop: asyncio.AbstractEventLoop) -> _Watchdog:
    watchdog = _watchdogs.get(loop)
    if watchdog is None:
        watchdog = _watchdogs[loop] = _Watchdog(loop)
    return watchdog


def _uncancel(task: asyncio.Task[object] | None) -> None:
    """Withdraw the watchdog's cancellation request once it has been handled, so the
    task's later awaits (and any ``asyncio.timeout`` in them) behave normally."""
    if task is not None and task.cancelling():
        task.uncancel()
