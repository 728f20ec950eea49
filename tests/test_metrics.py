from __future__ import annotations

from pathlib import Path

import pytest
from channels.routing import URLRouter

from liveview import liveview_handler, send
from liveview.metrics import EXPOSED, Metrics, metrics, metrics_view, prometheus_text, snapshot
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


def test_prometheus_text_exposes_every_counter():
    metrics.handler_calls = 3
    metrics.handler_seconds = 0.25
    text = prometheus_text()
    samples = dict(
        line.split(" ", 1) for line in text.splitlines() if line and not line.startswith("#")
    )
    assert samples["liveview_handler_calls_total"] == "3"
    assert samples["liveview_handler_seconds_total"] == "0.25"
    assert samples["liveview_connections_open"] == "0"
    # Every counter of Metrics is exposed, each with HELP and TYPE lines.
    assert set(EXPOSED) == set(Metrics.__dataclass_fields__)
    for name, kind, _ in EXPOSED.values():
        assert f"# TYPE {name} {kind}\n" in text
        assert name in samples
        assert kind == "gauge" or name.endswith("_total")


def test_metrics_view_serves_the_exposition_format(rf):
    metrics.frames_sent = 7
    response = metrics_view(rf.get("/metrics"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert "\nliveview_frames_sent_total 7\n" in response.content.decode()


def test_metrics_doc_lists_every_exposed_metric():
    page = (Path(__file__).resolve().parent.parent / "docs" / "metrics.md").read_text()
    for name, kind, _ in EXPOSED.values():
        assert f"`{name}` | {kind}" in page, name
