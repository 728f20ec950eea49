"""Whether a handshake is served, and the per-IP slot a served socket holds.

The handshake is refused (HTTP 403) for a foreign Origin, when the client
(limits.client_key: an IPv4 address, an IPv6 /64) opens handshakes faster than
``HANDSHAKE_RATE``, or already holds ``MAX_CONNECTIONS_PER_IP`` sockets. Past that, the socket holds one
slot of its IP until ``release_slot`` (the consumer's one ``finally`` calls it,
whatever way the socket ended). A room the server did not issue to this session
is decided separately (``room_admitted``): that socket is accepted, then closed
with 4403, so the browser can tell the two apart.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from liveview.conf import Config
from liveview.limits import NO_ADDRESS, client_key, connections_per_ip, handshakes
from liveview.metrics import metrics
from liveview.origins import origin_allowed

logger = logging.getLogger(__name__)


def admit(scope: dict[str, Any], cfg: Config) -> str | None:
    """Check the handshake and take a slot of the client's IP.

    Returns the IP whose slot is now held (give it back with ``release_slot``),
    or None when the handshake is to be refused (already logged)."""
    if not origin_allowed(scope.get("headers", ()), cfg):
        logger.warning("Refused a WebSocket handshake from origin %r.", _origin(scope))
        metrics.connections_refused += 1
        return None
    ip = client_key(scope, cfg)
    if ip == NO_ADDRESS:  # nobody to count it against (limits.client_key)
        return ip
    if not handshakes.allow(ip, cfg, time.monotonic()):  # logged by the limiter
        return None
    if not connections_per_ip.acquire(ip, cfg.max_connections_per_ip):
        logger.warning(
            "Refused a WebSocket from %s: over %d open sockets.", ip, cfg.max_connections_per_ip
        )
        return None
    return ip


def release_slot(ip: str) -> None:
    """Give back the slot ``admit`` took for ``ip``; once per ``admit``."""
    if ip != NO_ADDRESS:
        connections_per_ip.release(ip)


def _origin(scope: dict[str, Any]) -> str:
    for key, value in scope.get("headers", ()):
        if key == b"origin":
            return str(value.decode("latin-1"))[:200]
    return "<none>"
