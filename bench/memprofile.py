"""Where a server's memory per idle connection goes (tracemalloc), for scenario 4.

    bench/.venv-bench/bin/python bench/memprofile.py --server ours --clients 2000
    bench/.venv-bench/bin/python bench/memprofile.py --server floor
    bench/.venv-original/bin/python bench/memprofile.py --server original

Runs uvicorn (same options as run.py) in this process under tracemalloc, and
the N idle WebSocket clients in a child process. Prints the allocation
sites that grew between "one probe connection open" and "N more connections
open", per connection, and writes the same text to --out if given. This shows
Python-allocator memory only: buffers malloc'ed by C code (libuv, OpenSSL,
kernel socket buffers) are not in it, which is why the total is below the RSS
growth scenario 4 measures.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
import time
import tracemalloc
from pathlib import Path

BENCH = Path(__file__).resolve().parent
APPS = BENCH / "apps"
sys.path.insert(0, str(BENCH))
sys.path.insert(0, str(APPS))

from wsclient import connect  # noqa: E402

CLIENT = f"""
import asyncio, sys
sys.path.insert(0, {str(BENCH)!r})
from wsclient import connect
async def main(port, path, n):
    sem = asyncio.Semaphore(100)
    clients = []
    async def one():
        async with sem:
            try:
                clients.append(await connect("127.0.0.1", port, path, lambda c, p: None, timeout=60))
            except Exception:
                pass
    await asyncio.gather(*(one() for _ in range(n)))
    print(len(clients), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)
    for c in clients:
        c.abort()
import resource
s, h = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (h, h))
asyncio.run(main(int(sys.argv[1]), sys.argv[2], int(sys.argv[3])))
"""


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def short(path: str) -> str:
    for marker in ("site-packages/", "/src/", "/bench/apps/", "/lib/python3."):
        i = path.find(marker)
        if i >= 0:
            rest = path[i + len(marker) :]
            return rest.split("/", 1)[1] if marker == "/lib/python3." and "/" in rest else rest
    return path


async def main(a) -> str:
    import resource

    import uvicorn

    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    if a.server == "floor":
        app = "floor_app:application"
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
        app = "benchsite.asgi:application"
    config = uvicorn.Config(
        app, host="127.0.0.1", port=a.port, loop="none", http="httptools", ws="websockets-sansio",
        lifespan="off", log_level="warning", access_log=False, backlog=4096,
    )  # fmt: skip
    server = uvicorn.Server(config)
    serve = asyncio.get_running_loop().create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.05)
    room = "bench"
    if a.server != "floor":
        import http.client
        import re

        conn = http.client.HTTPConnection("127.0.0.1", a.port, timeout=5)
        await asyncio.to_thread(conn.request, "GET", "/")
        body = (await asyncio.to_thread(conn.getresponse)).read()
        m = re.search(rb'data-room="([^"]+)"', body)
        room = m.group(1).decode() if m else room
    path = f"/ws/liveview/{room}/"

    def ignore(c, p):
        pass

    probe = await connect("127.0.0.1", a.port, path, ignore)
    probe.send_text('{"function":"say_hello","form":{"name":"x"},"data":{},"lang":"en","room":"r"}')
    await asyncio.sleep(0.3)
    gc.collect()
    tracemalloc.start(a.depth)
    snap0 = tracemalloc.take_snapshot()
    rss0 = rss()
    # The N idle clients live in a child process, so only the server allocates here.
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-c", CLIENT, str(a.port), path, str(a.clients),
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    t0 = time.perf_counter()
    line = await asyncio.wait_for(child.stdout.readline(), 600)
    print(f"[memprofile] clients ready after {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    elapsed = time.perf_counter() - t0
    opened = int(line.split()[0]) if line.strip() else 0
    await asyncio.sleep(1.0)
    gc.collect()
    snap1 = tracemalloc.take_snapshot()
    rss1 = rss()
    excluded = [tracemalloc.Filter(False, f"*{n}", all_frames=True) for n in ("memprofile.py",)]
    excluded.append(tracemalloc.Filter(False, tracemalloc.__file__))
    s0, s1 = snap0.filter_traces(excluded), snap1.filter_traces(excluded)
    n = max(opened, 1)
    lines = [
        f"# Memory per idle connection: {a.server}, {n} connections (tracemalloc, server side only)",
        "",
        f"Server RSS grew {(rss1 - rss0) / n / 1024:.1f} KB per connection (tracemalloc's own bookkeeping "
        f"included); {opened} connected in {elapsed:.1f} s.",
    ]
    total = sum(st.size_diff for st in s1.compare_to(s0, "filename"))
    lines += [
        f"Python allocations of the server grew {total / n / 1024:.1f} KB per connection.",
        "",
    ]
    lines += [
        "## By file",
        "",
        "| file | bytes / connection | blocks / connection |",
        "|---|---|---|",
    ]
    for st in s1.compare_to(s0, "filename")[: a.top]:
        if st.size_diff <= 0:
            continue
        fname = st.traceback[0].filename
        lines.append(f"| {short(fname)} | {st.size_diff / n:.0f} | {st.count_diff / n:.1f} |")
    lines += ["", "## By line (innermost frame)", "", "| line | bytes / connection | blocks / connection |",
              "|---|---|---|"]  # fmt: skip
    for st in s1.compare_to(s0, "lineno")[: a.top]:
        if st.size_diff <= 0:
            continue
        fr = st.traceback[0]
        lines.append(
            f"| {short(fr.filename)}:{fr.lineno} | {st.size_diff / n:.0f} | {st.count_diff / n:.1f} |"
        )
    lines += ["", "## By call site in liveview / channels / asgiref / django (first such frame from the inside)", "",
              "| frame | bytes / connection |", "|---|---|"]  # fmt: skip
    by_site: dict[str, int] = {}
    for st in s1.compare_to(s0, "traceback"):
        if st.size_diff <= 0:
            continue
        site = None
        for fr in reversed(st.traceback):  # innermost first (tracemalloc stores most recent last)
            name = short(fr.filename)
            if name.startswith(
                ("liveview/", "channels/", "asgiref/", "django/", "floor_app", "bench_")
            ):
                site = f"{name}:{fr.lineno}"
                break
        site = (
            site
            or f"(uvicorn/websockets/asyncio) {short(st.traceback[-1].filename)}:{st.traceback[-1].lineno}"
        )
        by_site[site] = by_site.get(site, 0) + st.size_diff
    for site, size in sorted(by_site.items(), key=lambda kv: -kv[1])[: a.top]:
        lines.append(f"| {site} | {size / n:.0f} |")
    child.stdin.close()
    await asyncio.wait_for(child.wait(), 30)
    probe.abort()
    server.should_exit = True
    await asyncio.wait_for(serve, 10)
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--server", default="ours", choices=("ours", "original", "floor"))
    ap.add_argument("--clients", type=int, default=1000)
    ap.add_argument("--port", type=int, default=18765)
    ap.add_argument("--depth", type=int, default=8, help="traceback frames kept per allocation")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--out", default="")
    args = ap.parse_args()
    import uvloop

    text = uvloop.run(main(args))
    print(text)
    if args.out:
        Path(args.out).write_text(text)
