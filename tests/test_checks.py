from __future__ import annotations

import pytest
from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.sessions import SessionMiddlewareStack
from django.core.checks import run_checks
from django.test import override_settings
from django.urls import path

from liveview.checks import configured_workers, origin_problem
from liveview.routing import get_liveview_urlpatterns

# ASGI applications the checks import by dotted path (ASGI_APPLICATION).
WITHOUT_SESSION = ProtocolTypeRouter({"websocket": URLRouter(get_liveview_urlpatterns())})
WITH_SESSION = ProtocolTypeRouter(
    {"websocket": SessionMiddlewareStack(URLRouter(get_liveview_urlpatterns()))}
)
NESTED_WITH_AUTH = ProtocolTypeRouter(
    {
        "websocket": AuthMiddlewareStack(
            URLRouter([path("app/", URLRouter(get_liveview_urlpatterns()))])
        )
    }
)
NO_LIVEVIEW = ProtocolTypeRouter({"websocket": URLRouter([])})
HTTP_ONLY = ProtocolTypeRouter({})


def liveview_messages():
    return [
        m
        for m in run_checks(include_deployment_checks=True)
        if m.id and m.id.startswith("liveview.")
    ]


def ids():
    return [m.id for m in liveview_messages()]


def test_default_test_settings_pass_every_check():
    assert liveview_messages() == []


@override_settings(ALLOWED_HOSTS=["*"], DEBUG=False)
def test_wildcard_allowed_hosts_without_debug_warns():
    (message,) = liveview_messages()
    assert message.id == "liveview.W001"
    assert "ALLOWED_HOSTS" in message.msg


@override_settings(ALLOWED_HOSTS=["*"], DEBUG=True)
def test_wildcard_allowed_hosts_with_debug_is_fine():
    assert liveview_messages() == []


@override_settings(ALLOWED_HOSTS=["example.com"], DEBUG=False)
def test_real_allowed_hosts_are_fine():
    assert liveview_messages() == []


@override_settings(CHANNEL_LAYERS={})
def test_no_channel_layer_warns():
    (message,) = liveview_messages()
    assert message.id == "liveview.W002"
    assert "InMemoryChannelLayer" in message.hint


def test_in_memory_layer_with_several_workers_warns(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    (message,) = liveview_messages()
    assert message.id == "liveview.W003"
    assert "4 worker processes" in message.msg
    assert "RedisChannelLayer" in message.hint


@override_settings(CHANNEL_LAYERS={"default": {"BACKEND": "channels_redis.core.RedisChannelLayer"}})
def test_redis_layer_with_several_workers_is_fine(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    assert liveview_messages() == []


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["uvicorn", "app"], {}, 1),
        (["uvicorn", "app", "--workers", "3"], {}, 3),
        (["gunicorn", "-w", "2", "app"], {}, 2),
        (["uvicorn", "--workers=5", "app"], {}, 5),
        (["daphne", "app"], {"WEB_CONCURRENCY": "2"}, 2),
        (["uvicorn", "--workers", "many"], {"WEB_CONCURRENCY": ""}, 1),
    ],
)
def test_configured_workers_reads_the_command_line_and_environment(argv, environ, expected):
    assert configured_workers(argv, environ) == expected


@override_settings(ASGI_APPLICATION="tests.test_checks.WITHOUT_SESSION")
def test_route_without_session_middleware_warns():
    (message,) = liveview_messages()
    assert message.id == "liveview.W004"
    assert "ws/liveview/<str:room_name>/" in message.msg
    assert "AuthMiddlewareStack" in message.hint


@pytest.mark.parametrize("app", ["WITH_SESSION", "NESTED_WITH_AUTH"])
def test_route_behind_session_middleware_is_fine(app):
    with override_settings(ASGI_APPLICATION=f"tests.test_checks.{app}"):
        assert liveview_messages() == []


@pytest.mark.parametrize(
    "app",
    [None, "tests.test_checks.NO_LIVEVIEW", "tests.test_checks.HTTP_ONLY", "tests.nowhere.app"],
)
def test_no_liveview_route_warns(app):
    with override_settings(ASGI_APPLICATION=app):
        (message,) = liveview_messages()
    assert message.id == "liveview.W006"
    assert "get_liveview_urlpatterns" in message.hint


@pytest.mark.parametrize(
    "origin",
    [
        "example.com",
        "https://Example.com",
        "https://example.com:443",
        "http://example.com:80",
        "https://*.example.com",
        "https://example.com/app",
        "ftp://example.com",
    ],
)
def test_origin_that_cannot_match_warns(origin):
    with override_settings(LIVEVIEW={"ALLOWED_ORIGINS": [origin, "https://ok.example"]}):
        (message,) = liveview_messages()
    assert message.id == "liveview.W005"
    assert repr(origin) in message.msg


@pytest.mark.parametrize(
    "origin",
    ["https://example.com", "https://example.com:8443", "http://[::1]:8000", "http://a.b/"],
)
def test_origins_as_browsers_send_them_are_fine(origin):
    assert origin_problem(origin) is None
