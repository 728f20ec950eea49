"""The hub while Redis stalls: a bounded backlog, no stale burst, joins before sends.

Two hubs on one real redis-server stand for two processes. The server is paused
with SIGSTOP (a stall: connections stay open, nothing answers) and resumed with
SIGCONT. Members stand for sockets and record what the hub delivers to them.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from contextlib import contextmanager, suppress

import pytest
from channels_redis.core import RedisChannelLayer

from liveview.backlog import MAX_QUEUED_CHARS
from liveview.hub import Hub
from liveview.metrics import metrics
from tests.servers import RedisServer

DEADLINE = 20.0  # seconds a condition may take; a bound, not a measurement
GROUP = "liveview.topic.stall"


class Member:
    """Stands for a socket: keeps the frames the hub delivers to it."""

    def __init__(self):
        self.texts = []

    def _deliver(self, text):
        self.texts.append(text)

    def _revoke(self):
        pass


@pytest.fixture
def own_redis(redis_binary):
    """A redis-server this test may pause."""
    server = RedisServer(redis_binary)
    server.start()
    yield server
    os.kill(server.process.proc.pid, signal.SIGCONT)
    server.stop(signal.SIGKILL)


@pytest.fixture(autouse=True)
def fresh_metrics():
    metrics.reset()
    yield
    metrics.reset()


@pytest.fixture
async def hubs(own_redis):
    """Two hubs on their own layers, as two processes; the first has a local member
    of GROUP, the second a member that hears GROUP only through Redis."""
    loop = asyncio.get_running_loop()
    layers = [RedisChannelLayer(hosts=[own_redis.url]) for _ in range(2)]
    sender, receiver = (Hub(layer, loop) for layer in layers)
    sender.local, receiver.remote = Member(), Member()
    await joined(sender, GROUP, sender.local)
    await joined(receiver, GROUP, receiver.remote)
    await reaches(sender, receiver.remote, "warm-up")
    yield sender, receiver
    os.kill(own_redis.process.proc.pid, signal.SIGCONT)
    for hub in (sender, receiver):
        await asyncio.wait_for(hub.aclose(), DEADLINE)
    for layer in layers:
        await asyncio.wait_for(layer.close_pools(), DEADLINE)


@contextmanager
def stalled(server):
    os.kill(server.process.proc.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(server.process.proc.pid, signal.SIGCONT)


async def until(condition, what):
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, f"no {what} within {DEADLINE}s"
        await asyncio.sleep(0.01)


async def joined(hub, group, member):
    waiter = hub.join(group, member)
    if waiter is not None:
        await asyncio.wait_for(waiter, DEADLINE)


def publish(hub, text, group=GROUP):
    hub.publish({"type": "liveview.group", "group": group, "text": text})


async def reaches(sender, member, text):
    publish(sender, text)
    await until(lambda: text in member.texts, f"{text!r} at the other process")


async def hears_again(sender, member):
    """Publish after a stall until the other process hears it. A probe published while
    the backlog drains may outlive the age bound like the broadcasts it waits behind
    (how fast the backlog drains is up to the machine): then the next one is sent,
    once the hub has handed everything over. A deaf process hears none of them."""
    deadline = time.monotonic() + DEADLINE
    attempt = 0
    while True:
        attempt += 1
        text = f"after the stall #{attempt}"
        expired = metrics.layer_sends_expired
        publish(sender, text)
        await until(lambda: not sender.sending, "the backlog handed to the layer")
        if metrics.layer_sends_expired == expired:  # the probe went to Redis
            await until(lambda probe=text: probe in member.texts, f"{text!r} at the other process")
            return
        assert time.monotonic() < deadline, "every probe expired"


async def test_stall_backlog_is_bounded_in_count(hubs, own_redis):
    sender, receiver = hubs
    # No more than another process's channel holds (channels_redis drops the newest
    # past it), nor than the hub can hand over before the age bound.
    limit = sender.backlog_limit
    assert limit == receiver.layer.capacity == 100  # channels_redis's default
    count = limit * 3
    with stalled(own_redis):
        for index in range(count):
            publish(sender, f"stalled {index}")
        # Local sockets got every broadcast at once; the layer's backlog kept the newest.
        assert sum(t.startswith("stalled") for t in sender.local.texts) == count
        assert metrics.layer_sends_dropped == count - limit
        assert sender.backlog()[0] == limit
    await hears_again(sender, receiver.remote)
    late = [t for t in receiver.remote.texts if t.startswith("stalled")]
    # The newest, less the one the first probe pushed out, in order; any that outlived
    # the age bound while the backlog drained are the oldest of them.
    expected = [f"stalled {i}" for i in range(count - limit + 1, count)]
    assert late == expected[min(metrics.layer_sends_expired, len(expected)) :]


async def test_stall_backlog_is_bounded_in_characters(hubs, own_redis):
    sender, receiver = hubs
    frame = "x" * 64 * 1024
    count = 3 * MAX_QUEUED_CHARS // len(frame)
    with stalled(own_redis):
        for index in range(count):
            publish(sender, f"{index:06}{frame}")
        events, chars = sender.backlog()
        assert chars <= MAX_QUEUED_CHARS
        assert metrics.layer_sends_dropped == count - events > 0
    await hears_again(sender, receiver.remote)


async def test_stall_drops_are_logged_once_per_episode(hubs, own_redis, caplog):
    sender, receiver = hubs
    caplog.set_level(logging.WARNING, logger="liveview")
    with stalled(own_redis):
        for index in range(sender.backlog_limit * 3):
            publish(sender, f"stalled {index}")
    await hears_again(sender, receiver.remote)
    await until(lambda: "caught up" in caplog.text, "'caught up' log line")
    dropping = [r for r in caplog.records if "not keeping up" in r.getMessage()]
    caught_up = [r for r in caplog.records if "caught up" in r.getMessage()]
    assert len(dropping) == len(caught_up) == 1
    dropped = metrics.layer_sends_dropped + metrics.layer_sends_expired
    assert dropped > sender.backlog_limit * 2
    assert f"; {dropped} broadcasts to other processes were dropped" in caught_up[0].getMessage()


async def test_stall_broadcast_older_than_max_send_age_is_dropped_not_sent_late(hubs, own_redis):
    sender, receiver = hubs
    with stalled(own_redis):
        for index in range(3):
            publish(sender, f"stale {index}")
        assert sender.local.texts[-3:] == ["stale 0", "stale 1", "stale 2"]  # at once
        # Time passing is the subject here: each broadcast reaches its age bound.
        await until(lambda: metrics.layer_sends_expired == 3, "expired broadcasts")
    await hears_again(sender, receiver.remote)
    assert not [t for t in receiver.remote.texts if t.startswith("stale")]


async def test_stall_join_does_not_wait_behind_queued_broadcasts(hubs, own_redis):
    sender, _ = hubs
    layer = sender.layer
    events = []
    group_send, group_add = layer.group_send, layer.group_add

    async def spy_send(group, event):
        events.append("send")
        await group_send(group, event)

    async def spy_add(group, channel):
        await group_add(group, channel)
        events.append(f"added {group}")

    layer.group_send, layer.group_add = spy_send, spy_add
    with stalled(own_redis):
        for index in range(50):
            publish(sender, f"queued {index}")
        await until(lambda: events == ["send"], "send in flight")
        waiter = sender.join("liveview.topic.new", Member())
        assert waiter is not None
    await asyncio.wait_for(waiter, DEADLINE)
    # Only the send already in flight when the socket joined went before its join.
    assert events.index("added liveview.topic.new") == 1


class SwallowingLayer:
    """A layer whose receive loses its first cancellation, as a channels_redis receive
    does when the cancellation lands as redis-py's ``wait_for`` around a write ends."""

    def __init__(self):
        self.receiving = asyncio.Event()

    async def new_channel(self, prefix="specific"):
        return f"{prefix}x!y"

    async def group_add(self, group, channel):
        pass

    async def group_discard(self, group, channel):
        pass

    async def receive(self, channel):
        self.receiving.set()
        with suppress(asyncio.CancelledError):  # lost
            await asyncio.Event().wait()
        await asyncio.Event().wait()


