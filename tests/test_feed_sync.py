"""Frames pushed from a process with no hub (a command, a task worker) are numbered in
the log shared through Redis too (issue 14), with a real redis-server and server."""

from __future__ import annotations

import json
import logging
import socket
import subprocess
import sys
from contextlib import AsyncExitStack, closing

from channels_redis.core import RedisChannelLayer

from liveview import feed_sync
from liveview.groups import BROADCAST_GROUP
from tests.test_feed_redis import frames_until
from tests.test_redis import (
    assert_no_tracebacks_to_clients,
    broadcast_position,
    open_sockets,
    post,
    resuming_socket,
)

__all__ = ["start_servers"]
from tests.test_redis import start_servers  # fixture

PUSHER = """
import django, sys
django.setup()
from liveview import push
for index in range(int(sys.argv[1])):
    push({"target": "#messages", "html": f"<p>pushed {index}</p>", "append": True},
         broadcast=True)
"""


def push_from_another_process(server, count):
    """Run ``push(..., broadcast=True)`` ``count`` times in a new Python process that
    serves no WebSocket (so has no hub), on the server's settings and Redis."""
    done = subprocess.run(
        [sys.executable, "-c", PUSHER, str(count)],
        env=server.env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr


async def test_pushes_from_a_process_without_a_hub_reach_a_tab_cut_off_meanwhile(
    redis_server, start_servers
):
    server = start_servers(1, redis_server.url)[0]
    count = 20
    async with AsyncExitStack() as stack:
        tab = await resuming_socket(stack, server, "/broadcast/", {})
        position = await broadcast_position(tab)
        await tab.close()  # the tab is cut off ...
        push_from_another_process(server, count)  # ... while a command pushes

        back = await resuming_socket(stack, server, "/broadcast/", {"broadcast": position})
        sender = (await open_sockets(stack, [server], per_server=1))[0]
        await post(sender, "live")
        frames = await frames_until(back, "live")
        shown = [f for f in frames if f.get("target") == "#messages"]
        expected = [f"pushed {index}</p>" for index in range(count)] + ["live"]
        assert [next(t for t in expected if t in f["html"]) for f in shown] == expected
        numbers = [f["seq"]["n"] for f in shown]
        assert numbers == list(range(position[1] + 1, position[1] + count + 2))
    assert_no_tracebacks_to_clients(servers=[server])


def test_a_push_numbered_while_redis_is_down_goes_out_unnumbered_and_warns_once(
    monkeypatch, caplog
):
    with closing(socket.socket()) as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    layer = RedisChannelLayer(hosts=[f"redis://127.0.0.1:{port}"])
    monkeypatch.setattr(feed_sync, "_retry_at", 0.0)
    monkeypatch.setattr(feed_sync, "_warned", False)
    monkeypatch.setattr(feed_sync, "_logs", {})
    monkeypatch.setattr(feed_sync, "RETRY_AFTER", 0.0)  # ask Redis at every push here
    text = json.dumps({"target": "#messages", "html": "x"})
    with caplog.at_level(logging.WARNING, logger="liveview.feed_sync"):
        for _ in range(3):
            event = {"type": "liveview.group", "group": BROADCAST_GROUP, "text": text}
            feed_sync.number_event(layer, event)  # type: ignore[arg-type]
            assert "seq" not in event
    assert len([r for r in caplog.records if r.name == "liveview.feed_sync"]) == 1
    log = feed_sync.log_of(layer)
    assert log is not None
    assert log is feed_sync.log_of(layer)
    log.redis.close()


def test_a_page_rendered_while_redis_is_down_renders_without_a_mark(monkeypatch, caplog):
    with closing(socket.socket()) as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    layer = RedisChannelLayer(hosts=[f"redis://127.0.0.1:{port}"])
    monkeypatch.setattr(feed_sync, "_retry_at", 0.0)
    monkeypatch.setattr(feed_sync, "_warned", False)
    monkeypatch.setattr(feed_sync, "_logs", {})
    with caplog.at_level(logging.WARNING, logger="liveview.feed_sync"):
        feed_sync.mark_render(layer, "a" * 32)  # does not raise
        feed_sync.mark_render(layer, "b" * 32)  # nor asks Redis again at once
    assert len([r for r in caplog.records if r.name == "liveview.feed_sync"]) == 1
    log = feed_sync.log_of(layer)
    assert log is not None
    log.redis.close()
