"""``python manage.py notify "text"``: push a notice to every open demo page.

It runs in its own process with no WebSocket, so the channel layer must be
shared with the server: start both with the same REDIS_URL.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.loader import render_to_string
from django.utils import timezone

from liveview import push


class Command(BaseCommand):
    help = "Push a notice to every open page of the demo (needs REDIS_URL, like the server)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help="What the notice says.")

    def handle(self, *args: Any, text: str, **options: Any) -> None:
        backend = settings.CHANNEL_LAYERS["default"]["BACKEND"]
        if backend.endswith("InMemoryChannelLayer"):
            raise CommandError(
                "The in-memory channel layer cannot reach a server in another process. "
                "Run both the server and this command with REDIS_URL set."
            )
        html = render_to_string("pages/partials/notice.html", {"text": text, "at": timezone.now()})
        push({"target": "#notices", "html": html, "append": True}, broadcast=True)
        self.stdout.write(self.style.SUCCESS("Notice pushed."))
