"""The order a process keeps for one group of the Redis-shared log (feed_redis.Sequencer),
against a stand-in log: what happens to frames that wait for a read of the log."""

from __future__ import annotations

import asyncio

from liveview import feed_redis
from liveview.feed_redis import Sequencer


class FlakyLog:
    """Answers ``read`` like RedisLog, or raises while ``down``."""

    def __init__(self):
        self.down = False
        self.frames = []  # texts of epoch "e", numbered from 1

    async def read(self, group, known):
        if self.down:
            raise ConnectionError("Redis is down")
        number = known[1] if known else len(self.frames)
        return "e", len(self.frames), self.frames[number:]


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
