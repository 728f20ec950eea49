"""An idle socket holds no queue: the inbox, the outbox and the presence sets exist
only while something waits in them (memory per idle connection, docs/performance.md)."""

from __future__ import annotations

import asyncio

import pytest
from channels.routing import URLRouter

from liveview import liveview_handler, send
from liveview.presence import track, untrack
from liveview.routing import get_liveview_urlpatterns
from liveview.testing import LiveViewCommunicator

application = URLRouter(get_liveview_urlpatterns())

pytestmark = pytest.mark.django_db(transaction=True)


def queues_of(consumer) -> dict[str, object]:
    return {
        "outbox": consumer._outbox._frames,
        "inbox": consumer._dispatcher._inbox._items,
        "presence": consumer._membership._tracking,
    }


IDLE = {"outbox": None, "inbox": None, "presence": None}


async def test_a_socket_holds_no_queue_when_idle(registry):
    seen = {}

    @liveview_handler("hello")
    def hello(consumer, content):
        seen["consumer"] = consumer
        send(consumer, {"target": "#t", "html": "<p>hi</p>"})

    async with LiveViewCommunicator(application) as comm:
        await comm.call("hello")
        assert (await comm.receive_json_from())["target"] == "#t"
        consumer = seen["consumer"]
        # The reply is written; the handler's task is gone once its inbox is empty.
        while consumer._dispatcher._task is not None or consumer._outbox._task is not None:
            await asyncio.sleep(0)
        assert queues_of(consumer) == IDLE


async def test_presence_sets_are_made_by_the_first_track_only(registry):
    seen = {}

    @liveview_handler("enter")
    async def enter(consumer, content):
        seen["consumer"] = consumer
        track(consumer, "lobby", {"name": "Ada"})

    @liveview_handler("look")
    async def look(consumer, content):
        seen["consumer"] = consumer

    async with LiveViewCommunicator(application) as first:
        await first.call("look")
        while "consumer" not in seen:
            await asyncio.sleep(0)
        assert seen.pop("consumer")._membership._tracking is None
        await first.call("enter")
        while "consumer" not in seen:
            await asyncio.sleep(0)
        tracking = seen["consumer"]._membership._tracking
        assert tracking is not None
        assert len(tracking.tracked) == 1
        untrack(seen["consumer"], "lobby")
