"""Profiles one server under one benchmark workload with py-spy; summarises where its CPU goes.

    bench/.venv-bench/bin/python bench/cpuprofile.py                       # ours, sync say_hello, 50 conns
    bench/.venv-bench/bin/python bench/cpuprofile.py --workload async
    bench/.venv-bench/bin/python bench/cpuprofile.py --workload broadcast  # 1,000 clients, in-memory layer
    bench/.venv-bench/bin/python bench/cpuprofile.py --workload broadcast-redis
    bench/.venv-bench/bin/python bench/cpuprofile.py --workload connect    # opening 5,000 idle sockets
    bench/.venv-bench/bin/python bench/cpuprofile.py --server original --workload sync

The server runs pinned to core 0 as in run.py; py-spy (sampling, outside the
process) attaches to it while loadgen.py drives the workload from core 1. Only
samples where a thread is running are kept (py-spy's default), so percentages
are shares of the server's CPU time. Time spent inside C code (uvloop, the
kernel's socket calls, orjson) is charged to the Python function that called it.

Writes to --out (default bench/results/profile-<timestamp>/):
  <server>-<workload>.txt   collapsed stacks (flamegraph.pl / speedscope read it)
  <server>-<workload>.md    top functions by self and inclusive time, and by package
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import run as runner  # noqa: E402

PY_SPY = BENCH / ".venv-bench" / "bin" / "py-spy"

WORKLOADS = {
    # name: (loadgen scenario, loadgen args)
    "sync": ("throughput", {"function": "say_hello", "conns": 50}),
    "async": ("throughput", {"function": "say_hello_async", "conns": 50}),
    "broadcast": ("broadcast", {"clients": 1000, "pause_s": 0.02}),
    "broadcast-redis": ("broadcast", {"clients": 1000, "pause_s": 0.02}),
    "connect": ("idle", {"clients": 5000, "probe_calls": 50, "settle_s": 0.5}),
    "latency": ("latency", {"function": "say_hello", "calls": 10_000_000, "warmup": 200}),
}

_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^():]+)(?::(?P<line>\d+))?\)$")

# A sample whose C frames include one of these is a thread waiting (for work, the
# GIL, a lock or the network), not running: it is dropped, so what remains is CPU.
IDLE_C_FRAMES = (
    "epoll_pwait", "epoll_wait", "pthread_cond_timedwait", "pthread_cond_wait", "PyThread_acquire_lock_timed",
    "take_gil", "sem_wait", "sem_timedwait", "sem_clockwait", "futex", "__select", "select", "poll", "ppoll",
    "nanosleep", "clock_nanosleep", "_queue_SimpleQueue_get_impl",
)  # fmt: skip


# Without C frames, a sample whose innermost Python frame is one of these is a
# thread blocked in C (an idle pool thread, a Condition wait): dropped as well.
IDLE_PY_LEAVES = {
    ("_worker", "concurrent/futures/thread.py"), ("wait", "threading.py"), ("_wait_for_tstate_lock", "threading.py"),
    ("get", "queue.py"),
    # uvicorn --workers: each worker's pong thread waits on its pipe to the supervisor.
    ("Connection._recv", "multiprocessing/connection.py"),
}  # fmt: skip


# The event loop's own frame as a leaf: uvloop's C code (epoll wait, socket reads and
# writes, callback scheduling). Without C frames its waiting and its work look alike,
# so these samples are counted apart and the tables cover the Python-level rest.
LOOP_LEAVES = {
    ("Runner.run", "asyncio/runners.py"), ("run_until_complete", "asyncio/base_events.py"),
    ("run_forever", "asyncio/base_events.py"), ("BaseEventLoop._run_once", "asyncio/base_events.py"),
}  # fmt: skip


def is_python(file: str) -> bool:
    return file.endswith(".py") or file.startswith("<")


_NATIVE_FILE = re.compile(r"\.(c|h|cc|cpp|pyx)$|\.so(\.[0-9]+)*$|^0x[0-9a-f]+$|^lib")


def is_native(file: str) -> bool:
    """A C frame of ``--native`` sampling (``loop.c``, ``libc.so.6``); garbled frames are neither."""
    return bool(_NATIVE_FILE.search(file))


def short(path: str) -> str:
    for marker in ("site-packages/", "/src/", "/bench/apps/", "/lib/python3."):
        i = path.find(marker)
        if i >= 0:
            rest = path[i + len(marker) :]
            return rest.split("/", 1)[1] if marker == "/lib/python3." and "/" in rest else rest
    return path


def component(path: str) -> str:
    p = short(path)
    top = p.split("/", 1)[0].removesuffix(".py")
    if top in {"asyncio", "concurrent", "threading", "queue", "selectors"}:
        return "asyncio/threads (stdlib)"
    if top in {
        "json",
        "copy",
        "re",
        "logging",
        "hmac",
        "secrets",
        "uuid",
        "hashlib",
        "base64",
        "random",
    }:
        return f"{top} (stdlib)"
    if top in {"bench_common", "bench_handlers"}:
        return "handler work (bench_common)"
    return top


def parse_raw(path: Path) -> tuple[int, list[tuple[list[tuple[str, str]], int]]]:
    stacks = []
    total = 0
    for line in path.read_text(errors="replace").splitlines():
        line = line.rstrip()
        if not line or " " not in line:
            continue
        stack, _, count = line.rpartition(" ")
        try:
            n = int(count)
        except ValueError:
            continue
        frames = []
        for raw in stack.split(";"):
            m = _FRAME.match(raw.strip())
            if m:
                frames.append((m["func"], m["file"]))
            else:
                frames.append((raw.strip(), ""))
        stacks.append((frames, n))
        total += n
    return total, stacks


def summarize(
    path: Path, title: str, top: int = 30, rate: int = 200, digest: dict | None = None
) -> str:
    """Markdown summary of a raw py-spy file; fills ``digest`` with the top lists."""
    all_samples, raw_stacks = parse_raw(path)
    if not all_samples:
        return f"# {title}\n\nNo samples (is py-spy allowed to ptrace? run as root).\n"
    stacks = []
    native_leaf: collections.Counter = collections.Counter()
    loop_samples = 0
    has_native = any(is_native(f) for frames, _ in raw_stacks for _, f in frames)
    for frames, n in raw_stacks:
        last_py = max((i for i, (_, f) in enumerate(frames) if is_python(f)), default=-1)
        below = frames[last_py + 1 :]
        if any(fn.startswith(IDLE_C_FRAMES) for fn, _ in below):
            continue
        if below:
            native_leaf[below[-1][0]] += n
        py = [fr for fr in frames if is_python(fr[1])]
        if py and (py[-1][0], short(py[-1][1])) in IDLE_PY_LEAVES:
            continue
        if not has_native and py and (py[-1][0], short(py[-1][1])) in LOOP_LEAVES:
            loop_samples += n
            continue
        if py:
            stacks.append((py, n))
    total = sum(n for _, n in stacks)
    if not total:
        return f"# {title}\n\nOnly idle samples.\n"
    self_t: collections.Counter = collections.Counter()
    incl: collections.Counter = collections.Counter()
    comp: collections.Counter = collections.Counter()
    comp_incl: collections.Counter = collections.Counter()
    for frames, n in stacks:
        func, file = frames[-1]
        self_t[(func, short(file))] += n
        comp[component(file)] += n
        for key in {(f, short(p)) for f, p in frames}:
            incl[key] += n
        for c in {component(p) for _, p in frames if p}:
            comp_incl[c] += n

    def pct(n: int) -> str:
        return f"{100 * n / total:.1f}%"

    if has_native:
        how = (
            f"{total} samples of running threads (≈ {total / rate:.1f} CPU-seconds) out of {all_samples} "
            "thread samples; waits (epoll, GIL, locks, idle pool threads) recognised from C frames and dropped. "
        )
    else:
        share = 100 * loop_samples / (loop_samples + total)
        how = (
            f"{total} samples in Python code. Not counted: idle pool threads, and {loop_samples} samples "
            f"({share:.0f}% of the rest) with the event loop itself as the innermost frame (`Runner.run`: "
            "uvloop's C code — epoll wait, socket reads/writes, callback scheduling — idle or busy, which "
            "non-native sampling cannot tell apart). Percentages are shares of the Python-level samples. "
        )
    lines = [
        f"# {title}",
        "",
        how
        + "Self time of a Python function includes the C code it calls (socket writes, orjson).",
        "",
    ]
    lines += [
        "## By package (self time: where the CPU is spent)",
        "",
        "| package | self | inclusive |",
        "|---|---|---|",
    ]
    for c, n in comp.most_common(20):
        lines.append(f"| {c} | {pct(n)} | {pct(comp_incl[c])} |")
    lines += [
        "",
        f"## Top {top} functions by self time",
        "",
        "| function | file | self |",
        "|---|---|---|",
    ]
    for (f, p), n in self_t.most_common(top):
        lines.append(f"| `{f}` | {p} | {pct(n)} |")
    lines += ["", f"## Top {top + 10} functions by inclusive time", "", "| function | file | inclusive |",
              "|---|---|---|"]  # fmt: skip
    for (f, p), n in incl.most_common(top + 10):
        lines.append(f"| `{f}` | {p} | {pct(n)} |")
    if native_leaf:
        lines += ["", "## Top C functions at the leaf", "", "| C function | self |", "|---|---|"]
        for f, n in native_leaf.most_common(12):
            lines.append(f"| `{f}` | {pct(n)} |")
    lines.append("")
    if digest is not None:
        digest.update({
            "samples": total,
            "loop_leaf_samples": loop_samples,
            "packages": [[c, round(100 * n / total, 1), round(100 * comp_incl[c] / total, 1)]
                         for c, n in comp.most_common(12)],
            "self": [[f, p, round(100 * n / total, 1)] for (f, p), n in self_t.most_common(15)],
            "inclusive": [[f, p, round(100 * n / total, 1)] for (f, p), n in incl.most_common(40)],
        })  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--server", default="ours", choices=runner.SERVERS)
    ap.add_argument("--workload", default="sync", choices=sorted(WORKLOADS))
    ap.add_argument("--seconds", type=float, default=15.0)
    ap.add_argument("--rate", type=int, default=200, help="py-spy samples per second")
    ap.add_argument("--out", default="")
    ap.add_argument(
        "--native",
        action="store_true",
        help="also sample C frames; pauses the process per sample, which biases samples toward "
        "syscalls (getpid/read/write look bigger than they are)",
    )
    a = ap.parse_args()
    runner.raise_nofile()
    out = Path(a.out) if a.out else runner.RESULTS / f"profile-{time.strftime('%Y%m%d-%H%M%S')}"
    out.mkdir(parents=True, exist_ok=True)
    name = f"{a.server}-{a.workload}"
    redis = runner.Redis(out) if a.workload == "broadcast-redis" else None
    server = None
    try:
        server = runner.start_server(a.server, out, a.workload, redis.url if redis else None)
        scenario, kw = WORKLOADS[a.workload]
        kw = dict(kw)
        warm = 2.0
        if scenario == "latency":
            kw.update(time_limit=2 * (a.seconds + 6))
        if scenario == "throughput":
            kw.update(warmup_s=warm, measure_s=a.seconds + 3)
        elif scenario == "broadcast":
            kw.update(rounds=int(a.seconds / 0.05) + 50, warmup=2, round_timeout=20)
        result: dict = {}

        def drive() -> None:
            limit = kw.pop("time_limit", a.seconds + 60)
            result.update(runner.loadgen(server, scenario, limit, **kw))

        t = threading.Thread(target=drive)
        t.start()
        time.sleep(warm if scenario != "idle" else 1.0)
        raw = out / f"{name}.txt"
        spy = subprocess.run(
            ["taskset", "-c", runner.CLIENT_CORE, str(PY_SPY), "record", "--pid", str(server.pid), "--rate", str(a.rate), "--duration",
             str(int(a.seconds)), "--format", "raw", "--output", str(raw),
             *(["--native"] if a.native else ["--nonblocking"])],
            capture_output=True, text=True, timeout=a.seconds + 60,
        )  # fmt: skip
        t.join(a.seconds + 90)
        if spy.returncode != 0:
            print(spy.stderr[-2000:], file=sys.stderr)
        title = (
            f"py-spy profile: {a.server}, workload {a.workload} ({a.seconds:.0f} s at {a.rate} Hz)"
        )
        digest: dict = {"server": a.server, "workload": a.workload, "title": title}
        summary = summarize(raw, title, rate=a.rate, digest=digest)
        brief = {k: (round(v, 2) if isinstance(v, float) else v) for k, v in result.items()}
        summary += (
            f"\nLoad generator result during the profile (py-spy slows the server): `{brief}`\n"
        )
        (out / f"{name}.md").write_text(summary)
        digest["loadgen"] = brief
        (out / f"{name}.json").write_text(json.dumps(digest, indent=1))
        print(summary)
        print(f"written: {out / (name + '.md')} and {raw}")
    finally:
        if server is not None:
            runner.stop_server(server)
        if redis is not None:
            redis.stop()


if __name__ == "__main__":
    main()
