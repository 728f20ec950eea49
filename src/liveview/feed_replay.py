"""Replaying a group's missed frames to one reconnecting socket from the shared log.

When a socket joins a group (server code decided it should), it says where its tab
stands in the group (the position the tab reported, or nothing on a first visit).
Until the group's log has been read, live frames of the group are held for the
socket; then it gets, in order: the frames after its position (or the position to
resume from, or ``resync`` when the frames are no longer logged), then the held
live frames it did not get from the log. Numbers are checked once more for the
first live frames, which may already have come from the log.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from liveview.feed import Position, position_frame, resync_frame
from liveview.feed_redis import READY_TIMEOUT, stamp

if TYPE_CHECKING:
    from liveview.feed_redis import RedisLog, Sequencer

logger = logging.getLogger(__name__)

#: A live frame held during a replay: (epoch, number or None for a resync, text).
Held = tuple[str, "int | None", str]


class Replays:
    """The replays of one socket. Event loop thread only."""

    __slots__ = ("_enqueue", "_floors", "_held", "_tasks")

    def __init__(self, enqueue: Callable[[str], None]) -> None:
        self._enqueue = enqueue
        self._held: dict[str, list[Held]] = {}  # group -> live frames held while replaying
        self._floors: dict[str, Position] = {}  # group -> last number replayed
        self._tasks: set[asyncio.Task[None]] = set()

    def deliver(self, group: str, epoch: str, number: int | None, text: str) -> None:
        """A live frame of ``group`` (``number`` None: a resync notice)."""
        held = self._held.get(group)
        if held is not None:
            held.append((epoch, number, text))
            return
        floor = self._floors.get(group)
        if floor is not None and number is not None:
            if floor[0] == epoch and number <= floor[1]:
                return  # replayed already
            del self._floors[group]
        self._enqueue(text)

    def start(
        self,
        log: RedisLog,
        sequencer: Sequencer,
        position: Position | None,
        rendered: float | str | None = None,
    ) -> None:
        """Replay ``sequencer``'s group after ``position`` (just joined), or on a first
        visit the frames logged since the page's render (``time.time()``, or where the
        stream stood as ``XRANGE``'s start: see ``RedisLog.since_time``), if known."""
        group = sequencer.group
        self._held[group] = []
        replay = self._replay(log, sequencer, position, rendered)
        task = asyncio.get_running_loop().create_task(replay)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def close(self) -> None:
        """The socket ended: stop replaying, hold nothing."""
        for task in tuple(self._tasks):
            task.cancel()
        self._held.clear()
        self._floors.clear()

    async def _replay(
        self,
        log: RedisLog,
        sequencer: Sequencer,
        position: Position | None,
        rendered: float | str | None,
    ) -> None:
        group = sequencer.group
        try:
            # Once the hub knows where the group stands, every frame after that reaches
            # the held list; the log read below covers everything up to there.
            await asyncio.wait_for(sequencer.ready.wait(), READY_TIMEOUT)
            if position is None and rendered is not None:  # from the page's render on
                epoch, numbered = await log.since_time(group, rendered)
                if numbered:
                    position = (epoch, numbered[0][0] - 1)
                    self._enqueue(position_frame(group, position))
                    for number, text in numbered:
                        self._enqueue(stamp(text, group, epoch, number))
                    self._release(group, None, (epoch, numbered[-1][0]))
                    return
            if position is None:  # a first visit: from the join on (the held frames)
                self._release(group, position_frame(group, self._start(sequencer)), None)
                return
            epoch, last, texts = await log.read(group, position)
            if position is not None and texts is None and epoch != position[0]:
                # A new log (Redis restarted): re-synced, then replayed from its start.
                epoch, last, texts = await log.read(group, (epoch, 0))
                if texts is not None:
                    self._enqueue(resync_frame({group: (epoch, 0)}))
                    position = (epoch, 0)
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.warning("Replaying group %s failed.", group, exc_info=True)
            self._release(group, resync_frame({group: None}), None)
            return
        if texts is None:
            first = resync_frame({group: (epoch, last)})
        else:
            start = position[1] + 1
            for i, text in enumerate(texts):
                self._enqueue(stamp(text, group, epoch, start + i))
            first = None
        self._release(group, first, (epoch, last))

    def _start(self, sequencer: Sequencer) -> Position:
        """Where a socket that just joined starts: before the first frame held for it,
        else where its hub's sequencer stands."""
        for epoch, number, _ in self._held.get(sequencer.group, ()):
            if number is not None:
                return (epoch, number - 1)
        return (sequencer.epoch or "", sequencer.last)

    def _release(self, group: str, first: str | None, floor: Position | None) -> None:
        held = self._held.pop(group, [])
        if first is not None:
            self._enqueue(first)
        if floor is not None:
            self._floors[group] = floor
        for epoch, number, text in held:
            self.deliver(group, epoch, number, text)
