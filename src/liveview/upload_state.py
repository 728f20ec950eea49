"""Upload state shared by every process through Redis (with a channels_redis layer).

Without Redis an upload is described by a ``.json`` file next to its bytes and the
per-user budgets are counted in each process (upload_store.py). With the Redis
channel layer, what an upload is lives in Redis instead, so any process that can
read the upload directory can validate and take over a resume:

- ``liveview:upload:<id>``, a hash: owner (a keyed hash of the session), the
  user who started it and a hash of its resume secret (``may_resume``), the
  budget it is charged to, the handler and input it is for, the declared name,
  size and type, the last acknowledged ``offset`` and the ``holder`` (the socket
  writing to it). It expires ``UPLOAD_TIMEOUT`` seconds after its last chunk.
- ``liveview:upload-budget:<budget>``, a sorted set of upload ids scored by when
  their reservation expires, and ``liveview:upload-bytes:<budget>``, a hash of their
  declared sizes: the per-user budget of every process together. A reservation is
  made and checked in one script (atomic), refreshed with each chunk, released with
  the upload, and expires with it: a process that dies leaks nothing for longer
  than ``UPLOAD_TIMEOUT``.

A chunk is acknowledged to the browser once its new offset is in Redis, so a
resume on another process starts from an offset the bytes on disk hold. Only the
holder moves the offset: after a takeover the old socket's chunks are refused.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import secrets
from collections.abc import Coroutine
from typing import Any

logger = logging.getLogger(__name__)


def new_resume_secret() -> tuple[str, str]:
    """A secret for the socket that starts an upload, and what is stored of it."""
    secret = secrets.token_hex(16)
    return secret, hashlib.sha256(secret.encode()).hexdigest()


def may_resume(recorded: dict[str, str], owner: str, user: str, secret: str) -> bool:
    """Whether a socket of session ``owner`` (keyed hash) and ``user`` (pk, "" when
    anonymous) may resume an upload recorded as ``recorded`` (owner, user, secret).

    Its own session may. After a login rotated the session key, the tab may too if
    it shows the upload's resume secret (only ever sent to the socket that started
    the upload, never in an action message, a log line or storage) and the upload
    was started anonymously or by the same user: a login carries an anonymous
    upload into the account, while a logout or another user's login starts over.
    """
    if hmac.compare_digest(recorded.get("owner", ""), owner):
        return True
    stored = recorded.get("secret", "")
    if not secret or not stored or recorded.get("user", "") not in ("", user):
        return False
    return hmac.compare_digest(hashlib.sha256(secret.encode()).hexdigest(), stored)


_KEY = "liveview:upload:"
_BUDGET = "liveview:upload-budget:"
_BYTES = "liveview:upload-bytes:"

_NOW = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
"""

# KEYS: upload, budget set, budget sizes. ARGV: id, size, max bytes, max files,
# ttl ms, then field/value pairs of the upload's hash.
_RESERVE = (
    _NOW
    + """
local dead = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, id in ipairs(dead) do
  redis.call('ZREM', KEYS[2], id)
  redis.call('HDEL', KEYS[3], id)
end
local used = 0
for _, v in ipairs(redis.call('HVALS', KEYS[3])) do used = used + tonumber(v) end
local size = tonumber(ARGV[2])
if redis.call('ZCARD', KEYS[2]) + 1 > tonumber(ARGV[4]) or used + size > tonumber(ARGV[3]) then
  return 0
end
local ttl = tonumber(ARGV[5])
redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], size)
redis.call('HSET', KEYS[1], unpack(ARGV, 6))
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl) end
return 1
"""
)

# KEYS: upload, budget set, budget sizes. ARGV: id, holder, ttl ms, offset or "".
# Moves the offset (a chunk) or the holder (offset "": a takeover), and refreshes
# the expiry of the upload and its reservation. Returns the offset, or false when
# the upload expired or another socket holds it.
_TOUCH = (
    _NOW
    + """
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
if ARGV[4] == '' then
  redis.call('HSET', KEYS[1], 'holder', ARGV[2])
elseif redis.call('HGET', KEYS[1], 'holder') ~= ARGV[2] then
  return false
else
  redis.call('HSET', KEYS[1], 'offset', ARGV[4])
end
local ttl = tonumber(ARGV[3])
redis.call('ZADD', KEYS[2], 'XX', now + ttl, ARGV[1])
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ttl) end
return redis.call('HGET', KEYS[1], 'offset')
"""
)

