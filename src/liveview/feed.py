"""Sequence numbers and a bounded log of the frames a process delivers to each group.

Every frame the hub delivers to the local members of a group (a broadcast, a
topic, room, user or presence message, whichever process published it) gets the
next number of that group's log in this process, and is kept in the log for a
while. A tab that reconnects says, per group, the log and the number it last
applied; the process replays what it missed, in order, before any live frame, or
says it cannot (``resync``) when the log no longer holds the frames after that
number or is not the log the tab knew (another process, or one pruned since).

Each log has an ``epoch``, a random token: numbers are only compared within one
epoch, so a log that was dropped and started again, or another process's log,
never makes a frame look like a duplicate.

The stamp is spliced into the frame's JSON text (``{...,"seq":{...}}``), so a
frame is encoded once whatever the number of members. Frames that are not JSON
objects are delivered unstamped and are not logged.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from typing import Any

#: Defaults of the bounds of each group's log (settings ``LIVEVIEW["FEED_MAX_FRAMES"]``,
#: ``["FEED_MAX_AGE"]`` in seconds, ``["FEED_MAX_CHARS"]``).
MAX_FRAMES = 1000
MAX_AGE = 120.0
MAX_CHARS = 1024 * 1024
#: Groups a tab may report positions for when it connects.
MAX_REPORTED_GROUPS = 32
#: Page renders remembered (room -> when), for the frames between render and socket.
MAX_RENDERS = 10_000

#: A position: (epoch, number of the last frame applied).
Position = tuple[str, int]


class GroupLog:
    """The numbered frames of one group, oldest first."""

    __slots__ = ("chars", "epoch", "frames", "last", "touched")

    def __init__(self, now: float) -> None:
        self.touched = now  # created or last written
        self.epoch = secrets.token_hex(6)
        self.last = 0  # number of the newest frame
        self.frames: deque[tuple[int, float, str]] = deque()  # (number, time, text)
        self.chars = 0

    def add(self, text: str, now: float, bounds: Feed) -> int:
        self.last += 1
        self.touched = now
        self.frames.append((self.last, now, text))
        self.chars += len(text)
        while self.frames and (
            len(self.frames) > bounds.max_frames
            or self.chars > bounds.max_chars
            or self.frames[0][1] < now - bounds.max_age
        ):
            self.chars -= len(self.frames.popleft()[2])
        return self.last

    def after(self, number: int, oldest: float) -> list[str] | None:
        """The frames after ``number`` (none logged before ``oldest``), or None when
        some of them are gone."""
        if number >= self.last:
            return []
        fresh = [(n, text) for n, at, text in self.frames if at >= oldest]
        if not fresh or fresh[0][0] > number + 1:
            return None
        return [text for n, text in fresh if n > number]


class Feed:
    """Every group's log in one hub."""

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        *,
        max_frames: int = MAX_FRAMES,
        max_age: float = MAX_AGE,
        max_chars: int = MAX_CHARS,
    ) -> None:
        self._clock = clock
        self.max_frames = max_frames
        self.max_age = max_age
        self.max_chars = max_chars
        self._logs: OrderedDict[str, GroupLog] = OrderedDict()  # least recently written first

    def stamp(self, group: str, text: str) -> str:
        """``text`` with its number in ``group``'s log, logged; unchanged (and not
        logged) when it is not a JSON object."""
        if not (text.startswith("{") and text.endswith("}")) or text == "{}":
            return text
        now = self._clock()
        log = self._log(group, now)
        stamped = f'{text[:-1]},"seq":{_seq(group, log.epoch, log.last + 1)}}}'
        log.add(stamped, now, self)
        return stamped

    def open(self, group: str) -> Position:
        """Where ``group``'s log stands, creating it if needed: a tab that joins learns
        the position it will resume from."""
        log = self._log(group, self._clock())
        return (log.epoch, log.last)

    def _log(self, group: str, now: float) -> GroupLog:
        log = self._logs.get(group)
        if log is None:
            log = self._logs[group] = GroupLog(now)
            self._forget_idle(now)
        else:
            self._logs.move_to_end(group)
        return log

    def logged_since(self, group: str, moment: float) -> list[str]:
        """The frames of ``group`` logged at or after ``moment`` (this feed's clock)."""
        log = self._logs.get(group)
        if log is None:
            return []
        return [text for _, at, text in log.frames if at >= moment]

    def position(self, group: str) -> Position | None:
        log = self._logs.get(group)
        return None if log is None else (log.epoch, log.last)

    def forget(self, group: str) -> None:
        """Drop ``group``'s log: frames may have been missed (the layer failed, or the
        group stopped being served), so it cannot vouch for a gap any more."""
        self._logs.pop(group, None)

    def since(self, group: str, position: Position) -> list[str] | None:
        """The frames of ``group`` after ``position``, in order; None when they cannot
        be told (a log this process does not have, or frames already dropped)."""
        epoch, number = position
        log = self._logs.get(group)
        if log is None or log.epoch != epoch:
            return None
        return log.after(number, self._clock() - self.max_age)

    def _forget_idle(self, now: float) -> None:
        # A group nobody wrote to for max_age has nothing left to replay.
        while self._logs:
            group, log = next(iter(self._logs.items()))
            if log.touched >= now - self.max_age:
                return
            del self._logs[group]


class Renders:
    """When each page whose room the ``{% liveview_room_uuid %}`` tag issued was
    rendered in this process, so that its socket gets the group frames published
    between the render and its join. Any thread; bounded in entries."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._at: OrderedDict[str, float] = OrderedDict()

    def note(self, room: str, moment: float) -> None:
        with self._lock:
            self._at[room] = moment
            while len(self._at) > MAX_RENDERS:
                self._at.popitem(last=False)

    def take(self, room: str) -> float | None:
        with self._lock:
            return self._at.pop(room, None)


renders = Renders()
#: The same renders' wall-clock times (``time.time()``), for the log shared in Redis.
render_times = Renders()


def position_frame(group: str, position: Position) -> str:
    """A frame with nothing to apply but the position of ``group``'s log."""
    return f'{{"seq":{_seq(group, *position)}}}'


def _seq(group: str, epoch: str, number: int) -> str:
    return json.dumps({"group": group, "epoch": epoch, "n": number}, separators=(",", ":"))


def parse_positions(raw: str) -> dict[str, Position]:
    """A tab's report ``{"<group>": ["<epoch>", <n>], ...}``; anything malformed is
    ignored (the tab then gets live frames only)."""
    try:
        data = json.loads(raw)
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    positions: dict[str, Position] = {}
    for group, value in list(data.items())[:MAX_REPORTED_GROUPS]:
        if (
            isinstance(group, str)
            and len(group) < 100
            and isinstance(value, list)
            and len(value) == 2
            and isinstance(value[0], str)
            and len(value[0]) <= 32
            and type(value[1]) is int
            and value[1] >= 0
        ):
            positions[group] = (value[0], value[1])
    return positions


def resync_frame(groups: dict[str, Position | None]) -> str:
    """Tells the tab that it missed frames of ``groups`` that cannot be replayed, and
    where each group's log stands now (null: nothing logged yet)."""
    body: dict[str, Any] = {
        group: None if position is None else list(position) for group, position in groups.items()
    }
    return json.dumps({"resync": body}, separators=(",", ":"))
