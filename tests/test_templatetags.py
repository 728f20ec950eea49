from __future__ import annotations

import re

import pytest
from django.template import Context, Template


def test_liveview_room_uuid_is_fresh_hex_each_render():
    template = Template("{% load liveview %}{% liveview_room_uuid %}")
    first, second = template.render(Context()), template.render(Context())
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


@pytest.mark.django_db
def test_liveview_identity_changes_with_the_session_key(rf):
    from django.contrib.sessions.backends.db import SessionStore

    template = Template("{% load liveview %}{% liveview_identity %}")
    request = rf.get("/")
    request.session = SessionStore()
    request.session.create()
    first = template.render(Context({"request": request}))
    assert len(first) == 16
    assert request.session.session_key not in first
    assert template.render(Context({"request": request})) == first
    request.session.cycle_key()  # what Django does at login
    assert template.render(Context({"request": request})) != first


@pytest.mark.django_db
def test_tags_never_bind_to_a_session_deleted_since_the_cookie_was_set(rf):
    """A tab whose user logged out in another tab fetches a fresh page with the old
    cookie: the room and identity must not be those of the deleted session."""
    from django.contrib.sessions.backends.db import SessionStore

    old = SessionStore()
    old.create()
    stale_key = old.session_key
    identity = Template("{% load liveview %}{% liveview_identity %}")
    request = rf.get("/")
    request.session = SessionStore(stale_key)
    before = identity.render(Context({"request": request}))
    old.delete()  # what logout's flush() does
    request.session = SessionStore(stale_key)
    Template("{% load liveview %}{% liveview_room_uuid %}").render(Context({"request": request}))
    assert request.session.session_key != stale_key
    assert identity.render(Context({"request": request})) != before
