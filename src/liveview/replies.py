"""The frames a handler sent in reply to a message, kept with the message's ref.

A tab that never saw a message's acknowledgement replays it; when the server
answers "duplicate" (the handler ran already), the tab may not have seen the
handler's frames either, so they are sent again, before the acknowledgement
(intents.py, dispatch.py).

Every process keeps the replies it produced in memory, bounded for all sessions
together (``MEMORY_REPLIES``, ``MEMORY_CHARS``, the oldest dropped first). With a
channels_redis layer they are also written to Redis, so a replay that reaches
another process gets them too: per session (named by the same keyed hash as its
refs) a hash ``liveview:replies:<tag>`` (ref -> the frames as a JSON array) and a
sorted set ``liveview:replies-at:<tag>`` (ref -> when kept). One Lua script per
session and batch adds the replies and trims the session to ``REPLIES_PER_SESSION``
replies and ``REPLY_BYTES_PER_SESSION`` bytes, the oldest first, and drops those
older than the window; both keys expire with the window. A reply larger than the
session's byte bound is not written at all (it stays in the memory of the process
that produced it). The writes ride in the intent store's batched pipeline, before
the ref's "done" record, so a replay that finds the ref done finds its reply too;
only a replay answered "duplicate" pays a look-up.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from collections import OrderedDict
from typing import Any

logger = logging.getLogger(__name__)

#: Replies kept in each process's memory, all sessions together: entries, characters.
MEMORY_REPLIES = 10_000
MEMORY_CHARS = 4 * 1024 * 1024
#: Replies kept in Redis per session (the oldest dropped first). A tab has a handful of
#: messages unacknowledged at a time; more only serve someone filling Redis.
REPLIES_PER_SESSION = 32
#: Bytes of replies (UTF-8 JSON) kept in Redis per session; a larger reply is not kept.
REPLY_BYTES_PER_SESSION = 64 * 1024

_FRAMES = "liveview:replies:"  # + session tag: hash, ref -> JSON array of frames
_AT = "liveview:replies-at:"  # + session tag: sorted set, ref -> time kept

# KEYS: the session's hash and sorted set. ARGV: now, window, most replies, most bytes,
# then ref, frames, ref, frames... (oldest first). Entries of one call are ordered by a
# microsecond apart, so the oldest is dropped first within a batch too.
_KEEP = """
local now, window = tonumber(ARGV[1]), tonumber(ARGV[2])
local most, bytes = tonumber(ARGV[3]), tonumber(ARGV[4])
local n = 0
for i = 5, #ARGV, 2 do
  if #ARGV[i + 1] <= bytes then
    redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
    redis.call('ZADD', KEYS[2], now + n * 0.000001, ARGV[i])
    n = n + 1
  end
end
local kept = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
local count, total, sizes = #kept / 2, 0, {}
for i = 1, #kept, 2 do
  sizes[i] = redis.call('HSTRLEN', KEYS[1], kept[i])
  total = total + sizes[i]
end
for i = 1, #kept, 2 do
  if count <= most and total <= bytes and tonumber(kept[i + 1]) > now - window then
    break
  end
  redis.call('HDEL', KEYS[1], kept[i])
  redis.call('ZREM', KEYS[2], kept[i])
  count, total = count - 1, total - sizes[i]
