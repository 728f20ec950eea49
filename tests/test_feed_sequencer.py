"""The order a process keeps for one group of the Redis-shared log (feed_redis.Sequencer),
against a stand-in log: what happens to frames that wait for a read of the log."""

from __future__ import annotations

import asyncio

from liveview import feed_redis
from liveview.feed_redis import Sequencer


class FlakyLog:
    """Answers ``read`` like RedisLog, or raises while ``down``."""

    max_frames = 1000

    def __init__(self):
        self.down = False
        self.frames = []  # texts of epoch "e", numbered from 1

    async def read(self, group, known):
        if self.down:
            raise ConnectionError("Redis is down")
        if known is None or len(self.frames) - known[1] > self.max_frames:
            return "e", len(self.frames), None  # as RedisLog answers: no position, too far
        return "e", len(self.frames), self.frames[known[1] :]


async def test_frames_waiting_for_a_failed_read_are_delivered_once_the_log_answers(monkeypatch):
    monkeypatch.setattr(feed_redis, "READ_RETRY", 0)
    monkeypatch.setattr(feed_redis, "REFILL_AFTER", 0.01)
    log = FlakyLog()
    delivered = []
    arrived = asyncio.Event()

    def deliver(group, epoch, number, text):
        delivered.append((number, text))
        if number == 2:
            arrived.set()

    sequencer = Sequencer("g", log, deliver, lambda group, position: None)
    sequencer.fill()  # where the log stands: nothing yet
    await sequencer.filling
    assert sequencer.ready.is_set()

    log.frames = ["one", "two"]
    log.down = True  # frame 1 was lost on the way; frame 2 arrives while Redis is down
    sequencer.offer("e", 2, "two")
    await sequencer.filling  # every attempt fails
    assert delivered == []
    log.down = False
    # No other frame comes: the read is tried again by itself.
    await asyncio.wait_for(arrived.wait(), 5)
    assert delivered == [(1, "one"), (2, "two")]


async def test_a_closed_sequencer_stops_trying(monkeypatch):
    monkeypatch.setattr(feed_redis, "READ_RETRY", 0)
    monkeypatch.setattr(feed_redis, "REFILL_AFTER", 0.01)
    log = FlakyLog()
    reads = []
    real_read = log.read

    async def counting_read(group, known):
        reads.append(known)
        return await real_read(group, known)

    log.read = counting_read
    sequencer = Sequencer("g", log, lambda *frame: None, lambda group, position: None)
    log.down = True
    sequencer.offer("e", 3, "three")
    await sequencer.filling
    sequencer.close()  # the group's last member left
    count = len(reads)
    await asyncio.sleep(0.05)  # several REFILL_AFTER periods
    assert len(reads) == count
    assert sequencer.filling is None


async def test_a_frame_published_as_the_group_is_joined_is_delivered():
    # The member joined, then its frame was logged before the process first read where
    # the log stands: that read must not count the frame as older than the join.
    log = FlakyLog()
    log.frames = ["before the join", "mine"]
    delivered = []
    sequencer = Sequencer("g", log, lambda g, e, n, t: delivered.append((n, t)), print)
    sequencer.offer("e", 2, "mine")
    await sequencer.filling
    log.frames.append("next")
    sequencer.offer("e", 3, "next")
    assert delivered == [(2, "mine"), (3, "next")]


async def test_frames_offered_before_the_first_read_are_delivered_in_order_without_gaps():
    # Frame 3 was received from another process and frame 5 published here, both before
    # the first read; frame 4 is still on its way: it is read from the log, not lost.
    log = FlakyLog()
    log.frames = ["one", "two", "three", "four", "five"]
    delivered = []
    sequencer = Sequencer("g", log, lambda g, e, n, t: delivered.append(n), print)
    sequencer.offer("e", 5, "five")
    sequencer.offer("e", 3, "three")
    await sequencer.filling
    sequencer.offer("e", 4, "four")  # arrives late: already delivered from the log
    assert delivered == [3, 4, 5]


async def test_a_sequencer_too_far_behind_resyncs_its_members(monkeypatch):
    monkeypatch.setattr(feed_redis, "MAX_PENDING", 3)
    monkeypatch.setattr(feed_redis, "READ_RETRY", 0)
    log = FlakyLog()
    delivered, resyncs = [], []
    sequencer = Sequencer(
        "g", log, lambda g, e, n, t: delivered.append(n), lambda g, p: resyncs.append(p)
    )
    sequencer.fill()
    await sequencer.filling
    log.frames = [f"frame {n}" for n in range(1, 11)]
    log.down = True  # frame 1 is missing and cannot be read: the others pile up
    for number in range(2, 6):
        sequencer.offer("e", number, f"frame {number}")
        await sequencer.filling
    log.down = False
    sequencer.offer("e", 11, "frame 11")
    log.frames.append("frame 11")
    await sequencer.filling
    assert resyncs == [("e", 11)]  # not a silent gap
    assert delivered == []
    sequencer.offer("e", 12, "frame 12")
    assert delivered == [12]


async def test_a_frame_published_here_and_logged_before_the_first_read_is_delivered():
    # The member joined and published; the log numbered the frame, and the process read
    # where the log stands, before the numbering's answer came back to it.
    log = FlakyLog()
    delivered = []
    sequencer = Sequencer("g", log, lambda g, e, n, t: delivered.append((n, t)), print)
    sequencer.expect()  # published here, being numbered
    log.frames = ["mine"]  # ... and already in the log
    sequencer.fill()
    await asyncio.sleep(0)  # the read waits for the frame
    sequencer.offer("e", 1, "mine")
    sequencer.arrived()
    await sequencer.filling
    assert delivered == [(1, "mine")]
