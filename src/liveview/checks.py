"""System checks: what is misconfigured at start-up, each with an id and a hint.

| id | what |
|---|---|
| ``liveview.W001`` | ``ALLOWED_HOSTS = ["*"]`` with ``DEBUG`` off |
| ``liveview.W002`` | no ``CHANNEL_LAYERS``: broadcasts, rooms and pushes have nowhere to go |
| ``liveview.W003`` | the in-memory layer while several worker processes are configured |
| ``liveview.W004`` | the liveview route has no session middleware in front of it |
| ``liveview.W005`` | a ``LIVEVIEW["ALLOWED_ORIGINS"]`` entry no browser can ever send |
| ``liveview.W006`` | ``ASGI_APPLICATION`` serves no liveview route, or cannot be imported |

Django runs them with ``manage.py check`` (and before ``runserver`` and ``migrate``);
``manage.py liveview`` prints them with the handler list. docs/checks.md has the details.
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

from liveview.asgi_routes import SocketRoute, liveview_routes

IN_MEMORY_LAYER = "channels.layers.InMemoryChannelLayer"

#: What a browser sends as Origin: lowercase scheme and host, a port only when it is
#: not the scheme's default, nothing after it.
_BROWSER_ORIGIN = re.compile(
    r"https?://(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?"
)
_DEFAULT_PORTS = {"http": "80", "https": "443"}


@register(Tags.security, deploy=False)
def check_allowed_hosts(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if not settings.DEBUG and "*" in settings.ALLOWED_HOSTS:
        return [
            Warning(
                "ALLOWED_HOSTS contains '*' with DEBUG off, so liveview accepts WebSocket "
                "handshakes whose Origin names any host that matches the request's Host.",
                hint="List your real host names in ALLOWED_HOSTS.",
                id="liveview.W001",
            )
        ]
    return []


def configured_workers(argv: list[str] | None = None, environ: Any = None) -> int:
    """How many server processes the command line or environment asks for (1 when
    nothing says): uvicorn's and gunicorn's ``--workers N`` / ``-w N``, and
    ``WEB_CONCURRENCY``, which both read."""
    argv = sys.argv if argv is None else argv
    environ = os.environ if environ is None else environ
    counts = []
    for i, arg in enumerate(argv):
        value = None
        if arg in {"--workers", "-w"} and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--workers="):
            value = arg.split("=", 1)[1]
        if value is not None and value.isdigit():
            counts.append(int(value))
    web_concurrency = str(environ.get("WEB_CONCURRENCY", ""))
    if web_concurrency.isdigit():
        counts.append(int(web_concurrency))
    return max(counts, default=1)


@register()
def check_channel_layer(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    layers = getattr(settings, "CHANNEL_LAYERS", None) or {}
    default = layers.get("default")
    if not default:
        return [
            Warning(
                "CHANNEL_LAYERS has no 'default' layer: liveview's broadcasts, rooms and "
                "pushes from outside a handler have nowhere to go.",
                hint=(
                    "Set CHANNEL_LAYERS = {'default': {'BACKEND': "
                    f"'{IN_MEMORY_LAYER}'}}}} for one process, or "
                    "channels_redis.core.RedisChannelLayer for several."
                ),
                id="liveview.W002",
            )
        ]
    workers = configured_workers()
    if default.get("BACKEND") == IN_MEMORY_LAYER and workers > 1:
        return [
            Warning(
                f"The in-memory channel layer with {workers} worker processes: each "
                "process has its own layer, so a broadcast reaches only the browsers "
                "connected to the process that sent it.",
                hint=(
                    "Use channels_redis.core.RedisChannelLayer (pip install "
                    "'channels-liveview[redis]'), or run a single worker."
                ),
                id="liveview.W003",
            )
        ]
    return []


@register()
def check_socket_route(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    name = getattr(settings, "ASGI_APPLICATION", None)
    if not name:
        return [_no_route("ASGI_APPLICATION is not set.")]
    try:
        routes = liveview_routes(name)
    except ImportError as exc:
        return [_no_route(f"ASGI_APPLICATION {name!r} cannot be imported ({exc}).")]
    if not routes:
        return [_no_route(f"ASGI_APPLICATION {name!r} serves no liveview route.")]
    return [_no_session(route) for route in routes if not route.has_session]


def _no_route(text: str) -> CheckMessage:
    return Warning(
        text + " Browsers cannot open liveview's WebSocket.",
        hint=(
            "Point ASGI_APPLICATION at your asgi.py's application, whose 'websocket' "
            "entry routes URLRouter(get_liveview_urlpatterns()) (docs/installation.md)."
        ),
        id="liveview.W006",
    )


def _no_session(route: SocketRoute) -> CheckMessage:
    return Warning(
        f"The liveview route {route.pattern!r} has no session middleware in front of "
        "it: handlers get no consumer.scope['session'] or ['user'], and the tabs of one "
        "visitor do not share their rooms.",
        hint="Wrap the URLRouter in channels.auth.AuthMiddlewareStack (or SessionMiddlewareStack).",
        id="liveview.W004",
    )


@register(Tags.security)
def check_allowed_origins(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    origins = getattr(settings, "LIVEVIEW", {}).get("ALLOWED_ORIGINS", [])
    if not isinstance(origins, (list, tuple)):
        return []  # liveview.conf raises ImproperlyConfigured for it
    messages: list[CheckMessage] = []
    for origin in origins:
        reason = origin_problem(origin)
        if reason is not None:
            messages.append(
                Warning(
                    f"LIVEVIEW['ALLOWED_ORIGINS'] entry {origin!r} can never match: {reason}",
                    hint=(
                        "Write each origin as browsers send it: lowercase "
                        "'https://host' or 'https://host:port', no path, no wildcard, "
                        "no default port."
                    ),
                    id="liveview.W005",
                )
            )
    return messages


def origin_problem(origin: object) -> str | None:
    """Why ``origin`` can never equal a browser's Origin header, or None."""
    if not isinstance(origin, str):
        return "it is not a string."
    value = origin.rstrip("/")  # liveview.conf strips the trailing slash too
    if "://" not in value:
        return "it has no scheme (browsers send 'https://host')."
    if "*" in value:
        return "origins are compared exactly; there are no wildcards."
    if value != value.lower():
        return "browsers send the scheme and host in lowercase."
    scheme, rest = value.split("://", 1)
    if "/" in rest or "?" in rest or "#" in rest:
        return "an Origin never has a path, query or fragment."
    if ":" in rest and not rest.endswith("]"):
        port = rest.rsplit(":", 1)[1]
        if _DEFAULT_PORTS.get(scheme) == port:
            return f"browsers leave out the default port {port}."
    if not _BROWSER_ORIGIN.fullmatch(value):
        return "it is not an http(s) origin of the form scheme://host[:port]."
    return None
