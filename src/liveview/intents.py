"""At-most-once processing of client messages, by reference (issue #7).

The browser gives every message a per-tab ``ref`` and re-sends the ones that
were not acknowledged when the connection dropped, flagged ``replay``. A ref is
recorded as done after its handler finished; a replayed ref that is already
done, or still running, is acknowledged without running again. Only refs of
registered handlers are recorded (the consumer asks ``worth_remembering``).

Records live in the channel layer's Redis when a channels_redis layer is used,
so a replay that lands on another process is recognised too; otherwise in
process memory. Recording is batched off the per-message path; only replays pay
a look-up. A handler killed mid-run is not recorded, so its replay runs once.

With Redis, a running ref is also marked there (``SET`` with an expiry, batched
like the records), and a replay claims its ref with ``SET NX`` before running:
a replay that lands on another process while the first run is still going waits
for that run instead of running again.

What one session can make the server remember is bounded: at most
``REFS_PER_SESSION`` refs (of at most ``protocol.MAX_REF_LENGTH`` characters),
the oldest forgotten first, in one Redis sorted set per session that expires
with the window. Sessions are named by a keyed hash, never by their key.

The frames a handler sent in reply are kept with its ref (replies.py), so a replay
answered "duplicate" gets them again; with Redis they are written in the same
batches, before the ref's record.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from typing import Any, Literal

from django.utils.crypto import salted_hmac

from liveview import _compat
from liveview.registry import liveview_registry
from liveview.replies import KeptReplies, lost_script

logger = logging.getLogger(__name__)

#: Seconds a finished ref is remembered.
WINDOW = 600
#: Refs remembered in process memory at most, all sessions together (oldest session first).
MEMORY_LIMIT = 100_000
#: Finished refs remembered per session (oldest forgotten first). A tab has a handful
#: unacknowledged at a time; more only serve someone filling memory.
REFS_PER_SESSION = 256
#: Seconds a "running" mark outlives a process that died mid-handler (refreshed while
#: the handler runs): how long a replay elsewhere may wait before running it again.
RUNNING_TTL = 30
#: Seconds between two looks at another process's running mark, for a replay.
RUNNING_POLL = 0.2
#: Seconds a cancelled socket still waits for its refs to be saved (server shutdown).
FLUSH_TIMEOUT = 5.0
_Op = Literal["run", "done", "drop"]
_DONE = "liveview:refs:"  # + session tag: sorted set, ref -> time finished
_RUNNING = "liveview:running:"  # + session tag + ":" + ref


def session_tag(session_key: str, room: str) -> str:
    """The name a session's refs are stored under: a keyed hash (SECRET_KEY) of the
    session key, or of the room without a session. Session keys are credentials, so
    they never appear in Redis key names or log lines."""
    # SHA-1 named explicitly (Django 6.1 warns on the implicit default, which is to
    # become SHA-256): the tags stay those already stored in Redis, so a reply to a
    # message sent before an upgrade is still recognised as done, never run twice.
    value = session_key or "room:" + room
    return salted_hmac("liveview.intents", value, algorithm="sha1").hexdigest()[:32]


def intent_prefix(session_key: str, room: str) -> str:
    """What the consumer prepends to a ref to make an intent key."""
    return session_tag(session_key, room) + ":"


def worth_remembering(function: str) -> bool:
    """Whether a message calling ``function`` is recorded by ref: only registered
    handlers run anything worth not running twice, and recording every made-up
    name would let any client fill Redis at its message rate."""
    return liveview_registry.entry(function) is not None


def _split(key: str) -> tuple[str, str]:
    tag, _, ref = key.partition(":")
    return tag, ref


class IntentStore:
    """Finished refs of one event loop (created by the hub)."""

    def __init__(self, layer: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        #: The Redis client shared by this loop's liveview features, or None.
        self.redis = _compat.redis_client_of(layer)
        self._memory: OrderedDict[str, OrderedDict[str, float]] = OrderedDict()
        self._remembered = 0
        self._running: dict[str, asyncio.Future[None]] = {}
        self._unsaved: list[tuple[_Op, str]] = []  # in order
        self._saver: asyncio.Task[None] | None = None
        self._refresher: asyncio.Task[None] | None = None
        self._replies = KeptReplies(loop, WINDOW)

    def keep_reply(self, key: str, frames: list[str]) -> None:
        """Keep the frames a handler sent its own socket for ``key``, for the window:
        a replay answered "duplicate" (the tab never saw the acknowledgement, so it may
        not have seen these either) gets them again. In this process's memory and, with
        Redis, in Redis with the ref's record (call it before ``finish``); bounded as
        replies.py says."""
        self._replies.keep(key, frames, self.redis is not None)

    async def reply_to(self, key: str) -> list[str]:
        """The frames kept for ``key`` (see ``keep_reply``), or none: from this
        process's memory, else with Redis from Redis (one round trip)."""
        return await self._replies.fetch(key, self.redis)

    def start(self, key: str) -> asyncio.Future[None]:
        """Mark ``key`` as running here (and soon in Redis); the future is done when
        it finished."""
        future = self._running[key] = self.loop.create_future()
        self._queue("run", key)
        if self.redis is not None and self._refresher is None:
            self._refresher = self.loop.create_task(self._refresh())
            _compat.quiet_when_destroyed(self._refresher)  # it ends with its loop
        return future

    def finish(self, key: str, future: asyncio.Future[None]) -> None:
        """Record ``key`` as done (in memory now, in Redis soon) and wake waiters."""
        self._running.pop(key, None)
        if not future.done():
            future.set_result(None)
        self._remember(key)
        self._queue("done", key)

    def forget_running(self, key: str, future: asyncio.Future[None]) -> None:
        """The handler did not finish (the process is going away): do not record it."""
        self._running.pop(key, None)
        if not future.done():
            future.cancel()
        self._queue("drop", key)  # a replay elsewhere need not wait for the mark to expire

    async def flush(self) -> None:
        """Wait until every finished ref is saved (before a shutdown completes).

        When the server cancels the socket meanwhile (daphne cancels every socket on
        shutdown), the save still gets up to FLUSH_TIMEOUT seconds before the
        cancellation goes on: a ref recorded here must not be lost on the way out.
        """
        saver = self._saver
        if saver is None:
            return
        try:
            await asyncio.shield(saver)
        except asyncio.CancelledError:
            await asyncio.wait([saver], timeout=FLUSH_TIMEOUT)
            raise

    async def already_done(self, key: str) -> bool:
        """For a replay: True if ``key`` finished, here or (with Redis) anywhere.

        A ref running here is awaited; one running in another process (its mark in
        Redis) is polled until that run ends or its mark expires. False means the
        caller is to run it, and with Redis it has claimed the ref.
        """
        running = self._running.get(key)
        if running is not None:
            await asyncio.wait([running])
            return not running.cancelled()
        if self._in_memory(key):
            return True
        if self.redis is None:
            return False
        tag, ref = _split(key)
        try:
            deadline = self.loop.time() + RUNNING_TTL
            while True:
                score = await self.redis.zscore(_DONE + tag, ref)
                if score is not None and score >= time.time() - WINDOW:
                    return True
                claimed = await self.redis.set(_RUNNING + key, "replay", nx=True, ex=RUNNING_TTL)
                if claimed or self.loop.time() > deadline:
                    return False
                await asyncio.sleep(RUNNING_POLL)  # another process runs it right now
        except Exception:
            # Redis unreachable: running the replay again is the lesser evil than
            # dropping it; the handler's own idempotence is the last line.
            logger.warning("Could not check a ref in Redis; handling it.", exc_info=True)
            return False

    def _queue(self, op: _Op, key: str) -> None:
        if self.redis is None:
            return
        self._unsaved.append((op, key))
        if self._saver is None:
            self._saver = self.loop.create_task(self._save())

    def _remember(self, key: str) -> None:
        tag, ref = _split(key)
        now = time.monotonic()
        refs = self._memory.get(tag)
        if refs is None:
            refs = self._memory[tag] = OrderedDict()
        else:
            self._memory.move_to_end(tag)
        if ref in refs:
            refs.move_to_end(ref)
        else:
            self._remembered += 1
        refs[ref] = now
        if len(refs) > REFS_PER_SESSION:
            refs.popitem(last=False)
            self._remembered -= 1
        memory = self._memory
        while memory:
            oldest_tag, oldest = next(iter(memory.items()))
            if self._remembered <= MEMORY_LIMIT and next(reversed(oldest.values())) >= now - WINDOW:
                break
            oldest.popitem(last=False)
            self._remembered -= 1
            if not oldest:
                del memory[oldest_tag]

    def _in_memory(self, key: str) -> bool:
        tag, ref = _split(key)
        refs = self._memory.get(tag)
        seen = refs.get(ref) if refs is not None else None
        return seen is not None and seen >= time.monotonic() - WINDOW

    async def _save(self) -> None:
        assert self.redis is not None
        try:
            while self._unsaved:
                batch, self._unsaved = self._unsaved, []
                replies = self._replies.take_unsaved()  # kept before their refs' "done"
                try:
                    await self._write(batch, replies)
                except Exception:
                    logger.warning(
                        "Could not record %d ref(s) in Redis.", len(batch), exc_info=True
                    )
        finally:
            self._saver = None

    async def _write(self, batch: list[tuple[_Op, str]], replies: dict[str, list[str]]) -> None:
        assert self.redis is not None
        ended = {key for op, key in batch if op != "run"}
        now = time.time()
        by_session: dict[str, dict[str, float]] = {}
        if replies:
            await self._replies.prepare(self.redis)
        async with self.redis.pipeline(transaction=False) as pipe:
            # Replies first: whoever finds a ref done (below) finds its reply too.
            self._replies.write(pipe, replies, now)
            for op, key in batch:
                if op == "run" and key not in ended:  # still running: mark it
                    pipe.set(_RUNNING + key, "run", ex=RUNNING_TTL)
                elif op == "done":
                    tag, ref = _split(key)
                    by_session.setdefault(tag, {})[ref] = now
            for key in ended:
                pipe.delete(_RUNNING + key)
            for tag, refs in by_session.items():
                name = _DONE + tag
                pipe.zadd(name, refs)
                pipe.zremrangebyscore(name, "-inf", now - WINDOW)
                pipe.zremrangebyrank(name, 0, -REFS_PER_SESSION - 1)
                pipe.expire(name, WINDOW)
            try:
                await pipe.execute()
            except Exception as exc:  # every command ran; the first error is raised
                if not (replies and lost_script(exc)):
                    raise
                await self._replies.write_again(self.redis, replies, now)

    async def _refresh(self) -> None:
        """Keep the running marks of long handlers alive while they run."""
        assert self.redis is not None
        try:
            while self._running:
                await asyncio.sleep(RUNNING_TTL / 3)
                try:
                    async with self.redis.pipeline(transaction=False) as pipe:
                        for key in self._running:
                            pipe.expire(_RUNNING + key, RUNNING_TTL)
                        await pipe.execute()
                except Exception:
                    logger.warning("Could not refresh running refs in Redis.", exc_info=True)
        finally:
            self._refresher = None
