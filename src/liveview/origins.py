"""The WebSocket Origin check, done by the consumer before it accepts.

It does not rely on the user's ``asgi.py`` wrapping the route in
``AllowedHostsOriginValidator`` (issue #4). An origin is accepted when it is
listed in ``LIVEVIEW["ALLOWED_ORIGINS"]``, or when it is exactly the origin the
page was served from: a lowercase ``http(s)://host[:port]`` whose host passes
``ALLOWED_HOSTS`` and whose ``host[:port]`` equals the request's ``Host``
header. Everything else is refused: other ports, case variants, lookalike
hosts, ``null``, userinfo, paths and control characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.http.request import validate_host

from liveview.conf import Config

_ORIGIN = re.compile(
    r"https?://(?P<host>[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(?::(?P<port>[0-9]{1,5}))?"
)


def _header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    value = None
    for key, item in headers:
        if key == name:
            if value is not None:  # a repeated Origin or Host header is never legitimate
                return b"\x00"
            value = item
    return value


def origin_allowed(headers: Iterable[tuple[bytes, bytes]], cfg: Config) -> bool:
    """Whether a handshake with these ASGI ``headers`` may be accepted."""
    headers = list(headers)
    raw = _header(headers, b"origin")
    if raw is None:
        return cfg.allow_missing_origin
    try:
        origin = raw.decode("ascii")
    except UnicodeDecodeError:
        return False
    if not origin.isprintable() or " " in origin:
        return False
    if origin in cfg.allowed_origins:
        return True
    match = _ORIGIN.fullmatch(origin)
    if match is None:
        return False
    if not validate_host(match["host"], list(cfg.allowed_hosts)):
        return False
    host = _header(headers, b"host")
    if host is None:
        return False
    netloc = origin.split("://", 1)[1]
    return host.decode("latin-1") == netloc
