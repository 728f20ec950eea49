from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.test import RequestFactory, override_settings

from liveview.rooms import issue_room, room_allowed, room_group_for, user_room

DAY = 24 * 3600
ANON = SimpleNamespace(is_authenticated=False, pk=None)


def test_issued_room_is_32_hex():
    room = issue_room("abc")
    assert len(room) == 32
    int(room, 16)


def test_room_allowed_for_its_session():
    assert room_allowed(issue_room("sess-1"), "sess-1", ANON, DAY)


def test_room_refused_for_another_session():
    assert not room_allowed(issue_room("sess-1"), "sess-2", ANON, DAY)


def test_unsigned_room_refused():
    assert not room_allowed("test-room", "", ANON, DAY)
    assert not room_allowed("0" * 32, "", ANON, DAY)


@pytest.mark.parametrize("position", [0, 9, 20, 31])
def test_tampered_room_refused(position):
    room = issue_room("s")
    flipped = "1" if room[position] != "1" else "2"
    assert not room_allowed(room[:position] + flipped + room[position + 1 :], "s", ANON, DAY)


def test_expired_room_refused():
    old = issue_room("s", now=time.time() - DAY - 10)
    assert not room_allowed(old, "s", ANON, DAY)
    assert room_allowed(old, "s", ANON, 2 * DAY)


def test_room_from_far_future_refused():
    assert not room_allowed(issue_room("s", now=time.time() + 3600), "s", ANON, DAY)


def test_rooms_change_with_secret_key():
    room = issue_room("s")
    with override_settings(SECRET_KEY="another-secret-key-for-this-test-only-0123456789"):
        assert not room_allowed(room, "s", ANON, DAY)


def test_user_room_only_for_that_user():
    room = user_room(42)
    assert room_allowed(room, "any-session", SimpleNamespace(is_authenticated=True, pk=42), DAY)
    assert not room_allowed(room, "", SimpleNamespace(is_authenticated=True, pk=43), DAY)
    assert not room_allowed(room, "", ANON, DAY)
    assert not room_allowed(
        room.replace("user-42-", "user-43-"), "", SimpleNamespace(is_authenticated=True, pk=43), DAY
    )


def test_documented_plain_user_room_only_for_that_user():
    ada = SimpleNamespace(is_authenticated=True, pk=42)
    assert room_allowed("user-42", "", ada, DAY)
    assert not room_allowed("user-43", "", ada, DAY)
    assert not room_allowed("user-42", "s", ANON, DAY)


def test_member_joins_the_original_room_group():
    room = issue_room("s")
    assert room_group_for(room, "s", ANON, DAY, "sock") == (f"room_{room}", True)


def test_non_member_joins_a_group_of_its_session():
    room = issue_room("victim")
    group, member = room_group_for(room, "attacker", ANON, DAY, "sock")
    assert not member
    assert group != f"room_{room}"
    assert group == room_group_for(room, "attacker", ANON, DAY, "other-tab")[0]
    assert group != room_group_for(room, "third", ANON, DAY, "sock")[0]


def test_non_member_without_session_is_alone():
    first = room_group_for("test-room", "", ANON, DAY, "sock-1")[0]
    second = room_group_for("test-room", "", ANON, DAY, "sock-2")[0]
    assert first != second
    assert "room_test-room" not in (first, second)


def test_expired_room_is_served_in_a_group_of_its_session():
    old = issue_room("s", now=time.time() - DAY - 10)
    group, member = room_group_for(old, "s", ANON, DAY, "sock")
    assert not member
    assert group == room_group_for(old, "s", ANON, DAY, "another-tab")[0]


def test_user_room_rejects_odd_primary_keys():
    with pytest.raises(ValueError, match="simple primary key"):
        user_room("a/b")


@pytest.mark.django_db
def test_template_tag_binds_to_a_new_session_and_sets_cookie():
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.http import HttpResponse

    request = RequestFactory().get("/")
    middleware = SessionMiddleware(
        lambda r: HttpResponse(
            Template("{% load liveview %}{% liveview_room_uuid %}").render(Context({"request": r}))
        )
    )
    response = middleware(request)
    room = response.content.decode()
    assert request.session.session_key
    assert response.cookies["sessionid"].value == request.session.session_key
    assert room_allowed(room, request.session.session_key, ANON, DAY)


def test_template_tag_without_request_renders_a_room_nobody_shares(caplog):
    # A room of no session would be anybody's: its sockets each get a group of their own.
    room = Template("{% load liveview %}{% liveview_room_uuid %}").render(Context())
    assert len(room) == 32
    assert not room_allowed(room, "", ANON, DAY)
    assert "not bound to a session" in caplog.text


def test_user_room_tag_for_logged_in_user():
    request = RequestFactory().get("/")
    request.user = SimpleNamespace(is_authenticated=True, pk=7)
    out = Template("{% load liveview %}{% liveview_user_room %}").render(
        Context({"request": request})
    )
    assert out == user_room(7)
