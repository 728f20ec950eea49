from __future__ import annotations

import logging

import pytest

from liveview import liveview_handler, liveview_registry
from liveview.registry import LiveViewRegistry


def test_register_decorator_returns_function(registry):
    @liveview_handler("greet")
    def greet(consumer, content):
        return None

    assert registry.get_handler("greet") is greet
    assert registry.list_functions() == ["greet"]


def test_register_without_decorator_syntax():
    reg = LiveViewRegistry()

    def fn(consumer, content):
        return None

    reg.register("a")(fn)
    reg.register("b", fn)
    assert reg.list_functions() == ["a", "b"]


def test_get_handler_unknown_returns_none():
    assert LiveViewRegistry().get_handler("nope") is None


def test_get_all_handlers_is_a_copy():
    reg = LiveViewRegistry()
    reg.register("a", lambda c, m: None)
    handlers = reg.get_all_handlers()
    handlers.clear()
    assert reg.list_functions() == ["a"]


def test_unregister_returns_removed_then_none():
    reg = LiveViewRegistry()

    def fn(consumer, content):
        return None

    reg.register("a", fn)
    assert reg.unregister("a") is fn
    assert reg.unregister("a") is None
    assert reg.get_handler("a") is None


def test_clear_removes_handlers_keeps_middleware():
    reg = LiveViewRegistry()
    reg.register("a", lambda c, m: None)
    reg.add_middleware(lambda c, m, n: True)
    reg.clear()
    assert reg.list_functions() == []
    assert reg.middleware is not None


def test_clear_middleware_removes_middleware_only():
    reg = LiveViewRegistry()
    reg.register("a", lambda c, m: None)
    reg.add_middleware(lambda c, m, n: True)
    reg.clear_middleware()
    assert reg.list_functions() == ["a"]
    assert reg.middleware is None


def test_duplicate_name_other_function_warns(caplog):
    reg = LiveViewRegistry()

    def first(consumer, content):
        return None

    def second(consumer, content):
        return None

    reg.register("dup", first)
    with caplog.at_level(logging.WARNING, logger="liveview"):
        reg.register("dup", second)
    assert reg.get_handler("dup") is second
    assert any("dup" in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records)


def test_duplicate_name_same_function_reloaded_is_quiet(caplog):
    reg = LiveViewRegistry()

    def make():
        def handler(consumer, content):
            return None

        return handler

    first, reloaded = make(), make()  # same module and qualname, new object: a reload
    reg.register("x", first)
    with caplog.at_level(logging.WARNING, logger="liveview"):
        reg.register("x", reloaded)
    assert reg.get_handler("x") is reloaded
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.parametrize("name", ["", None, 3])
def test_register_bad_name_raises(name):
    with pytest.raises(TypeError, match="non-empty str"):
        LiveViewRegistry().register(name)


def test_register_non_callable_raises():
    with pytest.raises(TypeError, match="must be callable"):
        LiveViewRegistry().register("a", "not a function")


def test_add_middleware_non_callable_raises():
    with pytest.raises(TypeError, match="Middleware must be callable"):
        LiveViewRegistry().add_middleware(42)


def test_default_registry_has_demo_handlers():
    # Auto-discovery ran at django.setup() for the demo's pages app.
    assert {"say_hello", "post_message", "validate_signup"} <= set(
        liveview_registry.list_functions()
    )


@pytest.mark.django_db(transaction=True)  # the worker closes stale DB connections
async def test_sync_handler_is_wrapped_async_is_not():
    reg = LiveViewRegistry()

    def sync_fn(consumer, content):
        return "sync"

    async def async_fn(consumer, content):
        return "async"

    reg.register("s", sync_fn)
    reg.register("a", async_fn)
    assert reg.entry("a").call is async_fn
    assert reg.entry("s").call is not sync_fn
    assert await reg.entry("s").call(None, {}) == "sync"


@pytest.mark.django_db(transaction=True)
async def test_middleware_chain_stops_at_first_false():
    reg = LiveViewRegistry()
    calls = []

    def first(consumer, content, name):
        calls.append("first")
        return False

    async def second(consumer, content, name):
        calls.append("second")
        return True

    reg.add_middleware(first)
    reg.add_middleware(second)
    assert await reg.middleware(None, {}, "fn") is False
    assert calls == ["first"]


@pytest.mark.django_db(transaction=True)
async def test_middleware_chain_mixed_runs_in_order():
    reg = LiveViewRegistry()
    calls = []

    async def first(consumer, content, name):
        calls.append(("first", name))
        return True

    def second(consumer, content, name):
        calls.append(("second", name))
        return None  # only False cancels

    reg.add_middleware(first)
    reg.add_middleware(second)
    assert await reg.middleware(None, {}, "fn") is True
    assert calls == [("first", "fn"), ("second", "fn")]


@pytest.mark.django_db(transaction=True)
async def test_handler_registered_after_clear_still_runs_behind_middleware(registry):
    from channels.routing import URLRouter

    from liveview.routing import get_liveview_urlpatterns
    from liveview.testing import LiveViewCommunicator

    ran = []

    def deny(consumer, content, name):
        return False

    registry.add_middleware(deny)
    registry.register("secret", lambda consumer, content: ran.append(1))
    registry.clear()
    registry.register("secret", lambda consumer, content: ran.append(2))
    async with LiveViewCommunicator(URLRouter(get_liveview_urlpatterns())) as comm:
        await comm.call("secret")
        assert await comm.receive_nothing(timeout=0.2)
    assert ran == []
