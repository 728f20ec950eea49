"""System checks: configurations that leave WebSockets open to other sites."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


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
