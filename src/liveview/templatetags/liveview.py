"""Template tags: ``{% load liveview %}``."""

from __future__ import annotations

import logging
import time
from typing import Any

from channels.layers import get_channel_layer
from django import template
from django.http import HttpRequest
from django.utils.crypto import salted_hmac
from django.utils.html import format_html

from liveview import feed, feed_sync
from liveview.conf import config
from liveview.protocol import to_snake
from liveview.registry import liveview_registry
from liveview.rooms import issue_room, user_room
from liveview.uploads import limits_for

register = template.Library()
logger = logging.getLogger(__name__)


def _live_key(session: Any) -> str | None:
    """The session's key once its data is loaded. Until then ``session_key`` is
    whatever the cookie said, even a session deleted since (at a logout in another
    tab): a room or identity bound to that key would belong to the previous user."""
    session.keys()  # loads the session; a key that no longer exists becomes None
    key: str | None = session.session_key
    return key


def _session_key(request: HttpRequest | None) -> str:
    session = getattr(request, "session", None)
    if session is None:
        logger.warning(
            "{% liveview_room_uuid %} rendered without request.session (enable the 'request' "
            "context processor and SessionMiddleware); the room is not bound to a session."
        )
        return ""
    if _live_key(session) is None:
        # First visit: create the session now so the room can be bound to it; marking
        # it modified makes SessionMiddleware send the cookie with this response.
        session.save()
        session.modified = True
    return str(session.session_key)


@register.simple_tag(takes_context=True)
def liveview_room_uuid(context: Any) -> str:
    """A fresh room id (32 hex digits) for each render, signed for this session.

    Only a socket carrying the same session cookie can join it, and only for
    ``LIVEVIEW["ROOM_MAX_AGE"]`` seconds (see docs/security.md).
    """
    room = issue_room(_session_key(context.get("request")))
    # Frames published between this render and the page's socket joining are sent
    # to that socket (feed.py), when it connects to this process.
    feed.renders.note(room, time.monotonic())
    feed.render_times.note(room, time.time())
    # And, with the log shared through Redis, when it connects to any process.
    feed_sync.mark_render(get_channel_layer, room)
    return room


@register.simple_tag(takes_context=True)
def liveview_user_room(context: Any) -> str:
    """The room every tab of the logged-in user shares; a page room for anonymous users."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user_room(user.pk)
    return issue_room(_session_key(request))


@register.simple_tag(takes_context=True)
def liveview_identity(context: Any) -> str:
    """Who the page is rendered for, for ``<html data-liveview-identity>``.

    The browser client keeps history snapshots and unsent messages in
    ``sessionStorage``, which outlives a logout and the next login in the same tab.
    Django makes a new session key at every login and logout, so a digest of it
    changes with the user: the client drops what it stored under another identity.
    A shortened salted HMAC: neither the key nor a secret.
    """
    session = getattr(context.get("request"), "session", None)
    key = (_live_key(session) if session is not None else None) or ""
    return salted_hmac("liveview.identity", key, algorithm="sha256").hexdigest()[:16]


@register.simple_tag
def liveview_build() -> str:
    """The server's build identifier, for ``<html data-liveview-build>`` ("" if none).

    A page carrying it announces its build (and its path) in the socket handshake;
    when the server runs another build, the tab reloads at its next safe moment
    (docs/navigation.md). From ``LIVEVIEW["BUILD_ID"]``, else the static files manifest.
    """
    return config.get().build_id or ""


@register.simple_tag
def liveview_upload(function: str, field: str) -> str:
    """The attributes a file input needs so the browser refuses what the server would:
    ``{% liveview_upload "save_profile" "avatar" %}`` renders ``accept``, the size and
    count limits and the function (for ``data-liveview-upload="auto"``), from the
    handler's ``uploads=`` declaration or the defaults. Raises
    ``TemplateSyntaxError`` for an unknown function or an undeclared input.
    """
    entry = liveview_registry.entry(function)
    if entry is None:
        raise template.TemplateSyntaxError(
            f"liveview_upload: no handler named {function!r}; registered: "
            f"{', '.join(liveview_registry.list_functions()) or 'none'}."
        )
    cfg = config.get()
    limits = limits_for(
        entry.uploads, to_snake(field), cfg.upload_max_file_size, cfg.upload_max_files
    )
    if limits is None:
        raise template.TemplateSyntaxError(
            f"liveview_upload: {function!r} declares no input {field!r}; declared: "
            f"{', '.join(entry.uploads or {})}."
        )
    attributes = format_html(
        'data-liveview-upload-function="{}" data-liveview-upload-max-size="{}" '
        'data-liveview-upload-max-files="{}"',
        function,
        limits.max_size,
        limits.max_files,
    )
    if limits.accept:
        attributes += format_html(' accept="{}"', limits.accept)
    return attributes
