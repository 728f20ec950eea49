"""The shared log's numbering script on a real redis-server: one round trip per batch,
and a Redis that lost its scripts (restarted, SCRIPT FLUSH) gets them loaded again."""

from __future__ import annotations

import redis.asyncio

from liveview.feed_redis import RedisLog


def commands(client_info: dict, name: str) -> int:
    return int(client_info.get(f"cmdstat_{name}", {}).get("calls", 0))


async def test_numbering_a_batch_asks_redis_nothing_else(redis_server):
    client = redis.asyncio.Redis.from_url(redis_server.url)
    log = RedisLog(client, max_frames=100, max_age=60, max_chars=1_000_000)
    try:
        await log.number([("batch-a", '{"n":0}')], deadline=2e10)  # the script is loaded
        before = await client.info("commandstats")
        positions = await log.number(
            [("batch-a", '{"n":1}'), ("batch-b", '{"n":2}'), ("batch-a", '{"n":3}')],
            deadline=2e10,
        )
        after = await client.info("commandstats")
        assert [p[1] for p in positions] == [2, 1, 3]
        assert positions[0][0] == positions[2][0] != positions[1][0]  # one epoch per group
        assert commands(after, "script|exists") == commands(before, "script|exists")
        assert commands(after, "evalsha") == commands(before, "evalsha") + 3
    finally:
        await client.aclose()


async def test_numbering_after_redis_lost_its_scripts_loads_them_and_goes_on(redis_server):
    client = redis.asyncio.Redis.from_url(redis_server.url)
    log = RedisLog(client, max_frames=100, max_age=60, max_chars=1_000_000)
    try:
        first = await log.number([("flushed", '{"n":1}')], deadline=2e10)
        await client.script_flush()
        second = await log.number([("flushed", '{"n":2}'), ("flushed", '{"n":3}')], deadline=2e10)
        assert [p[1] for p in first + second] == [1, 2, 3]
        assert {p[0] for p in first + second} == {first[0][0]}
    finally:
        await client.aclose()
