"""Django application config for liveview."""

from __future__ import annotations

from django.apps import AppConfig


class LiveViewConfig(AppConfig):
    name = "liveview"
    verbose_name = "LiveView"

    def ready(self) -> None:
        from liveview.discovery import autodiscover

        autodiscover()
