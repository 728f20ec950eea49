"""URL routes for the liveview WebSocket consumer."""

from __future__ import annotations

from typing import cast

from django.urls import URLPattern, path

from liveview.consumers import LiveViewConsumer

DEFAULT_ROUTE = "ws/liveview/<str:room_name>/"


def get_liveview_path(route: str = DEFAULT_ROUTE) -> URLPattern:
    """A ``path()`` serving the liveview consumer at ``route``.

    ``route`` must capture ``<str:room_name>``; a ``ValueError`` says so otherwise.
    """
    if "<str:room_name>" not in route and "<room_name>" not in route:
        raise ValueError(f"The liveview route must capture <str:room_name>, got {route!r}.")
    return cast(URLPattern, path(route, LiveViewConsumer.as_asgi(), name="liveview"))


def get_liveview_urlpatterns() -> list[URLPattern]:
    """The default routes: ``ws/liveview/<str:room_name>/``."""
    return [get_liveview_path()]
