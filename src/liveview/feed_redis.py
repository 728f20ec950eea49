"""The log of group frames shared through Redis, when the channel layer is channels_redis.

A frame is numbered when it is published, by one Lua script (one round trip): it
takes the group's next number, appends the frame to the group's stream and trims
the stream by count, size and age. The numbered frame then goes to every process
through the channel layer. So every process numbers a group's frames alike, and a
tab that reconnects to another process is replayed what it missed from the stream.

Per group, Redis holds a hash ``liveview:feed:<group>`` (epoch, last number, size
of the stream) kept ``META_TTL`` seconds after its last frame, and a stream
``liveview:feed:<group>:log`` kept ``max_age`` seconds. The epoch is created when
the hash is: if Redis loses it (restarted without persistence, or the group was
idle for ``META_TTL``) numbers start again in a new epoch, and tabs holding a
position in the old one are re-synced instead of having new frames taken for
duplicates.

Each hub delivers a group's frames in order (``Sequencer``): a frame that arrives
after a gap waits while the gap is read from the stream; one already delivered is
dropped. In the usual in-order case a received frame costs no Redis call.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from collections.abc import Callable
from typing import Any

from liveview.feed import Position

logger = logging.getLogger(__name__)

#: Seconds the hash of a group (epoch and number) outlives its last frame.
META_TTL = 86_400
#: Frames a sequencer holds while it reads a gap; beyond, it re-syncs its members.
MAX_PENDING = 1000
#: Attempts at reading a gap, and seconds between two.
READ_ATTEMPTS, READ_RETRY = 3, 0.2
#: Seconds a reconnecting socket waits for its hub to know where a group stands.
READY_TIMEOUT = 5.0

_KEY = "liveview:feed:"

# KEYS: hash, stream. ARGV: text, new epoch, max frames, max age (ms), max chars, ttl,
# deadline (ms since the epoch): a frame that comes later is not logged (false).
_PUBLISH = """
local t = redis.call('TIME')
if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > tonumber(ARGV[7]) then
  return false
end
local epoch = redis.call('HGET', KEYS[1], 'e')
if not epoch then
  epoch = ARGV[2]
  redis.call('HSET', KEYS[1], 'e', epoch, 'n', 0, 'c', 0)
  redis.call('DEL', KEYS[2])
elseif redis.call('EXISTS', KEYS[2]) == 0 then
  redis.call('HSET', KEYS[1], 'c', 0)
end
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
local chars = redis.call('HINCRBY', KEYS[1], 'c', #ARGV[1])
local id = redis.call('XADD', KEYS[2], '*', 'n', n, 't', ARGV[1])
local now = tonumber(string.match(id, '^(%d+)'))
local len = redis.call('XLEN', KEYS[2])
local maxf, age, maxc = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
while len > 0 do
  local first = redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 1)[1]
  local at = tonumber(string.match(first[1], '^(%d+)'))
  if len > maxf or chars > maxc or at < now - age then
    redis.call('XDEL', KEYS[2], first[1])
    chars = chars - #first[2][4]
    len = len - 1
  else
    break
  end
end
redis.call('HSET', KEYS[1], 'c', chars)
redis.call('EXPIRE', KEYS[1], ARGV[6])
redis.call('PEXPIRE', KEYS[2], age)
return {epoch, n}
"""

# KEYS: hash, stream. ARGV: epoch known ('' none), number known, new epoch, max frames,
# max age (ms), ttl. Returns {epoch, last number, frames after it (oldest first) or false}.
_READ = """
local epoch = redis.call('HGET', KEYS[1], 'e')
if not epoch then
  epoch = ARGV[3]
  redis.call('HSET', KEYS[1], 'e', epoch, 'n', 0, 'c', 0)
  redis.call('EXPIRE', KEYS[1], ARGV[6])
