"""The demo's URLs plus ``/_test/resources/``: the per-socket resources the server
process holds right now, as JSON, for tests that check nothing leaks.

The view is async, so it runs on the server's event loop, where the sockets'
hub, tasks and counters live.
"""

from __future__ import annotations

import asyncio
import threading

from channels.layers import get_channel_layer
from django.http import HttpRequest, JsonResponse
from django.urls import path

from demo.urls import urlpatterns as demo_urlpatterns
from liveview.hub import running_hubs
from liveview.limits import connections_per_ip
from liveview.metrics import metrics


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS line")


async def resources(request: HttpRequest) -> JsonResponse:
    hubs = running_hubs(get_channel_layer())
    members = [m for hub in hubs for m in hub.members.values()]
    presence = [
        entries
        for hub in hubs
        if hub.presence is not None
        for entries in hub.presence.local.values()
    ]
    return JsonResponse(
        {
            "ip_slots": connections_per_ip.total(),
            "connections_open": metrics.connections_open,
            "groups": len(members),
            "group_members": sum(len(m) for m in members),
            "presence": sum(len(p) for p in presence),
            "tasks": len(asyncio.all_tasks()),
            "threads": threading.active_count(),
            "rss_kib": _rss_kib(),
            "connections_total": metrics.connections_total,
            "connections_refused": metrics.connections_refused,
        }
    )


urlpatterns = [path("_test/resources/", resources), *demo_urlpatterns]