# KEYS: upload, budget set, budget sizes. ARGV: id, holder. Removes the upload and
# its reservation unless another socket holds it (1: gone, its bytes may go too).
_RELEASE = """
local holder = redis.call('HGET', KEYS[1], 'holder')
if holder and holder ~= ARGV[2] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
return 1
"""


def _keys(upload_id: str, budget: str) -> list[str]:
    return [_KEY + upload_id, _BUDGET + budget, _BYTES + budget]


class SharedState:
    """Upload records and per-user budgets in Redis, for one event loop."""

    def __init__(self, redis: Any) -> None:
        self.redis = redis
        self._reserve = redis.register_script(_RESERVE)
        self._touch = redis.register_script(_TOUCH)
        self._release = redis.register_script(_RELEASE)
        self._tasks: set[asyncio.Task[Any]] = set()

    async def reserve(
        self,
        upload_id: str,
        fields: dict[str, str | int],
        max_bytes: int,
        max_files: int,
        ttl: float,
    ) -> bool:
        """Record a new upload held by ``fields["holder"]`` and reserve its declared
        size in its budget; False when the budget (of every process) is spent."""
        args: list[str | int] = [upload_id, fields["size"], max_bytes, max_files, _ms(ttl)]
        for name, value in fields.items():
            args += [name, value]
        keys = _keys(upload_id, str(fields["budget"]))
        return bool(await self._reserve(keys=keys, args=args))

    async def load(self, upload_id: str) -> dict[str, str]:
        """An upload's hash ({} when it does not exist or expired)."""
        raw = await self.redis.hgetall(_KEY + upload_id)
        return {_text(k): _text(v) for k, v in raw.items()}

    async def touch(
        self, upload_id: str, budget: str, holder: str, ttl: float, offset: int | None
    ) -> int | None:
        """Acknowledge ``offset`` (None: take the upload over for ``holder``).
        The offset now recorded, or None when the upload is gone or not ``holder``'s."""
        arg = "" if offset is None else str(offset)
        keys = _keys(upload_id, budget)
        result = await self._touch(keys=keys, args=[upload_id, holder, _ms(ttl), arg])
        return None if result is None else int(result)

    async def release(self, upload_id: str, budget: str, holder: str) -> bool:
        """Remove an upload and give back its reservation, unless another socket
        holds it. True when it is gone (its files may be deleted)."""
        keys = _keys(upload_id, budget)
        return bool(await self._release(keys=keys, args=[upload_id, holder]))

    async def budget_used(self, budget: str) -> tuple[int, int]:
        """Bytes and uploads reserved by ``budget`` across processes (tests, metrics)."""
        sizes = await self.redis.hvals(_BYTES + budget)
        return sum(int(v) for v in sizes), len(sizes)

    def spawn(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any] | None:
        """Run ``work`` (a release from synchronous code) to its end, logging failures.
        None, and ``work`` dropped, outside the event loop (the Redis keys expire)."""
        try:
            task = asyncio.get_running_loop().create_task(work)
        except RuntimeError:
            work.close()
            return None
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.warning("Releasing an upload in Redis failed.", exc_info=task.exception())

    async def drain(self) -> None:
        """Wait for the releases under way (tests)."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)


def _ms(seconds: float) -> int:
    return max(int(seconds * 1000), 1)


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def shared_state(redis: Any | None) -> SharedState | None:
    """The shared state over ``redis`` (a hub's client: one per event loop), or None."""
    if redis is None:
        return None
    state: SharedState | None = getattr(redis, "_liveview_uploads", None)
    if state is None:
        state = SharedState(redis)
        redis._liveview_uploads = state
    return state
