"""``python manage.py notify "text"``: push a notice to every open demo page.

It runs in its own process with no WebSocket, so the channel layer must be
shared with the server: start both with the same REDIS_URL. It speaks the
original Django LiveView's channel-layer contract, which any code can use: a
``{"type": "broadcast_message", "message": data}`` event sent to the group
``"broadcast"`` (every socket) or ``"room_<room>"`` (``--room``: the tabs that
legitimately share that room).
"""

from __future__ import annotations

from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.loader import render_to_string
from django.utils import timezone


class Command(BaseCommand):
    help = "Push a notice to every open page of the demo (needs REDIS_URL, like the server)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", help="What the notice says.")
        parser.add_argument("--room", help="Only the tabs of this room (a page's data-room).")

    def handle(self, *args: Any, text: str, room: str | None, **options: Any) -> None:
        backend = settings.CHANNEL_LAYERS["default"]["BACKEND"]
        if backend.endswith("InMemoryChannelLayer"):
            raise CommandError(
                "The in-memory channel layer cannot reach a server in another process. "
                "Run both the server and this command with REDIS_URL set."
            )
        html = render_to_string("pages/partials/notice.html", {"text": text, "at": timezone.now()})
        group = "broadcast" if room is None else f"room_{room}"
        event = {
            "type": "broadcast_message",
            "message": {"target": "#notices", "html": html, "append": True},
        }
        async_to_sync(get_channel_layer().group_send)(group, event)
        self.stdout.write(self.style.SUCCESS("Notice pushed."))
