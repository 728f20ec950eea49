"""Upload throughput over loopback and server memory per concurrent upload.

Starts the demo under uvicorn (one process, in-memory layer) on a free port and, for each
concurrency N, has N raw WebSocket clients (threads, each its own session) upload a file
of --size MB to the demo's attach_files handler, chunk by chunk as the browser does (the
next chunk after the previous acknowledgement). Reports MB/s over all clients and the
server's RSS growth per concurrent upload (peak during the run minus the idle baseline).

    .venv/bin/python bench/uploads.py                 # 50 MB, concurrency 1, 4, 16
    .venv/bin/python bench/uploads.py --size 200 --concurrency 1
    .venv/bin/python bench/uploads.py --redis         # the Redis layer: state and acks there

Run from the repository root with the project's .venv (scripts/setup.sh).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers import DemoServer, RedisServer, migrate, open_page, require_binary  # noqa: E402
from websockets.sync.client import connect  # noqa: E402

MB = 1024 * 1024
CHUNK = 64 * 1024
COMPRESSION: str | None = "deflate"  # what browsers offer; --no-compression to compare


def upload(server: DemoServer, data: bytes) -> None:
    room, headers = open_page(server.url, "/uploads/")
    url = f"{server.ws_url}/ws/liveview/{room}/"
    with connect(url, additional_headers=headers, compression=COMPRESSION) as ws:
        ws.send(json.dumps({
            "upload": "start", "key": "k", "function": "attach_files", "field": "attachments",
            "name": "bench.bin", "size": len(data), "type": "application/octet-stream",
        }))  # fmt: skip
        reply = json.loads(ws.recv(timeout=30))
        if "uploadError" in reply:
            raise RuntimeError(f"upload refused: {reply['uploadError']}")
        upload_id, offset = reply["upload"], reply["offset"]
        raw_id = bytes.fromhex(upload_id)
        view = memoryview(data)
        while offset < len(data):
            ws.send(raw_id + offset.to_bytes(8, "big") + view[offset : offset + CHUNK])
            offset = json.loads(ws.recv(timeout=30))["offset"]
        ws.send(json.dumps({"function": "attach_files", "form": {}, "data": {}, "room": room,
                            "ref": "b.1", "files": {"attachments": [upload_id]}}))  # fmt: skip
        while "ack" not in json.loads(ws.recv(timeout=60)):
            pass


def run(server: DemoServer, size_mb: int, concurrency: int) -> dict[str, float]:
    data = os.urandom(CHUNK) * (size_mb * MB // CHUNK)
    baseline = server.rss_kib()
    peak = [baseline]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            peak.append(server.rss_kib())

    sampler = threading.Thread(target=sample)
    sampler.start()
    failures: list[BaseException] = []

    def one() -> None:
        try:
            upload(server, data)
        except BaseException as exc:  # reported after the run, never averaged in
            failures.append(exc)

    threads = [threading.Thread(target=one) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    if failures:
        raise RuntimeError(f"{len(failures)} of {concurrency} uploads failed: {failures[0]}")
    return {
        "concurrency": concurrency,
        "mb_per_s": size_mb * concurrency / elapsed,
        "rss_mb_per_upload": (max(peak) - baseline) / 1024 / concurrency,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=50, help="MB per upload (default 50)")
    parser.add_argument("--concurrency", default="1,4,16", help="comma-separated (default 1,4,16)")
    parser.add_argument("--no-compression", action="store_true", help="no permessage-deflate")
    parser.add_argument(
        "--redis", action="store_true", help="the Redis layer (a redis-server of its own)"
    )
    args = parser.parse_args()
    global COMPRESSION
    if args.no_compression:
        COMPRESSION = None
    counts = [int(n) for n in args.concurrency.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        database = Path(tmp) / "bench.sqlite3"
        migrate(database)
        env = {
            "DEMO_MEDIA": str(Path(tmp) / "media"),
            "DEMO_UPLOAD_DIR": str(Path(tmp) / "parts"),
            "DEMO_ATTACHMENT_MAX_SIZE": str(args.size * MB),
        }
        redis = RedisServer(require_binary("redis-server", "redis-server")) if args.redis else None
        if redis is not None:
            redis.start()
        server = DemoServer(
            database,
            settings="tests.upload_settings",
            extra_env=env,
            redis_url=redis.url if redis is not None else None,
        )
        server.start()
        try:
            upload(server, os.urandom(MB))  # warm-up: imports, first database writes
            rows = [run(server, args.size, n) for n in counts]
        finally:
            server.close()
            if redis is not None:
                redis.stop()
    layer = "Redis layer" if args.redis else "in-memory layer"
    print(f"Uploads of {args.size} MB over loopback, one uvicorn process, {layer}\n")
    print("| concurrent uploads | MB/s (all together) | server RSS growth per upload (MB) |")
    print("|---:|---:|---:|")
    for row in rows:
        print(f"| {row['concurrency']} | {row['mb_per_s']:.1f} | {row['rss_mb_per_upload']:.1f} |")


if __name__ == "__main__":
    main()
