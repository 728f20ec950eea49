"""Cost per broadcast of the log shared through Redis, on and off, in the same run.

    .venv/bin/python bench/feed.py [--frames 2000] [--rounds 3]

Starts a redis-server on a free port, and in this process a channels_redis layer and
one hub per setting (``LIVEVIEW["FEED_SHARED"]`` True and False) with one local member
of the group "broadcast". Each round publishes ``--frames`` frames through each hub and
times until every frame was delivered to the member and handed to the layer. Reports
microseconds per broadcast (median of the rounds) and the Redis memory the log holds.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


class Member:
    """A resuming socket that only counts what it is delivered."""

    resumable = True

    def __init__(self) -> None:
        self.count = 0
        self.wanted = 0
        self.done = asyncio.Event()

    def _got(self) -> None:
        self.count += 1
        if self.count >= self.wanted:
            self.done.set()

    def _deliver(self, text: str) -> None:
        self._got()

    def _deliver_seq(self, group: str, epoch: str, number: int | None, text: str) -> None:
        self._got()


async def one_round(hub, frames: int) -> float:
    member = next(iter(hub.members["broadcast"]))
    member.count, member.wanted = 0, frames
    member.done.clear()
    text = '{"target":"#messages","html":"<li>a message of some length</li>","append":true}'
    started = time.perf_counter()
    for _ in range(frames):
        hub.publish({"type": "liveview.group", "group": "broadcast", "text": text})
    await member.done.wait()
    while hub.sending:
        await asyncio.sleep(0.001)
    return (time.perf_counter() - started) / frames * 1e6


async def main(args: argparse.Namespace, url: str) -> None:
    import django
    from django.conf import settings

    settings.configure(
        CHANNEL_LAYERS={
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {"hosts": [url]},
            }
        },
        LIVEVIEW={},
    )
    django.setup()
    from channels.layers import get_channel_layer
    from redis.asyncio import Redis

    from liveview.hub import Hub

    loop = asyncio.get_running_loop()
    hubs = {}
    for shared in (True, False):
        hub = Hub(get_channel_layer(), loop)
        if not shared:  # what LIVEVIEW["FEED_SHARED"] = False gives
            hub.shared_log, hub._numbering = None, None
        waiter = hub.join("broadcast", Member())  # type: ignore[arg-type]
        if waiter is not None:
            await waiter
        hubs["on" if shared else "off"] = hub
    results: dict[str, list[float]] = {"on": [], "off": []}
    for _ in range(args.rounds):
        for name, hub in hubs.items():
            results[name].append(await one_round(hub, args.frames))
    redis = Redis.from_url(url)
    memory = (await redis.memory_usage("liveview:feed:broadcast:log")) or 0
    await redis.aclose()
    for hub in hubs.values():
        await hub.aclose()
    print(f"frames per round: {args.frames}, rounds: {args.rounds}")
    for name, values in results.items():
        print(
            f"log {name:3}: {statistics.median(values):8.1f} us per broadcast (rounds: "
            + ", ".join(f"{v:.1f}" for v in values)
            + ")"
        )
    print(f"Redis memory of the group's log stream: {memory / 1024:.0f} KiB")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--frames", type=int, default=500)  # under the send backlog bound
    parser.add_argument("--rounds", type=int, default=3)
    port = free_port()
    binary = shutil.which("redis-server")
    if binary is None:
        sys.exit("redis-server is needed (apt-get install redis-server)")
    redis_server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)  # a benchmark: no test waits here
        asyncio.run(main(parser.parse_args(), f"redis://127.0.0.1:{port}/0"), debug=False)
    finally:
        redis_server.terminate()
        redis_server.wait()
