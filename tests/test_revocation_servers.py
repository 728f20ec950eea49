"""Sockets outlive no credential, against a real uvicorn on a real Redis: a password
change or a deactivation in another process, and a session that expires, close the
user's open sockets with 4401."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import urllib.request

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.servers import EXAMPLE, ROOT, DemoServer

SETUP = """
from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
user, _ = get_user_model().objects.get_or_create(username="ada")
user.set_password("old password"); user.save()
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.set_expiry({expiry})
session.save()
print("SESSION", session.session_key)
"""
PASSWORD = """
from django.contrib.auth import get_user_model
user = get_user_model().objects.get(username="ada")
user.set_password("new password"); user.save()
"""
DEACTIVATE = """
from django.contrib.auth import get_user_model
user = get_user_model().objects.get(username="ada")
user.is_active = False; user.save()
"""


def django_shell(server: DemoServer, code: str) -> str:
    """Run ``code`` in another process of the same project (database, Redis layer)."""
    result = subprocess.run(
        [sys.executable, str(EXAMPLE / "manage.py"), "shell", "-c", code],
        env={**server.env(), "DJANGO_SETTINGS_MODULE": server.settings},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


async def logged_in_socket(server: DemoServer, expiry: int = 0):
    session_key = re.search(r"SESSION (\w+)", django_shell(server, SETUP.format(expiry=expiry)))[1]
    cookie = f"sessionid={session_key}"
    request = urllib.request.Request(server.url + "/", headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=10) as response:
        room = re.search(r'data-room="([^"]+)"', response.read().decode())[1]
    headers = {"Origin": server.url, "Cookie": cookie}
    return await connect(f"{server.ws_url}/ws/liveview/{room}/", additional_headers=headers)


async def close_code(ws) -> int:
    """Read until the server closes the socket; its close code."""
    try:
        while True:
            await asyncio.wait_for(ws.recv(), 30)
    except ConnectionClosed as closed:
        return closed.rcvd.code


@pytest.fixture
def server(demo_db, redis_server):
    server = DemoServer(demo_db, redis_url=redis_server.url, settings="tests.abuse_settings")
    server.start()
    yield server
    server.close()


@pytest.mark.parametrize("change", [PASSWORD, DEACTIVATE], ids=["password", "deactivation"])
async def test_credentials_change_in_another_process_closes_the_users_sockets(server, change):
    ws = await logged_in_socket(server)
    await ws.send('{"function": "ping"}')
    await asyncio.wait_for(ws.recv(), 10)  # connected and served
    await asyncio.to_thread(django_shell, server, change)
    assert await close_code(ws) == 4401


async def test_expired_session_closes_its_socket(server):
    ws = await logged_in_socket(server, expiry=5)  # the session lasts 5 seconds
    await ws.send('{"function": "ping"}')
    await asyncio.wait_for(ws.recv(), 10)
    assert await close_code(ws) == 4401
