"""An upload across a login: Django makes a new session key, and the upload belonged
to the old one. The tab resumes with the upload's resume secret; nobody else can."""

from __future__ import annotations

import hashlib
import os

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from liveview import liveview_handler, send
from liveview.upload_store import store
from tests.test_uploads import chunk, session_comm, start

pytestmark = pytest.mark.django_db(transaction=True)
CHUNK = 65536


@pytest.fixture
def upload_dir(tmp_path):
    directory = tmp_path / "uploads"
    with override_settings(LIVEVIEW={"UPLOAD_DIR": str(directory)}):
        yield directory
    store.remove_all()


def as_user(comm, user):
    comm.scope["user"] = user
    return comm


@pytest.fixture
def save(registry):
    @liveview_handler("save")
    def save(consumer, content):
        (uploaded,) = content["files"]["doc"]
        send(consumer, {"target": "#o", "html": hashlib.sha256(uploaded.read()).hexdigest()})


async def begin(comm, data: bytes) -> tuple[str, str]:
    """Start an upload of ``data`` and send its first chunk: (id, resume secret)."""
    reply = await start(comm, "save", size=len(data))
    await comm.send_to(bytes_data=chunk(reply["upload"], 0, data[:CHUNK]))
    assert (await comm.receive_json_from())["offset"] == CHUNK
    return reply["upload"], reply["resume"]


async def test_upload_resumes_after_a_login(save, upload_dir):
    alice = await get_user_model().objects.acreate_user("alice")
    data = os.urandom(3 * CHUNK + 7)
    async with session_comm("anonymous") as before:
        upload_id, secret = await begin(before, data)
        assert len(secret) == 32
    # Logged in: another session key, the same tab (it kept the secret in memory).
    async with as_user(session_comm("logged-in"), alice) as after:
        refused = await start(after, "save", size=len(data), id=upload_id)
        assert "unknown upload" in refused["uploadError"]  # the id alone is not enough
        wrong = await start(after, "save", size=len(data), id=upload_id, resume="0" * 32)
        assert "unknown upload" in wrong["uploadError"]
        resumed = await start(after, "save", size=len(data), id=upload_id, resume=secret)
        assert resumed["offset"] == CHUNK
        offset = CHUNK
        while offset < len(data):
            await after.send_to(bytes_data=chunk(upload_id, offset, data[offset : offset + CHUNK]))
            offset = (await after.receive_json_from())["offset"]
        await after.call("save", files={"doc": [upload_id]})
        assert (await after.receive_json_from())["html"] == hashlib.sha256(data).hexdigest()
    assert os.listdir(upload_dir) == []


async def test_resume_secret_does_not_cross_users_or_a_logout(save, upload_dir):
    users = get_user_model().objects
    alice, mallory = await users.acreate_user("alice"), await users.acreate_user("mallory")
    data = os.urandom(2 * CHUNK)
    async with as_user(session_comm("alice"), alice) as comm:
        upload_id, secret = await begin(comm, data)
    # Even holding the secret: another user's session, or Alice's after a logout
    # (a new anonymous session), gets the answer an unknown upload gets.
    async with as_user(session_comm("mallory"), mallory) as other:
        refused = await start(other, "save", size=len(data), id=upload_id, resume=secret)
        assert "unknown upload" in refused["uploadError"]
        await other.send_to(bytes_data=chunk(upload_id, CHUNK, data[CHUNK:]))
        assert "start an upload first" in (await other.receive_json_from())["error"]
    async with session_comm("logged-out") as anonymous:
        refused = await start(anonymous, "save", size=len(data), id=upload_id, resume=secret)
        assert "unknown upload" in refused["uploadError"]
        # The browser then starts the file over: a new, empty upload, and the old one
        # is untouched (its owner may still resume it) until the sweep.
        fresh = await start(anonymous, "save", size=len(data))
        assert fresh["offset"] == 0
        assert fresh["upload"] != upload_id
    assert os.path.getsize(upload_dir / f"{upload_id}.part") == CHUNK
    assert os.path.getsize(upload_dir / f"{fresh['upload']}.part") == 0
