"""ASGI entry point, wired exactly as the liveview README tells users to."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.settings")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402
from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler  # noqa: E402

from liveview.routing import get_liveview_path, get_liveview_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        # Serves /static/ from the apps' static folders, so the demo runs under plain
        # uvicorn with no collectstatic step. In production let a web server do it.
        "http": ASGIStaticFilesHandler(django_asgi_app),
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(
                URLRouter(
                    [
                        *get_liveview_urlpatterns(),
                        # A second route, for the "Custom socket path" page, which sets
                        # window.webSocketConfig = {path: "/custom/ws/"}.
                        get_liveview_path("custom/ws/<str:room_name>/"),
                    ]
                )
            )
        ),
    }
)
