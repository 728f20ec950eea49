from __future__ import annotations

import pytest
from channels.routing import URLRouter

from liveview import liveview_handler, send
from liveview.metrics import metrics, snapshot
from liveview.routing import get_liveview_urlpatterns
from liveview.testing import LiveViewCommunicator

pytestmark = pytest.mark.django_db(transaction=True)
application = URLRouter(get_liveview_urlpatterns())


@pytest.fixture(autouse=True)
def fresh_metrics():
    metrics.reset()
    yield
    metrics.reset()


async def test_counters_follow_what_happens(registry):
    @liveview_handler("ok")
    def ok(consumer, content):
        send(consumer, {"x": 1})

    @liveview_handler("fails")
    async def fails(consumer, content):
        raise RuntimeError("x")

    async with LiveViewCommunicator(application) as comm:
        assert snapshot()["connections_open"] == 1
        await comm.call("ok")
        await comm.receive_json_from()
        await comm.call("fails")
        await comm.receive_json_from()
        await comm.call("missing")
        await comm.receive_json_from()
        await comm.send_to(text_data="not json")
        await comm.receive_json_from()
    refused = LiveViewCommunicator(application, origin="http://evil.example")
    assert not (await refused.connect())[0]
    values = snapshot()
    assert values["connections_open"] == 0
    assert values["connections_total"] == 1
    assert values["connections_refused"] == 1
    assert values["messages_received"] == 4
    assert values["messages_invalid"] == 1
    assert values["handler_calls"] == 2
    assert values["handler_errors"] == 1
    assert values["unknown_functions"] == 1
    assert values["frames_sent"] == 4
    assert values["handler_seconds"] > 0
    assert values["uptime_seconds"] >= 0
