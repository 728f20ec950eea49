"""Rooms the server issued: signed, bound to the session, expiring.

``{% liveview_room_uuid %}`` still renders 32 hex digits, so ``data-room`` stays
a plain value and anything that treated it as a UUID string keeps working. The
digits are a timestamp (8), a random nonce (8) and an HMAC (16) of both plus the
session key, made with Django's ``salted_hmac`` (SECRET_KEY). The consumer
recomputes the HMAC with the socket's own session key, so a room cannot be
forged, altered, joined from another session, or joined after it expires.

Per-user rooms (``user-<pk>-<hmac>``) are joinable only by a socket whose
authenticated user has that primary key, from any of that user's sessions.
"""

from __future__ import annotations

import hmac
import re
import secrets
import time
from typing import Any

from django.utils.crypto import salted_hmac

_SALT = "liveview.rooms"
_PAGE_ROOM = re.compile(r"[0-9a-f]{32}")
_USER_ROOM = re.compile(r"user-(?P<pk>[A-Za-z0-9_.-]{1,64})-(?P<mac>[0-9a-f]{16})")
_CLOCK_SKEW = 300  # seconds a room may come from the future (servers' clocks differ)


def _mac(value: str) -> str:
    return salted_hmac(_SALT, value, algorithm="sha256").hexdigest()[:16]


def session_key_of(scope_or_request_session: Any) -> str:
    """The session key to bind rooms to; empty when there is no session."""
    key = getattr(scope_or_request_session, "session_key", None)
    return key or ""


def issue_room(session_key: str, now: float | None = None) -> str:
    """A fresh room id bound to ``session_key``."""
    stamp = f"{int(now if now is not None else time.time()) & 0xFFFFFFFF:08x}"
    body = stamp + secrets.token_hex(4)
    return body + _mac(f"{body}|{session_key}")


def user_room(pk: Any) -> str:
    """The room shared by every tab of the user with primary key ``pk``."""
    text = str(pk)
    if not re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", text):
        raise ValueError(f"A user room needs a simple primary key, got {text!r}.")
    return f"user-{text}-{_mac(f'user|{text}')}"


def room_allowed(room: str, session_key: str, user: Any, max_age: int) -> bool:
    """Whether a socket with this session and user may join ``room``."""
    if _PAGE_ROOM.fullmatch(room):
        body, mac = room[:16], room[16:]
        if not hmac.compare_digest(mac, _mac(f"{body}|{session_key}")):
            return False
        age = time.time() - int(body[:8], 16)
        return -_CLOCK_SKEW <= age <= max_age
    match = _USER_ROOM.fullmatch(room)
    if match is not None:
        if user is None or not getattr(user, "is_authenticated", False):
            return False
        pk = match["pk"]
        return str(user.pk) == pk and hmac.compare_digest(match["mac"], _mac(f"user|{pk}"))
    return False
