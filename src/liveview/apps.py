"""Django application config for liveview."""

from __future__ import annotations

from django.apps import AppConfig


class LiveViewConfig(AppConfig):
    name = "liveview"
    verbose_name = "LiveView"

    def ready(self) -> None:
        # Importing these registers the system check and the logout receiver.
        from liveview import checks, revocation  # noqa: F401
        from liveview.discovery import autodiscover

        autodiscover()