end
local last = tonumber(redis.call('HGET', KEYS[1], 'n'))
local after = tonumber(ARGV[2])
if epoch ~= ARGV[1] or after > last then return {epoch, last, false} end
if after == last then return {epoch, last, {}} end
local count = last - after
if count > tonumber(ARGV[4]) then return {epoch, last, false} end
local entries = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', count)
if #entries < count then return {epoch, last, false} end
local t = redis.call('TIME')
local oldest = tonumber(string.match(entries[count][1], '^(%d+)'))
if oldest < tonumber(t[1]) * 1000 - tonumber(ARGV[5]) then return {epoch, last, false} end
local texts = {}
for i = count, 1, -1 do texts[#texts + 1] = entries[i][2][4] end
return {epoch, last, texts}
"""

# KEYS: stream, mark. ARGV: ttl (ms). Notes where the stream ends now (atomic with
# the publish script, so no frame falls between) under the mark, for a page's socket.
_MARK = """
local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
local id = '0-0'
if last then id = last[1] end
redis.call('SET', KEYS[2], id, 'PX', ARGV[1])
return id
"""

#: Where a group's log stands, and the frames after a position (None: lost).
Reading = tuple[str, int, "list[str] | None"]


class RedisLog:
    """The publish and read scripts of the shared log, on one Redis client."""

    def __init__(self, redis: Any, max_frames: int, max_age: float, max_chars: int) -> None:
        self.redis = redis
        self.max_frames = max_frames
        self.max_age_ms = int(max_age * 1000)
        self.max_chars = max_chars
        self._publish = redis.register_script(_PUBLISH)
        self._read = redis.register_script(_READ)
        self._mark = redis.register_script(_MARK)
        from redis.exceptions import NoScriptError  # redis-py: only with channels_redis

        self._no_script = NoScriptError

    async def number(self, frames: list[tuple[str, str]], deadline: float) -> list[Position | None]:
        """Log each ``(group, text)`` as its group's next frame, in one round trip:
        the epoch and number of each, or None for those Redis ran after ``deadline``
        (``time.time()``), which are not logged."""
        calls = []
        for group, text in frames:
            args = [text, _new_epoch(), self.max_frames, self.max_age_ms, self.max_chars]
            calls.append((*_keys(group), *args, META_TTL, int(deadline * 1000)))
        try:
            results = await self._run_publish(calls)
        except self._no_script:  # Redis restarted or its scripts were flushed: load, once
            await self.redis.script_load(_PUBLISH)
            results = await self._run_publish(calls)
        return [None if r is None else (_str(r[0]), int(r[1])) for r in results]

    async def _run_publish(self, calls: list[tuple[Any, ...]]) -> list[Any]:
        # EVALSHA by hand: a pipeline given Script objects first asks Redis whether
        # they exist (SCRIPT EXISTS), a second round trip on every broadcast.
        sha = self._publish.sha
        async with self.redis.pipeline(transaction=False) as pipe:
            for call in calls:
                pipe.evalsha(sha, 2, *call)
            return list(await pipe.execute())

    def number_now(self, group: str, text: str, deadline: float) -> Position | None:
        """``number`` for one frame on a blocking client (feed_sync.py)."""
        args = [text, _new_epoch(), self.max_frames, self.max_age_ms, self.max_chars]
        result = self._publish(keys=_keys(group), args=[*args, META_TTL, int(deadline * 1000)])
        return None if result is None else (_str(result[0]), int(result[1]))

    async def read(self, group: str, position: Position | None) -> Reading:
        """Where ``group``'s log stands, and the texts of the frames after ``position``
        in order (unstamped), or None when they are not all logged any more."""
        epoch, number = position if position is not None else ("", 0)
        now_epoch, last, texts = await self._read(
            keys=_keys(group),
            args=[epoch, number, _new_epoch(), self.max_frames, self.max_age_ms, META_TTL],
        )
        now_epoch = _str(now_epoch)
        return now_epoch, int(last), None if texts is None else [_str(t) for t in texts]

    def mark_render_now(self, group: str, room: str) -> None:
        """Note where ``group``'s stream ends, for the socket of the page rendered with
        ``room`` (kept ``max_age``: older frames are not logged anyway). Blocking client."""
        keys = [_keys(group)[1], _render_key(room)]
        self._mark(keys=keys, args=[max(self.max_age_ms, 1)])

    async def take_render_mark(self, room: str) -> str | None:
        """The stream id noted when the page of ``room`` was rendered, at most once."""
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.get(_render_key(room))
            pipe.delete(_render_key(room))
            mark, _ = await pipe.execute()
        return None if mark is None else _str(mark)

    async def since_time(
        self, group: str, moment: float | str
    ) -> tuple[str, list[tuple[int, str]]]:
        """The epoch of ``group``'s log and its frames (number, text) logged at or after
        ``moment`` (``time.time()``; stream ids are Redis's clock in ms), or after the
        stream id ``moment`` names as ``XRANGE``'s start (``"(<id>"``, ``"-"``)."""
        hash_key, stream = _keys(group)
        if isinstance(moment, float):
            moment = str(int(moment * 1000))
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hget(hash_key, "e")
            pipe.xrange(stream, min=moment, max="+", count=self.max_frames)
            epoch, entries = await pipe.execute()
        if epoch is None:
            return "", []
        frames = [(int(_field(f, "n")), _str(_field(f, "t"))) for _, f in entries]
        return _str(epoch), frames


def stamp(text: str, group: str, epoch: str, number: int) -> str:
    """``text`` (a JSON object) with its number spliced in, as feed.py does."""
    return f'{text[:-1]},"seq":{{"group":{_json_str(group)},"epoch":"{epoch}","n":{number}}}}}'


def numbered(text: str) -> bool:
    """Whether ``text`` can carry a number (a non-empty JSON object)."""
    return text.startswith("{") and text.endswith("}") and text != "{}"


#: Seconds a group's first read waits for the frames published here meanwhile to be
#: numbered (feed_numbering gives up on a frame after 1.5 s).
SETTLE_WAIT = 2.0
#: Seconds before a failed read of the log is tried again while frames wait for it.
REFILL_AFTER = 1.0


class Sequencer:
    """Delivers one group's numbered frames to a hub's members in order, once."""

    def __init__(
        self,
        group: str,
        log: RedisLog,
        deliver: Callable[[str, str, int, str], None],
        resync: Callable[[str, Position], None],
    ) -> None:
        self.group = group
        self.log = log
        self.epoch: str | None = None
        self.last = 0
        self.ready = asyncio.Event()
        self._deliver = deliver  # (group, epoch, number, text) to every member
        self._resync = resync  # tells resuming members the group's frames are lost
        self._pending: dict[int, tuple[str, str]] = {}  # number -> (epoch, text)
        self._filling: asyncio.Task[None] | None = None
        self._expected = 0  # frames published here since the join, still being numbered
        self._settled = asyncio.Event()  # set while none is
        self._settled.set()

    def expect(self) -> None:
        """A frame of the group was just published here: it goes to the members even if
        the log numbers it before this process first reads where the log stands."""
        self._expected += 1
        self._settled.clear()

    def arrived(self) -> None:
        """An expected frame was offered (or could not be numbered)."""
        self._expected -= 1
        if self._expected <= 0:
            self._expected = 0
            self._settled.set()

    def offer(self, epoch: str, number: int, text: str) -> None:
        """A frame of the group (published here, or received from the layer)."""
        if self._filling is None and self.ready.is_set() and epoch == self.epoch:
            if number <= self.last:
                return
            if number == self.last + 1:
                self.last = number
                self._deliver(self.group, epoch, number, text)
                return
        if len(self._pending) >= MAX_PENDING:
            # Too far behind: the members start again from where the log stands, with a
            # re-sync (the next read is asked for a gap longer than the log keeps).
            self._pending.clear()
            self.last = -self.log.max_frames
        self._pending[number] = (epoch, text)
        self.fill()

    def close(self) -> None:
        """No member is left: frames waiting are dropped, and no read is tried again."""
        self._pending.clear()

    def fill(self) -> None:
        """Read what is missing from the stream (once at a time), then deliver."""
        if self._filling is None:
            self._filling = asyncio.get_running_loop().create_task(self._fill())

    def _refill(self) -> None:
        if self._pending:  # still waited for (close() empties it)
            self.fill()

    @property
    def filling(self) -> asyncio.Task[None] | None:
        """The read of the log running now, if any."""
        return self._filling

    def lost(self) -> None:
        """The layer failed: frames may have been missed; read the gap when back."""
        self.ready.clear()

    async def _fill(self) -> None:
        try:
            while True:
                if self.epoch is None:
                    await self.anchor()
                known = None if self.epoch is None else (self.epoch, self.last)
                epoch, last, texts = await self._read(known)
                if texts is None and self.epoch is not None:
                    # Lost to the log: resuming tabs start again. A new epoch (Redis
                    # restarted) is replayed from its start when still all logged.
                    start: Position = (epoch, last)
                    if epoch != self.epoch:
                        epoch, last, texts = await self._read((epoch, 0))
                        start = (epoch, 0 if texts is not None else last)
                    self._resync(self.group, start)
                    self.epoch, self.last = epoch, start[1]
                if texts is not None and self.epoch is not None:
                    for i, text in enumerate(texts):
                        self._deliver(self.group, epoch, self.last + 1 + i, text)
                self.epoch, self.last = epoch, last
                self.ready.set()
                self._flush()
                if not self._pending:
                    return
        except Exception:
            logger.warning("Reading the log of group %s failed.", self.group, exc_info=True)
            if self._pending:  # frames wait for that read: try again, not only on the next frame
                asyncio.get_running_loop().call_later(REFILL_AFTER, self._refill)
        finally:
            self._filling = None

    async def anchor(self) -> None:
        """Fix where the members' log starts, if not yet: the hub asks before the layer
        serves the group, so the frames logged meanwhile are read, not skipped. Frames
        offered since the join (published here, or received) belong to the members
        however early they were logged: then it starts just before the first of them."""
        while self.epoch is None:
            await self._published_here()
            if self._pending:
                first = min(self._pending)
                self.epoch, self.last = self._pending[first][0], first - 1
                return
            epoch, last, _ = await self._read(None)
            if self.epoch is None and not (self._expected or self._pending):
                self.epoch, self.last = epoch, last
            # else: a frame published here during the read may be counted in `last`

    async def _published_here(self) -> None:
        """Wait (boundedly) for the frames published here since the join to be numbered."""
        if not self._settled.is_set():
            try:
                await asyncio.wait_for(self._settled.wait(), SETTLE_WAIT)
            except TimeoutError:  # not numbered in time: they went on unnumbered
                logger.debug("Frames of group %s still being numbered.", self.group)
                self._expected = 0
                self._settled.set()

    async def _read(self, known: Position | None) -> Reading:
        # Connections of the pool that a restarted Redis closed fail once each.
        for attempt in range(READ_ATTEMPTS):
            try:
                return await self.log.read(self.group, known)
            except Exception:
                if attempt == READ_ATTEMPTS - 1:
                    raise
                await asyncio.sleep(READ_RETRY)
        raise AssertionError("unreachable")

    def _flush(self) -> None:
        for number in sorted(self._pending):
            epoch, text = self._pending[number]
            if number > self.last + 1 and epoch == self.epoch:
                return  # a gap: read again
            del self._pending[number]
            if number == self.last + 1 and epoch == self.epoch:
                self.last = number
                self._deliver(self.group, epoch, number, text)


def _field(fields: dict[Any, Any], name: str) -> Any:
    return fields[name.encode()] if name.encode() in fields else fields[name]


def _render_key(room: str) -> str:
    return f"liveview:render:{room}"


def _keys(group: str) -> list[str]:
    return [_KEY + group, _KEY + group + ":log"]


def _new_epoch() -> str:
    return secrets.token_hex(6)


def _str(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def _json_str(value: str) -> str:
    return json.dumps(value)