async def test_leave_ends_a_receive_that_lost_its_cancellation():
    layer = SwallowingLayer()
    hub = Hub(layer, asyncio.get_running_loop())
    hub.feed.max_age = 0  # the group is not kept for returning tabs
    member = Member()
    await joined(hub, GROUP, member)
    (_, task), *_ = hub._served.values()
    await asyncio.wait_for(layer.receiving.wait(), DEADLINE)
    hub.leave(GROUP, member)
    await until(lambda: not hub.sending, "the leave applied")
    await asyncio.wait_for(asyncio.wait({task}), DEADLINE)
    assert task.cancelled()
    await hub.aclose()


class LateSendLayer(SwallowingLayer):
    """A layer whose ``group_send`` loses its first cancellation as channels_redis's
    does (CPython gh-86296, before 3.12), and writes its message whenever the stalled
    Redis answers again."""

    def __init__(self):
        super().__init__()
        self.redis_back = asyncio.Event()
        self.written = []

    async def group_send(self, group, event):
        with suppress(asyncio.CancelledError):  # lost as the members' read is written
            await self.redis_back.wait()
        await self.redis_back.wait()  # the members' answer
        self.written.append(event["text"])


async def test_stall_send_that_lost_its_cancellation_never_writes_late(monkeypatch):
    # With asyncio.wait_for the send went on after its deadline, and its message
    # reached the other processes when Redis came back, seconds late.
    monkeypatch.setattr("liveview.backlog.MAX_SEND_AGE", 0.2)
    layer = LateSendLayer()
    hub = Hub(layer, asyncio.get_running_loop())
    member = Member()
    await joined(hub, GROUP, member)
    publish(hub, "stale")
    await until(lambda: metrics.layer_sends_expired == 1, "the expired send")
    layer.redis_back.set()
    publish(hub, "fresh")
    await until(lambda: not hub.sending, "the backlog handed to the layer")
    assert layer.written == ["fresh"]
    assert member.texts == ["stale", "fresh"]
    await hub.aclose()


