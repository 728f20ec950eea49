"""Numbering the frames pushed from a process that has no hub.

``push()`` from a management command, a task worker or any process that serves no
WebSocket sends its frame straight to the channel layer. With the log shared
through Redis (feed_redis.py) the frame is first numbered by the same publish
script the hubs run, on one blocking redis-py client per process and layer, made
on first use; the receiving hubs then deliver it in order, and a tab that was cut
off is replayed it like any other frame.

Redis must never make ``push()`` fail: when it does not answer in time the frame
goes out unnumbered (live only, as before the log), a warning is logged once per
outage, and Redis is not asked again for ``RETRY_AFTER`` seconds.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from liveview import _compat
from liveview.conf import config
from liveview.feed_numbering import NUMBER_WAIT, REPLY_MARGIN, RETRY_AFTER
from liveview.feed_redis import RedisLog, numbered
from liveview.groups import BROADCAST_GROUP, LOCAL_PREFIX
from liveview.protocol import GroupEvent

logger = logging.getLogger(__name__)

_lock = threading.Lock()
#: id(layer) -> (the layer, its log or None when it has none), one per process.
_logs: dict[int, tuple[Any, RedisLog | None]] = {}
_retry_at = 0.0
_warned = False


def log_of(layer: Any) -> RedisLog | None:
    """The shared log of ``layer`` on a blocking client, or None (another layer, or
    ``FEED_SHARED`` off). Made once per process and layer."""
    with _lock:
        known = _logs.get(id(layer))
        if known is not None and known[0] is layer:
            return known[1]
        cfg = config.get()
        client = (
            _compat.sync_redis_client_of(layer, NUMBER_WAIT + REPLY_MARGIN)
            if cfg.feed_shared
            else None
        )
        log = (
            None
            if client is None
            else RedisLog(client, cfg.feed_max_frames, cfg.feed_max_age, cfg.feed_max_chars)
        )
        _logs[id(layer)] = (layer, log)
        return log


def _redis_failed(what: str) -> None:
    """Called in an ``except`` block: Redis is not asked again for ``RETRY_AFTER``
    seconds, and the failure is logged once per outage."""
    global _retry_at, _warned
    _retry_at = time.monotonic() + RETRY_AFTER
    if not _warned:
        _warned = True
        logger.warning("Could not %s in Redis.", what, exc_info=True)


def mark_render(layer: Any, room: str) -> None:
    """Note in Redis where the broadcast group's log stands as the page of ``room`` is
    rendered, so its socket is replayed what was published since, on whichever process
    it opens (one round trip). Nothing is noted when Redis fails: the page renders."""
    global _warned
    if time.monotonic() < _retry_at:
        return
    try:
        # ``layer`` may be a getter: the pubsub layer can only be made on a running
        # loop, and a page rendered before any socket opened has none (no mark then).
        log = log_of(layer() if callable(layer) else layer)
    except Exception:
        logger.debug("No channel layer to note a page's render with.", exc_info=True)
        return
    if log is None:
        return
    try:
        log.mark_render_now(BROADCAST_GROUP, room)
    except Exception:
        _redis_failed("note a page's render")
        return
    _warned = False


def number_event(layer: Any, event: GroupEvent) -> None:
    """Give ``event`` (a ``liveview.group`` message about to be sent on ``layer``) its
    number in the shared log, in place; left as it is when there is no log or Redis
    fails. Blocks at most ``NUMBER_WAIT + REPLY_MARGIN`` seconds."""
    global _warned
    group, text = event.get("group", ""), event.get("text")
    if not isinstance(text, str) or not numbered(text) or group.startswith(LOCAL_PREFIX):
        return
    if time.monotonic() < _retry_at:
        return
    log = log_of(layer)
    if log is None:
        return
    try:
        position = log.number_now(group, text, time.time() + NUMBER_WAIT)
    except Exception:
        _redis_failed("number a pushed frame")
        return
    _warned = False
    if position is not None:
        event["seq"] = list(position)
