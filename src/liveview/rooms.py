"""Who legitimately shares a room, and so hears what is addressed to it.

A room name grants nothing by itself: any name connects, but only a socket that
is a *legitimate member* of room R joins R's shared group (``room_<R>``, the
original's name); any other socket gets a group of its own session (or of
itself), so a client that merely knows a victim's room name hears nothing of
the victim's. A socket is a legitimate member of R when R is

- a room the server issued to this socket's (non-empty) session, within
  ``ROOM_MAX_AGE`` (``{% liveview_room_uuid %}``),
- a signed user room of this socket's user (``{% liveview_user_room %}``), or
- ``user-<pk>`` with this socket's authenticated user having that pk (the form
  the original's docs show: ``data-room="user-{{ request.user.id }}"``).

``{% liveview_room_uuid %}`` still renders 32 hex digits, so ``data-room`` stays
a plain value and anything that treated it as a UUID string keeps working. The
digits are a timestamp (8), a random nonce (8) and an HMAC (16) of both plus the
session key, made with Django's ``salted_hmac`` (SECRET_KEY). The consumer
recomputes the HMAC with the socket's own session key, so membership cannot be
forged, altered, carried to another session, or kept after the room expires.

Per-user rooms (``user-<pk>-<hmac>``) are shared only by sockets whose
authenticated user has that primary key, from any of that user's sessions.
"""

from __future__ import annotations

import hmac
import re
import secrets
import time
from typing import Any

from django.utils.crypto import salted_hmac

from liveview.groups import private_room_group, room_group, socket_group

_SALT = "liveview.rooms"
_PAGE_ROOM = re.compile(r"[0-9a-f]{32}")
_USER_ROOM = re.compile(r"user-(?P<pk>[A-Za-z0-9_.-]{1,64})-(?P<mac>[0-9a-f]{16})")
_PLAIN_USER_ROOM = re.compile(r"user-(?P<pk>[A-Za-z0-9_.-]{1,64})")
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
    """Whether a socket with this session and user legitimately shares ``room``."""
    if _PAGE_ROOM.fullmatch(room):
        if not session_key:  # a room of no session would be anybody's room
            return False
        body, mac = room[:16], room[16:]
        if not hmac.compare_digest(mac, _mac(f"{body}|{session_key}")):
            return False
        age = time.time() - int(body[:8], 16)
        return -_CLOCK_SKEW <= age <= max_age
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    match = _USER_ROOM.fullmatch(room)
    if match is not None:
        pk = match["pk"]
        return str(user.pk) == pk and hmac.compare_digest(match["mac"], _mac(f"user|{pk}"))
    match = _PLAIN_USER_ROOM.fullmatch(room)
    return match is not None and str(user.pk) == match["pk"]


def room_group_for(
    room: str, session_key: str, user: Any, max_age: int, socket_id: str
) -> tuple[str, bool]:
    """The room group a socket joins, and whether it is ``room``'s shared group.

    Legitimate members share ``room_group(room)``; the tabs of any other session
    share a group of that session; a socket without a session is alone.
    """
    if room_allowed(room, session_key, user, max_age):
        return room_group(room), True
    if session_key:
        return private_room_group(room, session_key), False
    return socket_group(socket_id), False
