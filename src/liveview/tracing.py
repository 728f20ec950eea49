"""OpenTelemetry spans around handler calls, when ``opentelemetry-api`` is installed.

One span per handler call, named ``liveview <function>`` (registered names only, so
the span names stay few), with the attributes ``liveview.function`` and
``liveview.outcome`` (``ok``, ``error``, ``timeout``, ``refused`` by middleware,
``cancelled``) and, on failure, ``error.type`` (the exception's class). Never the
message, the form values or the exception's text: they may hold what users typed.
The span is current during the call, so spans a handler makes (database, HTTP)
are its children, in worker threads too (OpenTelemetry's context is a ContextVar).
Without OpenTelemetry, or without an SDK configured, this costs one ``None`` test.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

_trace: Any
try:  # optional: pip install opentelemetry-api (and an SDK/exporter to see anything)
    import opentelemetry.trace as _trace
except ImportError:  # pragma: no cover - exercised when OpenTelemetry is absent
    _trace = None

OK = "ok"
ERROR = "error"
TIMEOUT = "timeout"
REFUSED = "refused"
CANCELLED = "cancelled"


class Call:
    """What the dispatcher tells the span about the call's end."""

    __slots__ = ("error_type", "outcome")

    def __init__(self) -> None:
        self.outcome = OK
        self.error_type: str | None = None

    def failed(self, outcome: str, exc: BaseException) -> None:
        self.outcome = outcome
        self.error_type = f"{type(exc).__module__}.{type(exc).__qualname__}"


def _tracer() -> Any:
    return None if _trace is None else _trace.get_tracer("liveview")


class _NoSpan:
    """What ``handler_span`` gives without OpenTelemetry: the ``Call`` and nothing
    else, without a generator (a generator context manager cost 2 µs a message, a
    tenth of an async handler's dispatch)."""

    __slots__ = ("_call",)

    def __init__(self) -> None:
        self._call = Call()

    def __enter__(self) -> Call:
        return self._call

    def __exit__(self, *exc: object) -> None:
        return None


def handler_span(function: str) -> AbstractContextManager[Call]:
    """A span around one handler call; set the outcome on the ``Call`` it gives."""
    tracer = _tracer()
    if tracer is None:
        return _NoSpan()
    return _span(tracer, function)


@contextmanager
def _span(tracer: Any, function: str) -> Iterator[Call]:
    call = Call()
    with tracer.start_as_current_span(
        f"liveview {function}",
        attributes={"liveview.function": function},
        record_exception=False,  # an exception's text may quote what a user sent
        set_status_on_exception=False,
    ) as span:
        try:
            yield call
        except BaseException as exc:
            if call.outcome == OK:
                call.failed(CANCELLED if not isinstance(exc, Exception) else ERROR, exc)
            raise
        finally:
            span.set_attribute("liveview.outcome", call.outcome)
            if call.error_type is not None:
                span.set_attribute("error.type", call.error_type)
            if call.outcome in (ERROR, TIMEOUT):
                span.set_status(_trace.Status(_trace.StatusCode.ERROR))
