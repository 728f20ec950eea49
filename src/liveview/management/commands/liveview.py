"""``manage.py liveview``: the handlers, the middleware and the socket routes, then
liveview's system checks. Exits with an error when a check reports an error."""

from __future__ import annotations

import inspect
from typing import Any

from django.conf import settings
from django.core.checks import ERROR, run_checks
from django.core.management.base import BaseCommand, CommandError, CommandParser

from liveview.asgi_routes import liveview_routes
from liveview.registry import liveview_registry


def _describe(func: Any) -> tuple[str, str]:
    where = f"{getattr(func, '__module__', '?')}.{getattr(func, '__qualname__', repr(func))}"
    return where, "async" if inspect.iscoroutinefunction(func) else "sync"


class Command(BaseCommand):
    help = "List liveview handlers and middleware, show the socket routes, run liveview's checks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--deploy", action="store_true", help="Also run the deployment checks.")

    def handle(self, *args: Any, **options: Any) -> None:
        handlers = liveview_registry.get_all_handlers()
        self.stdout.write(self.style.MIGRATE_HEADING(f"Handlers ({len(handlers)})"))
        width = max((len(name) for name in handlers), default=0)
        for name, func in sorted(handlers.items()):
            where, kind = _describe(func)
            self.stdout.write(f"  {name.ljust(width)}  {kind:<5}  {where}")

        middleware = liveview_registry.list_middleware()
        self.stdout.write(self.style.MIGRATE_HEADING(f"Middleware ({len(middleware)})"))
        for step in middleware:
            where, kind = _describe(step)
            self.stdout.write(f"  {kind:<5}  {where}")

        self.stdout.write(self.style.MIGRATE_HEADING("Configuration"))
        layer = (getattr(settings, "CHANNEL_LAYERS", None) or {}).get("default") or {}
        self.stdout.write(f"  channel layer: {layer.get('BACKEND', 'none')}")
        asgi = getattr(settings, "ASGI_APPLICATION", None)
        self.stdout.write(f"  ASGI_APPLICATION: {asgi or 'not set'}")
        if asgi:
            try:
                routes = liveview_routes(asgi)
            except ImportError:
                routes = []
            for route in routes:
                self.stdout.write(f"  route: {route.pattern}")
                for wrapper in route.wrappers:
                    self.stdout.write(f"    behind {wrapper}")

        messages = [
            m
            for m in run_checks(include_deployment_checks=options["deploy"])
            if m.id and m.id.startswith("liveview.") and not m.is_silenced()
        ]
        self.stdout.write(self.style.MIGRATE_HEADING(f"Checks ({len(messages)} issues)"))
        for message in messages:
            style = self.style.ERROR if message.level >= ERROR else self.style.WARNING
            self.stdout.write(style(f"  {message.id}: {message.msg}"))
            if message.hint:
                self.stdout.write(f"    HINT: {message.hint}")
        if any(m.level >= ERROR for m in messages):
            raise CommandError("liveview's configuration has errors (see above).")
