"""Where the project's ASGI application serves liveview, and what wraps it.

Used by the system checks and ``manage.py liveview``. The walk reads only the
public attributes channels' routers and middleware keep (``application_mapping``,
``routes``, ``inner``, ``application``), and stops on anything else: an unknown
wrapper hides what is behind it, it never breaks a check.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string

from liveview.consumers import LiveViewConsumer

_MAX_DEPTH = 32  # a wrapper that wraps itself cannot loop the walk


@dataclass(frozen=True)
class SocketRoute:
    """One route that serves the liveview consumer."""

    pattern: str
    wrappers: tuple[str, ...]  # outermost first, as "module.Class"
    has_session: bool


def liveview_routes(asgi_application: str) -> list[SocketRoute]:
    """The liveview routes of the 'websocket' side of ``asgi_application`` (a dotted
    path, as in ``settings.ASGI_APPLICATION``). Raises ``ImportError`` when the path
    cannot be imported."""
    app = import_string(asgi_application)
    mapping = getattr(app, "application_mapping", None)
    if isinstance(mapping, dict):
        app = mapping.get("websocket")
        if app is None:
            return []
    return list(_walk(app, (), "", 0))


def _walk(app: Any, wrappers: tuple[Any, ...], prefix: str, depth: int) -> Iterator[SocketRoute]:
    if depth > _MAX_DEPTH or app is None:
        return
    if getattr(app, "consumer_class", None) is not None:
        if issubclass(app.consumer_class, LiveViewConsumer):
            yield _route(prefix, wrappers)
        return
    routes = getattr(app, "routes", None)
    if isinstance(routes, list):  # channels.routing.URLRouter
        for route in routes:
            pattern = getattr(route, "pattern", None)
            callback = getattr(route, "callback", None) or getattr(route, "url_patterns", None)
            if isinstance(callback, list):  # include()-style list of patterns
                callback = type("Routes", (), {"routes": callback})()
            yield from _walk(callback, wrappers, prefix + str(pattern or ""), depth + 1)
        return
    for attribute in ("inner", "application"):  # channels middleware, OriginValidator, ...
        inner = getattr(app, attribute, None)
        if inner is not None:
            yield from _walk(inner, (*wrappers, app), prefix, depth + 1)
            return


def _route(pattern: str, wrappers: tuple[Any, ...]) -> SocketRoute:
    from channels.auth import AuthMiddleware
    from channels.sessions import SessionMiddleware

    return SocketRoute(
        pattern=pattern,
        wrappers=tuple(f"{type(w).__module__}.{type(w).__qualname__}" for w in wrappers),
        has_session=any(isinstance(w, (SessionMiddleware, AuthMiddleware)) for w in wrappers),
    )
