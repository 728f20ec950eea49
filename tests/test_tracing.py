"""OpenTelemetry spans around handler calls (liveview/tracing.py)."""

from __future__ import annotations

import asyncio

import pytest
from channels.routing import URLRouter
from django.test import override_settings
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import StatusCode

from liveview import liveview_handler, send
from liveview.routing import get_liveview_urlpatterns
from liveview.testing import LiveViewCommunicator

pytestmark = pytest.mark.django_db(transaction=True)
application = URLRouter(get_liveview_urlpatterns())
SECRET = "typed-by-a-user-4242"

_exporter = InMemorySpanExporter()


@pytest.fixture
def spans():
    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        provider = TracerProvider()
        provider.add_span_processor(SimpleSpanProcessor(_exporter))
        trace.set_tracer_provider(provider)
    _exporter.clear()
    yield _exporter
    _exporter.clear()


def by_name(exporter):
    return {span.name: span for span in exporter.get_finished_spans()}


async def test_one_span_per_call_with_function_and_outcome(registry, spans):
    @liveview_handler("ok")
    def ok(consumer, content):
        with trace.get_tracer("app").start_as_current_span("inner work"):
            send(consumer, {"html": "x"})

    @liveview_handler("boom")
    async def boom(consumer, content):
        raise ValueError(f"bad value {content['form']['secret']}")

    async with LiveViewCommunicator(application) as comm:
        await comm.call("ok", form={"secret": SECRET})
        await comm.receive_json_from()
        await comm.call("boom", form={"secret": SECRET})
        await comm.receive_json_from()
        await comm.call("missing")
        await comm.receive_json_from()

    found = by_name(spans)
    assert set(found) == {"liveview ok", "liveview boom", "inner work"}  # no span for unknown
    ok_span, boom_span = found["liveview ok"], found["liveview boom"]
    assert ok_span.attributes["liveview.function"] == "ok"
    assert ok_span.attributes["liveview.outcome"] == "ok"
    assert ok_span.status.status_code == StatusCode.UNSET
    # The handler's own spans (here from a worker thread) are children of the call's.
    assert found["inner work"].parent.span_id == ok_span.context.span_id
    assert boom_span.attributes["liveview.outcome"] == "error"
    assert boom_span.attributes["error.type"] == "builtins.ValueError"
    assert boom_span.status.status_code == StatusCode.ERROR
    # No payloads: neither the form nor the exception's text is recorded.
    for span in spans.get_finished_spans():
        assert SECRET not in repr(dict(span.attributes or {}))
        assert not span.events


async def test_middleware_refusal_is_an_outcome(registry, spans):
    registry.add_middleware(lambda consumer, content, name: name != "guarded")

    @liveview_handler("guarded")
    def guarded(consumer, content):
        send(consumer, {"html": "never"})

    @liveview_handler("open")
    def open_(consumer, content):
        send(consumer, {"html": "open"})

    async with LiveViewCommunicator(application) as comm:
        await comm.call("guarded")
        await comm.call("open")  # calls run in order: its reply means "guarded" ended
        assert (await comm.receive_json_from())["html"] == "open"
    found = by_name(spans)
    assert found["liveview guarded"].attributes["liveview.outcome"] == "refused"
    assert found["liveview open"].attributes["liveview.outcome"] == "ok"


@override_settings(LIVEVIEW={"HANDLER_TIMEOUT": 1})
async def test_timeout_is_an_outcome(registry, spans):
    @liveview_handler("slow")
    async def slow(consumer, content):
        await asyncio.Event().wait()

    async with LiveViewCommunicator(application) as comm:
        await comm.call("slow")
        assert "error" in await comm.receive_json_from(timeout=10)
    (span,) = spans.get_finished_spans()
    assert span.attributes["liveview.outcome"] == "timeout"
    assert span.attributes["error.type"] == "liveview.exceptions.HandlerTimeout"