end
redis.call('EXPIRE', KEYS[1], window)
redis.call('EXPIRE', KEYS[2], window)
"""
_KEEP_SHA = hashlib.sha1(_KEEP.encode()).hexdigest()


class KeptReplies:
    """The replies of one event loop's sockets (owned by its ``IntentStore``)."""

    def __init__(self, loop: asyncio.AbstractEventLoop, window: float) -> None:
        self.loop = loop
        self.window = window
        #: key -> (expiry, frames), oldest first
        self._memory: OrderedDict[str, tuple[float, list[str]]] = OrderedDict()
        self._chars = 0
        #: Not yet written to Redis: key -> frames, oldest first; and their characters.
        self._unsaved: dict[str, list[str]] = {}
        self._unsaved_chars = 0
        self._script_loaded = False

    def keep(self, key: str, frames: list[str], shared: bool) -> None:
        """Keep ``frames`` for ``key`` in memory and, when ``shared``, for the next
        write to Redis (``take_unsaved``). Nothing for a handler that sent nothing."""
        if not frames:
            return
        size = sum(map(len, frames))
        # Characters <= bytes: a cheap first check. What waits for Redis is bounded
        # while Redis does not answer; past that, memory only.
        if (
            shared
            and size <= REPLY_BYTES_PER_SESSION
            and self._unsaved_chars + size <= MEMORY_CHARS
        ):
            self._unsaved[key] = frames
            self._unsaved_chars += size
        if size > MEMORY_CHARS:
            return
        memory = self._memory
        old = memory.pop(key, None)
        if old is not None:
            self._chars -= sum(map(len, old[1]))
        memory[key] = (self.loop.time() + self.window, frames)
        self._chars += size
        while len(memory) > MEMORY_REPLIES or self._chars > MEMORY_CHARS:
            _, (_, dropped) = memory.popitem(last=False)
            self._chars -= sum(map(len, dropped))

    def take_unsaved(self) -> dict[str, list[str]]:
        """The replies to write with the next batch of refs, handed over once."""
        unsaved, self._unsaved, self._unsaved_chars = self._unsaved, {}, 0
        return unsaved

    async def prepare(self, redis: Any) -> None:
        """Load the script once per process, so batches call it by its hash and never
        pay redis-py's per-pipeline ``SCRIPT EXISTS`` round trip."""
        if not self._script_loaded:
            await redis.script_load(_KEEP)
            self._script_loaded = True

    def write(self, pipe: Any, replies: dict[str, list[str]], now: float) -> None:
        """Queue on ``pipe`` the writes of ``replies`` (from ``take_unsaved``): one
        script call per session. Call ``prepare`` first."""
        by_session: dict[str, list[bytes | str]] = {}
        for key, frames in replies.items():
            tag, _, ref = key.partition(":")
            payload = json.dumps(frames, ensure_ascii=False).encode()
            if len(payload) <= REPLY_BYTES_PER_SESSION:
                by_session.setdefault(tag, []).extend((ref, payload))
        for tag, pairs in by_session.items():
            args = [now, int(self.window), REPLIES_PER_SESSION, REPLY_BYTES_PER_SESSION]
            pipe.evalsha(_KEEP_SHA, 2, _FRAMES + tag, _AT + tag, *args, *pairs)

    async def write_again(self, redis: Any, replies: dict[str, list[str]], now: float) -> None:
        """Redis forgot the script (restarted, ``SCRIPT FLUSH``): load it and write
        ``replies`` by themselves. Their refs went out already, so for a moment a
        replay elsewhere may find a ref done and its reply not yet there."""
        self._script_loaded = False
        await self.prepare(redis)
        async with redis.pipeline(transaction=False) as pipe:
            self.write(pipe, replies, now)
            await pipe.execute()

    async def fetch(self, key: str, redis: Any | None) -> list[str]:
        """The frames kept for ``key``: from this process's memory, else (with Redis)
        from Redis, one round trip. None kept, expired, or Redis failing: empty."""
        kept = self._memory.get(key)
        if kept is not None and kept[0] >= self.loop.time():
            return kept[1]
        if redis is None:
            return []
        tag, _, ref = key.partition(":")
        try:
            async with redis.pipeline(transaction=False) as pipe:
                pipe.zscore(_AT + tag, ref)
                pipe.hget(_FRAMES + tag, ref)
                at, payload = await pipe.execute()
        except Exception:
            logger.warning("Could not read a kept reply from Redis.", exc_info=True)
            return []
        if at is None or payload is None or at < time.time() - self.window:
            return []
        return _frames(payload)


def _frames(payload: bytes) -> list[str]:
    try:
        frames = json.loads(payload)
    except ValueError:
        return []
    if isinstance(frames, list) and all(isinstance(f, str) for f in frames):
        return frames
    return []


def lost_script(exc: BaseException) -> bool:
    """Whether ``exc`` says Redis does not know the script (see ``write_again``)."""
    from redis.exceptions import NoScriptError  # installed: a Redis client is in use

    return isinstance(exc, NoScriptError)
