"""A process joining a group of the log shared through Redis, on a real redis-server:
a frame published once the join is served reaches the joiner, however slowly the
joining hub reads where the group's log stands.

Two hubs on their own layers stand for two processes, as in tests/test_hub.py."""

from __future__ import annotations

import asyncio
import json
from contextlib import suppress

from channels_redis.core import RedisChannelLayer

from liveview.hub import Hub
from tests.test_hub import DEADLINE, GROUP, Member, joined, publish, until

__all__ = ["own_redis"]
from tests.test_hub import own_redis  # fixture

#: Seconds the joining hub's read of the log waits for a frame to be numbered first.
READ_HELD = 1.0


async def test_a_frame_published_once_the_join_is_served_reaches_the_joiner(own_redis):
    loop = asyncio.get_running_loop()
    layers = [RedisChannelLayer(hosts=[own_redis.url]) for _ in range(2)]
    sender, joiner = (Hub(layer, loop) for layer in layers)
    try:
        await joined(sender, GROUP, Member())
        # The joiner reads where the group's log stands only after a frame has been
        # numbered meanwhile (or READ_HELD later, if none is): what a loaded process
        # does when another publishes right after its socket opens.
        numbered = asyncio.Event()
        number = sender.shared_log.number

        async def number_then_tell(*args):
            positions = await number(*args)
            numbered.set()
            return positions

        read = joiner.shared_log.read

        async def held_read(group, known):
            with suppress(TimeoutError):
                await asyncio.wait_for(numbered.wait(), READ_HELD)
            return await read(group, known)

        sender.shared_log.number = number_then_tell
        joiner.shared_log.read = held_read

        member = Member()
        await joined(joiner, GROUP, member)  # the socket would open now
        publish(sender, json.dumps({"target": "#messages", "html": "after the join"}))
        await until(
            lambda: any("after the join" in text for text in member.texts),
            "frame published after the join, at the joiner",
        )
    finally:
        for hub in (sender, joiner):
            await asyncio.wait_for(hub.aclose(), DEADLINE)
        for layer in layers:
            await asyncio.wait_for(layer.close_pools(), DEADLINE)
