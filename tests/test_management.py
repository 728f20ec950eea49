"""``manage.py liveview``: handlers, middleware, routes and checks."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.checks import Error, register
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from liveview import liveview_handler


def run(*args):
    out = StringIO()
    call_command("liveview", *args, stdout=out, no_color=True)
    return out.getvalue()


def test_lists_handlers_with_module_and_kind(registry):
    @liveview_handler("plain")
    def plain(consumer, content):
        pass

    @liveview_handler("awaited")
    async def awaited(consumer, content):
        pass

    out = run()
    assert "Handlers (2)" in out
    lines = {
        line.split()[0]: line.split()[1:] for line in out.splitlines() if line.startswith("  ")
    }
    assert lines["plain"] == [
        "sync",
        f"{__name__}.test_lists_handlers_with_module_and_kind.<locals>.plain",
    ]
    assert lines["awaited"][0] == "async"


def test_lists_middleware_in_order(registry):
    def first(consumer, content, name):
        return True

    async def second(consumer, content, name):
        return True

    registry.add_middleware(first)
    registry.add_middleware(second)
    out = run()
    assert "Middleware (2)" in out
    section = out.split("Middleware (2)")[1].split("Configuration")[0].split()
    assert section == [
        "sync",
        f"{__name__}.test_lists_middleware_in_order.<locals>.first",
        "async",
        f"{__name__}.test_lists_middleware_in_order.<locals>.second",
    ]


def test_shows_the_route_and_what_wraps_it():
    out = run()
    assert "channel layer: channels.layers.InMemoryChannelLayer" in out
    assert "route: ws/liveview/<str:room_name>/" in out
    assert "behind channels.auth.AuthMiddleware" in out
    assert "Checks (0 issues)" in out


@override_settings(ASGI_APPLICATION="tests.test_checks.WITHOUT_SESSION")
def test_reports_check_warnings_with_their_hint():
    out = run()
    assert "Checks (1 issues)" in out
    assert "liveview.W004" in out
    assert "HINT: Wrap the URLRouter in channels.auth.AuthMiddlewareStack" in out


def test_fails_on_a_check_error():
    def broken(app_configs, **kwargs):
        return [Error("broken on purpose", id="liveview.E999")]

    register(broken)
    try:
        with pytest.raises(CommandError, match="configuration has errors"):
            run()
    finally:
        from django.core.checks.registry import registry as check_registry

        check_registry.registered_checks.discard(broken)
