"""Clean-up of uploads whose state is in Redis, however their socket ends: one
process (its event loop) on a real redis-server, driven by communicators."""

from __future__ import annotations

import os
import time

import pytest
import redis
from channels.layers import get_channel_layer
from django.test import override_settings

from liveview import liveview_handler, send
from liveview.hub import get_hub
from liveview.upload_state import shared_state
from liveview.upload_store import store
from tests.test_uploads import chunk, session_comm, start

pytestmark = pytest.mark.django_db(transaction=True)
CHUNK = 65536
BUDGET = "client:198.51.100.7"


@pytest.fixture
def redis_uploads(redis_server, tmp_path, registry):
    """The Redis channel layer, an upload directory, and a handler taking files."""

    @liveview_handler("save")
    def save(consumer, content):
        if content["data"].get("fail"):
            raise RuntimeError("the handler failed")

    @liveview_handler("ping")
    def ping(consumer, content):
        send(consumer, {"target": "#ping", "html": "pong"})

    layers = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [redis_server.url]},
        }
    }
    directory = tmp_path / "uploads"
    with override_settings(CHANNEL_LAYERS=layers, LIVEVIEW={"UPLOAD_DIR": str(directory)}):
        yield directory
    store.remove_all()  # outside the loop: files go now, Redis keys expire
    assert len(store) == 0
    client = redis.Redis.from_url(redis_server.url)
    for key in client.scan_iter("liveview:upload*"):  # not left to the next tests
        client.delete(key)
    client.close()


async def state_and_redis():
    state = shared_state(get_hub(get_channel_layer()).intents.redis)
    assert state is not None, "the Redis layer gives uploads a shared state"
    for key in await state.redis.keys("liveview:upload*"):
        await state.redis.delete(key)
    return state, state.redis


def comm():
    return session_comm("s1", client="198.51.100.7")


async def test_abandoned_upload_is_removed_from_redis_and_disk(redis_uploads):
    state, redis = await state_and_redis()
    async with comm() as socket:
        upload_id = (await start(socket, "save", size=2 * CHUNK))["upload"]
        await socket.send_to(bytes_data=chunk(upload_id, 0, b"x" * CHUNK))
        assert (await socket.receive_json_from())["offset"] == CHUNK
    # The socket is gone; its upload waits for a resume, in Redis and on disk.
    assert await redis.hget(f"liveview:upload:{upload_id}", "offset") == str(CHUNK).encode()
    assert await state.budget_used(BUDGET) == (2 * CHUNK, 1)
    assert os.listdir(redis_uploads) == [upload_id + ".part"]
    store.sweep(time.monotonic() + 601)  # UPLOAD_TIMEOUT later
    await state.drain()
    assert await redis.exists(f"liveview:upload:{upload_id}") == 0
    assert await state.budget_used(BUDGET) == (0, 0)
    assert os.listdir(redis_uploads) == []
    assert len(store) == 0


async def test_sweep_leaves_an_upload_another_process_took_over(redis_uploads):
    state, redis = await state_and_redis()
    async with comm() as socket:
        upload_id = (await start(socket, "save", size=2 * CHUNK))["upload"]
    # Resumed elsewhere: another socket holds it now.
    await redis.hset(f"liveview:upload:{upload_id}", "holder", "another process's socket")
    store.sweep(time.monotonic() + 601)
    await state.drain()
    assert len(store) == 0  # this process no longer counts it
    assert await redis.exists(f"liveview:upload:{upload_id}") == 1
    assert await state.budget_used(BUDGET) == (2 * CHUNK, 1)
    assert os.listdir(redis_uploads) == [upload_id + ".part"]


async def test_cancelled_and_handled_uploads_release_redis(redis_uploads):
    state, redis = await state_and_redis()
    async with comm() as socket:
        cancelled = (await start(socket, "save", size=10))["upload"]
        await socket.send_json_to({"upload": "cancel", "id": cancelled, "function": "save"})
        for fail in (False, True):  # the handler returns, or raises
            reply = await start(socket, "save", size=10)
            assert "upload" in reply, reply
            upload_id = reply["upload"]
            await socket.send_to(bytes_data=chunk(upload_id, 0, b"y" * 10))
            assert (await socket.receive_json_from())["offset"] == 10
            await socket.call("save", data={"fail": fail}, files={"doc": [upload_id]})
            await socket.call("ping")  # answered once the call before it is over
            while (await socket.receive_json_from()).get("target") != "#ping":
                pass
            await state.drain()
            assert await redis.exists(f"liveview:upload:{upload_id}") == 0
    await state.drain()
    assert await redis.exists(f"liveview:upload:{cancelled}") == 0
    assert await state.budget_used(BUDGET) == (0, 0)
    assert os.listdir(redis_uploads) == []
    assert len(store) == 0


async def test_user_budget_is_shared_and_bounded(redis_uploads):
    """Two sockets of one client on one Redis: the budget of all of them is one, and
    what exceeds it is refused before a byte is kept."""
    _, redis = await state_and_redis()
    await redis.hset(f"liveview:upload-bytes:{BUDGET}", "elsewhere", 200 * 1024 * 1024 - 10)
    await redis.zadd(f"liveview:upload-budget:{BUDGET}", {"elsewhere": time.time() * 1000 + 9e6})
    async with comm() as first, comm() as second:
        assert "uploadError" not in await start(first, "save", size=10)
        refused = await start(second, "save", size=1)
        assert "too many uploads in progress" in refused["uploadError"]
    assert len(os.listdir(redis_uploads)) == 1  # only the accepted one


async def test_resume_where_the_bytes_are_not_leaves_the_upload_alone(redis_uploads):
    """A process that cannot read an upload's bytes (another machine, without a shared
    directory) refuses the resume and does not take the upload from its holder."""
    _, redis = await state_and_redis()
    async with comm() as socket:
        upload_id = (await start(socket, "save", size=2 * CHUNK))["upload"]
    key = f"liveview:upload:{upload_id}"
    holder = await redis.hget(key, "holder")
    known = store.local(upload_id)
    assert known is not None
    store.forget(known)  # this process forgets it, as another machine never knew it
    os.unlink(redis_uploads / f"{upload_id}.part")
    async with comm() as socket:
        refused = await start(socket, "save", size=2 * CHUNK, id=upload_id)
        assert "unknown upload" in refused["uploadError"]
    assert await redis.hget(key, "holder") == holder