async def test_redis_receives_of_left_groups_all_end(own_redis):
    """Joins and leaves at every point of a receive's cycle: no receive outlives its
    group's last member (a lost cancellation left one looping on Redis for ever)."""
    loop = asyncio.get_running_loop()
    layer = RedisChannelLayer(hosts=[own_redis.url])
    hub = Hub(layer, loop)
    hub.feed.max_age = 0  # groups are not kept for returning tabs
    tasks = []
    for cycle in range(100):
        group, member = f"liveview.topic.cycle{cycle}", Member()
        await joined(hub, group, member)
        tasks.append(hub._served[group][1])
        # Let the receive reach a different point of its EVAL / BZPOPMIN cycle each time.
        for _ in range(cycle % 10):
            await asyncio.sleep(0)
        hub.leave(group, member)
        await until(lambda: not hub.sending, "the leave applied")
    _, pending = await asyncio.wait(tasks, timeout=DEADLINE)
    assert not pending, f"{len(pending)} of {len(tasks)} receives outlived their group"
    await asyncio.wait_for(hub.aclose(), DEADLINE)
    await asyncio.wait_for(layer.close_pools(), DEADLINE)


def test_nearest_hub_is_the_one_of_the_callers_loop():
    """With hubs on several loops (a test client's and a server's), sync code run for
    a socket reaches the hub of that socket's loop, not whichever started first."""
    import threading
    from types import SimpleNamespace

    from liveview import _compat
    from liveview.hub import nearest_hub

    first, second = asyncio.new_event_loop(), asyncio.new_event_loop()
    hubs = [SimpleNamespace(loop=first), SimpleNamespace(loop=second)]
    seen = {}

    def in_a_worker_thread() -> None:
        _compat.sync_thread_state().main_event_loop = second  # as liveview's workers set it
        seen["hub"] = nearest_hub(hubs)

    thread = threading.Thread(target=in_a_worker_thread)
    thread.start()
    thread.join()
    assert seen["hub"] is hubs[1]
    assert nearest_hub(hubs) is hubs[0]  # no loop known: the first

    async def on_the_loop() -> object:
        return nearest_hub(hubs)

    assert second.run_until_complete(on_the_loop()) is hubs[1]
    first.close()
    second.close()


async def test_a_frame_published_elsewhere_as_a_process_joins_reaches_the_member(own_redis):
    # The member joined on one process; another process published to the group before the
    # first had subscribed on the layer: the frame is read from the shared log, in order.
    group = "liveview.topic.joining"
    loop = asyncio.get_running_loop()
    layers = [RedisChannelLayer(hosts=[own_redis.url]) for _ in range(2)]
    sender, joiner = (Hub(layer, loop) for layer in layers)
    assert joiner.shared_log is not None
    local, member = Member(), Member()
    await joined(sender, group, local)
    group_add = joiner.layer.group_add

    async def subscribed_late(name, channel):
        if name == group:
            publish(sender, '{"text": "meanwhile"}', group)
            await until(lambda: '{"text": "meanwhile"}' in local.texts, "the frame logged")
        await group_add(name, channel)

    joiner.layer.group_add = subscribed_late
    await joined(joiner, group, member)
    publish(sender, '{"text": "after"}', group)
    await until(lambda: '{"text": "after"}' in member.texts, "the next frame")
    assert member.texts == ['{"text": "meanwhile"}', '{"text": "after"}']
    for hub in (sender, joiner):
        await asyncio.wait_for(hub.aclose(), DEADLINE)
    for layer in layers:
        await asyncio.wait_for(layer.close_pools(), DEADLINE)
