"""Replies kept with refs (replies.py) in a real redis-server, as two processes' intent
stores see them: one keeps a reply, the other re-delivers it on a duplicate replay."""

from __future__ import annotations

import asyncio
import json
import secrets

import pytest
import redis.asyncio

from liveview import replies
from liveview.intents import WINDOW, IntentStore, intent_prefix, session_tag


@pytest.fixture
async def stores(redis_server):
    """Two intent stores on one Redis, as two processes have."""
    loop = asyncio.get_running_loop()
    made = []
    for _ in range(2):
        store = IntentStore(None, loop)
        store.redis = redis.asyncio.Redis.from_url(redis_server.url)
        made.append(store)
    yield made
    for store in made:
        await store.redis.aclose()


def new_session() -> tuple[str, str]:
    """A session's intent-key prefix and the tag its Redis keys are named by."""
    session_key = secrets.token_hex(16)
    return intent_prefix(session_key, ""), session_tag(session_key, "")


async def handled(store: IntentStore, key: str, frames: list[str]) -> None:
    """What dispatch.py does around a handler that sent ``frames``, then the save."""
    running = store.start(key)
    store.keep_reply(key, frames)
    store.finish(key, running)
    await store.flush()


async def kept_in_redis(store: IntentStore, tag: str) -> dict[str, int]:
    """ref -> bytes of the reply Redis holds for session ``tag``."""
    fields = await store.redis.hgetall("liveview:replies:" + tag)
    return {ref.decode(): len(payload) for ref, payload in fields.items()}


async def test_a_reply_kept_by_one_process_is_re_delivered_by_another(stores):
    first, second = stores
    prefix, _ = new_session()
    frames = ['{"target": "#n", "html": "été"}', '{"target": "#m", "html": "2"}']
    await handled(first, prefix + "tab.1", frames)
    assert await second.already_done(prefix + "tab.1")
    assert await second.reply_to(prefix + "tab.1") == frames


async def test_a_reply_is_not_given_to_another_session(stores):
    first, second = stores
    prefix, _ = new_session()
    other, _ = new_session()
    await handled(first, prefix + "tab.1", ['{"secret": 1}'])
    assert not await second.already_done(other + "tab.1")
    assert await second.reply_to(other + "tab.1") == []


async def test_redis_keeps_a_sessions_latest_replies_only(stores):
    first, second = stores
    prefix, tag = new_session()
    for n in range(replies.REPLIES_PER_SESSION + 8):
        await handled(first, prefix + f"tab.{n}", [f'{{"n": {n}}}'])
    kept = await kept_in_redis(first, tag)
    assert sorted(kept, key=lambda ref: int(ref[4:])) == [
        f"tab.{n}" for n in range(8, replies.REPLIES_PER_SESSION + 8)
    ]
    assert await first.redis.zcard("liveview:replies-at:" + tag) == replies.REPLIES_PER_SESSION
    assert await second.reply_to(prefix + "tab.7") == []
    assert await second.reply_to(prefix + "tab.8") == ['{"n": 8}']


async def test_redis_keeps_a_sessions_bytes_bounded_oldest_dropped_first(stores):
    first, _ = stores
    prefix, tag = new_session()
    tenth = replies.REPLY_BYTES_PER_SESSION // 10
    # Written in one batch: the bound holds within a batch too.
    for n in range(15):
        first.keep_reply(prefix + f"tab.{n}", ["é" * (tenth // 2)])  # 2 bytes a character
        first.finish(prefix + f"tab.{n}", first.start(prefix + f"tab.{n}"))
    await first.flush()
    kept = await kept_in_redis(first, tag)
    assert sum(kept.values()) <= replies.REPLY_BYTES_PER_SESSION
    assert sorted(kept, key=lambda ref: int(ref[4:])) == [f"tab.{n}" for n in range(6, 15)]


async def test_a_reply_over_the_session_bound_is_not_kept_in_redis(stores):
    first, second = stores
    prefix, tag = new_session()
    await handled(first, prefix + "tab.1", ['{"n": 1}'])
    await handled(first, prefix + "tab.2", ["x" * replies.REPLY_BYTES_PER_SESSION])
    assert await kept_in_redis(first, tag) == {"tab.1": len(json.dumps(['{"n": 1}']))}
    assert await second.already_done(prefix + "tab.2")  # the ref is recorded all the same
    assert await second.reply_to(prefix + "tab.2") == []
    assert len((await first.reply_to(prefix + "tab.2"))[0]) == replies.REPLY_BYTES_PER_SESSION


async def test_replies_expire_with_the_window(stores, monkeypatch):
    first, second = stores
    prefix, tag = new_session()
    await handled(first, prefix + "tab.1", ['{"n": 1}'])
    for name in ("liveview:replies:", "liveview:replies-at:"):
        assert 0 < await first.redis.ttl(name + tag) <= WINDOW
    now = replies.time.time()
    monkeypatch.setattr(replies.time, "time", lambda: now + WINDOW + 1)
    assert await second.reply_to(prefix + "tab.1") == []


async def test_a_reply_is_kept_after_redis_forgot_the_script(stores):
    first, second = stores
    prefix, _ = new_session()
    await handled(first, prefix + "tab.1", ['{"n": 1}'])
    await first.redis.script_flush()  # as after a Redis restart
    await handled(first, prefix + "tab.2", ['{"n": 2}'])
    assert await second.reply_to(prefix + "tab.2") == ['{"n": 2}']


@pytest.mark.parametrize("payload", [b"not json", b'{"a": 1}', b'["ok", 2]'])
async def test_a_reply_redis_holds_in_another_shape_is_not_sent(stores, payload):
    first, second = stores
    prefix, tag = new_session()
    await handled(first, prefix + "tab.1", ['{"n": 1}'])
    await first.redis.hset("liveview:replies:" + tag, "tab.1", payload)
    assert await second.reply_to(prefix + "tab.1") == []


async def test_a_reply_look_up_that_fails_sends_nothing_and_warns(caplog):
    from tests.servers import free_port

    store = IntentStore(None, asyncio.get_running_loop())
    store.redis = redis.asyncio.Redis(port=free_port(), socket_connect_timeout=1)
    prefix, _ = new_session()
    try:
        assert await store.reply_to(prefix + "tab.1") == []
    finally:
        await store.redis.aclose()
    assert "Could not read a kept reply from Redis." in caplog.text


def test_the_documented_bounds_are_the_code_s():
    from pathlib import Path

    text = " ".join((Path(__file__).parents[1] / "docs" / "reliability.md").read_text().split())
    per_session = f"at most {replies.REPLIES_PER_SESSION} replies and "
    per_session += f"{replies.REPLY_BYTES_PER_SESSION // 1024} KiB**"
    assert per_session in text
    memory = f"at most {replies.MEMORY_REPLIES:,} replies and "
    memory += f"{replies.MEMORY_CHARS // 1024 // 1024} Mi characters"
    assert memory in text
    assert f"expiring {WINDOW} s after" in text
