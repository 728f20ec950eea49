"""Load generator: one scenario per run, one JSON object on stdout.

Run by run.py pinned to the second core (``taskset -c 1``) while the server
under test has the first one. Every loop is bounded by a count and a deadline.

    python loadgen.py latency    --port P --calls 3000 --warmup 300
    python loadgen.py throughput --port P --conns 50 --function say_hello --warmup-s 2 --measure-s 8 --server-pid PID
    python loadgen.py broadcast  --port P --clients 1000 --rounds 20 --server-pid PID
    python loadgen.py idle       --port P --clients 10000 --server-pid PID
    python loadgen.py scale      --port P --steps 1000,5000,10000,20000 --redis-port R
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import math
import os
import resource
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from wsclient import WSClient, connect, encode_text

perf = time.perf_counter
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
SERVER_CPU = "cpu" + os.environ.get("BENCH_SERVER_CORE", "0")


# Helpers ---------------------------------------------------------------------------


def raise_nofile() -> int:
    """The open-file limit as high as this process may set it (as root, past the
    hard limit: the scale scenario holds 20,000 sockets)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        with open("/proc/sys/fs/nr_open") as f:
            wanted = max(hard, min(int(f.read()), 1 << 20))
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, wanted))
    except (OSError, ValueError):
        if soft < hard:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def redis_command_calls(port: int) -> int:
    """Commands Redis has run since it started (INFO commandstats, summed)."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(b"INFO commandstats\r\n")
        data = b""
        while b"\r\n" not in data:
            data += sock.recv(65536)
        header, _, rest = data.partition(b"\r\n")
        size = int(header[1:])
        while len(rest) < size + 2:
            rest += sock.recv(65536)
    total = 0
    for line in rest[:size].decode().splitlines():
        if line.startswith("cmdstat_"):
            total += int(line.split("calls=", 1)[1].split(",", 1)[0])
    return total


def proc_cpu(pid: int) -> float:
    """utime + stime of the whole process (all threads), in seconds."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def proc_rss(pid: int) -> int:
    """Resident set size in bytes."""
    with open(f"/proc/{pid}/statm") as f:
        return int(f.read().split()[1]) * PAGE_SIZE


def core_busy() -> dict[str, float]:
    """Seconds each CPU spent running processes (user, nice, system) since boot, from /proc/stat."""
    out = {}
    with open("/proc/stat") as f:
        for line in f:
            if line.startswith("cpu") and line[3].isdigit():
                name, *vals = line.split()
                v = [int(x) for x in vals]
                # user + nice + system only: irq/softirq time is mostly the loopback
                # traffic of the benchmark itself, not someone else's process.
                out[name] = (v[0] + v[1] + v[2]) / CLK_TCK
    return out


def process_tree(pid: int) -> list[int]:
    """``pid`` and its children, recursively (uvicorn --workers: the master and its workers)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo += [int(x) for x in f.read().split()]
        except OSError:
            pass
    return out


def tree_cpu(pids: list[int]) -> float:
    total = 0.0
    for p in pids:
        try:
            total += proc_cpu(p)
        except OSError:
            pass
    return total


class GCTimer:
    """Time this process spends in the cyclic garbage collector, per generation
    (``gc.callbacks``): the load generator holds every socket, so a full collection
    walks all of them."""

    def __init__(self) -> None:
        self.seconds = [0.0, 0.0, 0.0]
        self.count = [0, 0, 0]
        self._t = 0.0
        gc.callbacks.append(self._cb)

    def _cb(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._t = perf()
        else:
            g = info["generation"]
            self.seconds[g] += perf() - self._t
            self.count[g] += 1

    def snapshot(self) -> tuple[list[float], list[int]]:
        return list(self.seconds), list(self.count)


def progress(phase: str, clients: int) -> None:
    """A timestamped phase change on stderr (scaleprofile.py lines profiles up with it)."""
    print(
        json.dumps({"t": time.time(), "phase": phase, "clients": clients}),
        file=sys.stderr,
        flush=True,
    )


def self_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def pct(sorted_values: list[float], q: float) -> float | None:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return None
    idx = max(0, min(len(sorted_values) - 1, math.ceil(q * len(sorted_values)) - 1))
    return sorted_values[idx]


def summarize_ms(samples_s: list[float]) -> dict:
    xs = sorted(samples_s)
    out = {"n": len(xs)}
    for name, q in (("p50", 0.5), ("p90", 0.9), ("p99", 0.99)):
        v = pct(xs, q)
        out[name + "_ms"] = None if v is None else v * 1000
    out["mean_ms"] = (sum(xs) / len(xs) * 1000) if xs else None
    out["max_ms"] = xs[-1] * 1000 if xs else None
    return out


def call_frame(function: str) -> bytes:
    # What the browser client sends for <div><input name="name"><button data-liveview-function=...>.
    return encode_text(
        json.dumps(
            {
                "function": function,
                "form": {"name": "World"},
                "data": {"dataSeq": "1"},
                "lang": "en",
                "room": "bench",
            },
            separators=(",", ":"),
        )
    )


def check_reply(payload: bytes) -> str | None:
    """None if ``payload`` is the expected greeting update, else a description."""
    try:
        msg = json.loads(payload)
    except ValueError:
        return f"not JSON: {payload[:200]!r}"
    if (
        not isinstance(msg, dict)
        or msg.get("target") != "#greeting"
        or len(msg.get("html", "")) < 500
    ):
        return f"unexpected reply: {payload[:300]!r}"
    return None


async def open_many(
    host: str,
    port: int,
    path: str,
    n: int,
    on_text,
    concurrency: int = 100,
    deadline: float = 120.0,
    per_source: int = 0,
    first: int = 0,
):
    """Open ``n`` connections, at most ``concurrency`` handshakes in flight.

    ``per_source`` > 0 spreads them over local addresses, that many per address
    (``source_address``); ``first`` is the number of this batch's first connection."""
    clients: list[WSClient] = []
    errors: list[str] = []
    sem = asyncio.Semaphore(concurrency)
    stop_at = perf() + deadline

    async def one(i: int) -> None:
        async with sem:
            if perf() > stop_at:
                errors.append("deadline")
                return
            try:
                source = source_address(first + i, per_source) if per_source else None
                clients.append(await connect(host, port, path.format(i=i), on_text, source=source))
            except Exception as exc:  # refused, reset, handshake rejected, timeout
                errors.append(f"{type(exc).__name__}: {exc}"[:200])

    t0 = perf()
    await asyncio.gather(*(one(i) for i in range(n)))
    return clients, errors, perf() - t0


def source_address(i: int, per_source: int) -> str:
    """The local address of connection ``i``: 127.0.0.2 for the first ``per_source``,
    then 127.0.0.3, ...

    Why: Linux picks a connect()'s local port by probing the ephemeral range
    (ip_local_port_range, 32768-60999 by default) for one not yet used toward the
    same destination, even ports first. With every socket from 127.0.0.1 to one
    server port, the even ports run out at about 14,000 sockets and from then on each
    connect() probes all of them first: about 1.5 ms of kernel CPU per connect in the
    load generator at 15,000-19,000 sockets (docs/performance.md, row 7), which is
    the client's cost, not the server's. Each local address has a port range of its
    own; real tabs come from many addresses anyway."""
    n = 2 + i // per_source
    return f"127.0.{n // 256}.{n % 256}"


def first_reply_check(client: WSClient, frame: bytes, timeout: float = 5.0):
    """Send one call and wait for its reply; returns (error or None)."""
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    previous = client.on_text

    def on_text(c, payload):
        if not fut.done():
            fut.set_result(payload)

    client.on_text = on_text

    async def run():
        await asyncio.sleep(0.05)  # a server that refuses the room closes right after accepting
        try:
            client.send_frame(frame)
            payload = await asyncio.wait_for(fut, timeout)
        except ConnectionError as exc:
            return str(exc)
        except TimeoutError:
            return f"no reply within {timeout:.0f} s"
        finally:
            client.on_text = previous
        return check_reply(payload)

    return run()


async def sequential_calls(
    client: WSClient, frame: bytes, count: int, deadline_s: float
) -> list[float]:
    """``count`` calls one after the other on one connection; round-trip times in s."""
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    samples: list[float] = []
    state = {"t": 0.0, "left": count}
    stop_at = perf() + deadline_s
    previous = client.on_text

    def on_text(c, payload):
        now = perf()
        samples.append(now - state["t"])
        state["left"] -= 1
        if state["left"] > 0 and now < stop_at:
            state["t"] = perf()
            c.send_frame(frame)
        elif not done.done():
            done.set_result(None)

    client.on_text = on_text
    try:
        state["t"] = perf()
        client.send_frame(frame)
        await asyncio.wait_for(done, deadline_s + 5)
    finally:
        client.on_text = previous
    return samples


def ignore(client, payload):
    pass


# Scenarios -------------------------------------------------------------------------


async def scenario_latency(a) -> dict:
    client = await connect(a.host, a.port, a.path.format(i=0), ignore)
    frame = call_frame(a.function)
    err = await first_reply_check(client, frame)
    if err:
        return {"error": err}
    await sequential_calls(client, frame, a.warmup, a.time_limit / 3)
    gc.collect()
    gc.disable()
    cpu0, busy0, t0 = proc_cpu(a.server_pid), core_busy()[SERVER_CPU], perf()
    samples = await sequential_calls(client, frame, a.calls, a.time_limit / 2)
    cpu1, busy1, t1 = proc_cpu(a.server_pid), core_busy()[SERVER_CPU], perf()
    gc.enable()
    client.close()
    return {
        "function": a.function,
        "server_cpu_us_per_msg": (cpu1 - cpu0) / len(samples) * 1e6 if samples else None,
        "foreign_util_server_core": max(0.0, (busy1 - busy0) - (cpu1 - cpu0)) / (t1 - t0),
        **summarize_ms(samples),
    }


async def scenario_throughput(a) -> dict:
    frame = call_frame(a.function)
    clients, errors, connect_s = await open_many(a.host, a.port, a.path, a.conns, ignore)
    if errors:
        for c in clients:
            c.abort()
        return {"error": f"{len(errors)} connections failed: {errors[0]}"}
    err = await first_reply_check(clients[0], frame)
    if err:
        for c in clients:
            c.abort()
        return {"error": err}

    loop = asyncio.get_running_loop()
    st = {"running": True, "measuring": False, "count": 0, "outstanding": 0}
    lat: list[float] = []
    drained = loop.create_future()

    def on_text(c, payload):
        now = perf()
        if st["measuring"]:
            lat.append(now - c.user)
        st["count"] += 1
        if st["running"]:
            c.user = perf()
            c.send_frame(frame)
        else:
            st["outstanding"] -= 1
            if st["outstanding"] == 0 and not drained.done():
                drained.set_result(None)

    for c in clients:
        c.on_text = on_text
    for c in clients:
        c.user = perf()
        c.send_frame(frame)
    await asyncio.sleep(a.warmup_s)
    gc.collect()
    gc.disable()
    c0, cpu0, me0, busy0, t0 = st["count"], proc_cpu(a.server_pid), self_cpu(), core_busy(), perf()
    st["measuring"] = True
    # The window is cut into ~1 s slices; messages/s is the median slice, so a burst of
    # someone else's work on the server's core moves it less than it moves the mean.
    slices = max(1, round(a.measure_s / a.slice_s))
    rates: list[float] = []
    foreign: list[float] = []
    prev = (c0, t0, cpu0, busy0[SERVER_CPU])
    for _ in range(slices):
        await asyncio.sleep(a.measure_s / slices)
        now = (st["count"], perf(), proc_cpu(a.server_pid), core_busy()[SERVER_CPU])
        dt = now[1] - prev[1]
        rates.append((now[0] - prev[0]) / dt)
        foreign.append(max(0.0, (now[3] - prev[3]) - (now[2] - prev[2])) / dt)
        prev = now
    st["measuring"] = False
    c1, cpu1, me1, busy1, t1 = st["count"], proc_cpu(a.server_pid), self_cpu(), core_busy(), perf()
    gc.enable()
    st["running"] = False
    st["outstanding"] = len(clients)
    try:
        await asyncio.wait_for(drained, 10)
    except TimeoutError:
        pass
    for c in clients:
        c.close()
    await asyncio.sleep(0.2)
    wall = t1 - t0
    msgs = c1 - c0
    return {
        "function": a.function,
        "conns": a.conns,
        "connect_s": connect_s,
        "messages": msgs,
        "wall_s": wall,
        "msgs_per_s": sorted(rates)[len(rates) // 2],
        "msgs_per_s_mean": msgs / wall,
        "slice_rates": [round(r) for r in rates],
        "slice_foreign_util": [round(f, 2) for f in foreign],
        "server_cpu_s": cpu1 - cpu0,
        "server_cpu_util": (cpu1 - cpu0) / wall,
        "server_cpu_us_per_msg": (cpu1 - cpu0) / msgs * 1e6 if msgs else None,
        "loader_cpu_util": (me1 - me0) / wall,
        # CPU used on the server's core by anything but the server: other people's
        # processes on a shared machine. High values mean a noisy number.
        "foreign_util_server_core": max(
            0.0, (busy1[SERVER_CPU] - busy0[SERVER_CPU]) - (cpu1 - cpu0)
        )
        / wall,
        **summarize_ms(lat),
    }


async def scenario_broadcast(a) -> dict:
    loop = asyncio.get_running_loop()
    st = {"count": 0, "first": 0.0, "target": a.clients}
    box: dict = {"done": None}

    def on_text(c, payload):
        now = perf()
        st["count"] += 1
        if st["count"] == 1:
            st["first"] = now
        if st["count"] == st["target"] and box["done"] is not None and not box["done"].done():
            box["done"].set_result(now)

    receivers, errors, connect_s = await open_many(a.host, a.port, a.path, a.clients, on_text)
    if errors:
        for c in receivers:
            c.abort()
        return {"error": f"{len(errors)} connections failed: {errors[0]}"}
    trigger = await connect(a.host, a.port, a.path.format(i="trigger"), ignore)
    frame = call_frame("broadcast_hello")
    await asyncio.sleep(0.5)  # let every group_add land (Redis)

    last: list[float] = []
    first: list[float] = []
    error = None
    cpu0, busy0, tb0 = proc_cpu(a.server_pid), core_busy()[SERVER_CPU], perf()
    for r in range(a.warmup + a.rounds):
        st["count"] = 0
        box["done"] = loop.create_future()
        gc.collect()
        gc.disable()
        t0 = perf()
        trigger.send_frame(frame)
        try:
            t_last = await asyncio.wait_for(box["done"], a.round_timeout)
        except TimeoutError:
            error = f"round {r}: only {st['count']} of {a.clients} clients received the broadcast within {a.round_timeout} s"
            gc.enable()
            break
        gc.enable()
        if r >= a.warmup:
            last.append(t_last - t0)
            first.append(st["first"] - t0)
        await asyncio.sleep(a.pause_s)
        if st["count"] != a.clients:
            error = f"round {r}: {st['count']} deliveries for {a.clients} clients"
            break
    cpu1, busy1, tb1 = proc_cpu(a.server_pid), core_busy()[SERVER_CPU], perf()
    for c in receivers:
        c.abort()
    trigger.abort()
    if error:
        return {"error": error}
    out = {
        "clients": a.clients,
        "connect_s": connect_s,
        "foreign_util_server_core": max(0.0, (busy1 - busy0) - (cpu1 - cpu0)) / (tb1 - tb0),
        **summarize_ms(last),
    }
    out["first_p50_ms"] = summarize_ms(first)["p50_ms"]
    return out


async def scenario_idle(a) -> dict:
    frame = call_frame("say_hello")
    probe = await connect(a.host, a.port, a.path.format(i="probe"), ignore)
    err = await first_reply_check(probe, frame)
    if err:
        return {"error": err}
    await sequential_calls(probe, frame, a.probe_calls, 10)  # warm-up
    before = summarize_ms(await sequential_calls(probe, frame, a.probe_calls, 10))
    await asyncio.sleep(a.settle_s)
    rss0 = proc_rss(a.server_pid)
    cpu0, busy0 = proc_cpu(a.server_pid), core_busy()[SERVER_CPU]
    clients, errors, connect_s = await open_many(
        a.host,
        a.port,
        a.path,
        a.clients,
        ignore,
        concurrency=a.concurrency,
        deadline=a.time_limit / 2,
    )
    cpu1, busy1 = proc_cpu(a.server_pid), core_busy()[SERVER_CPU]
    await asyncio.sleep(a.settle_s)
    rss1 = proc_rss(a.server_pid)
    during = summarize_ms(await sequential_calls(probe, frame, a.probe_calls, 10))
    opened = len(clients)
    for c in clients:
        c.abort()
    probe.abort()
    out = {
        "clients": a.clients,
        "opened": opened,
        "failed": len(errors),
        "connect_s": connect_s,
        "connects_per_s": opened / connect_s if connect_s else None,
        "server_cpu_us_per_connect": (cpu1 - cpu0) / opened * 1e6 if opened else None,
        "rss_before_mb": rss0 / 2**20,
        "rss_after_mb": rss1 / 2**20,
        "kb_per_conn": (rss1 - rss0) / 1024 / opened if opened else None,
        "probe_p50_ms_before": before["p50_ms"],
        "probe_p50_ms": during["p50_ms"],
        "probe_p90_ms": during["p90_ms"],
        "foreign_util_server_core": max(0.0, (busy1 - busy0) - (cpu1 - cpu0)) / connect_s
        if connect_s
        else None,
    }
    if errors:
        # A server that opens most of them but too slowly still gets its numbers (for
        # the connections it did open); one that refuses them gets an error.
        key = "warning" if opened >= a.clients / 2 else "error"
        out[key] = f"{len(errors)} of {a.clients} connections not opened: {errors[0]}"
        if errors[0] == "deadline":
            out[key] = (
                f"only {opened} of {a.clients} connections opened within the {a.time_limit / 2:.0f} s limit"
            )
    return out


async def scenario_scale(a) -> dict:
    """Several server processes on Redis: connects/s as the count grows, then a
    broadcast to everyone (trigger → last receiver), and Redis commands for each."""
    loop = asyncio.get_running_loop()
    st = {"count": 0, "target": 0}
    box: dict = {"done": None}

    def on_text(c, payload):
        st["count"] += 1
        if st["count"] == st["target"] and box["done"] is not None and not box["done"].done():
            box["done"].set_result(perf())

    receivers: list[WSClient] = []
    steps: list[dict] = []
    out: dict = {"steps": steps}
    server_pids = process_tree(a.server_pid) if a.server_pid else []
    gct = GCTimer()
    # As in the other scenarios, no garbage collection while measuring (it was 4-20% of
    # the load generator's CPU per connect here; the timer shows any that still runs).
    gc.collect()
    gc.disable()
    for target in [int(x) for x in a.steps.split(",")]:
        progress("connect", target)
        calls0 = redis_command_calls(a.redis_port)
        cpu0, scpu0, (gcs0, gcn0) = self_cpu(), tree_cpu(server_pids), gct.snapshot()
        clients, errors, seconds = await open_many(
            a.host, a.port, a.path, target - len(receivers), on_text, concurrency=a.concurrency,
            deadline=a.time_limit / 2, per_source=a.per_source, first=len(receivers),
        )  # fmt: skip
        cpu1, scpu1, (gcs1, gcn1) = self_cpu(), tree_cpu(server_pids), gct.snapshot()
        if server_pids and sorted(process_tree(a.server_pid)) != sorted(server_pids):
            # uvicorn replaced a worker (one that missed its health check, e.g. on a busy
            # machine): its sockets were reset and its CPU time is gone from the sum.
            out["workers_replaced"] = True
            server_pids = process_tree(a.server_pid)
            scpu1 = scpu0 = 0.0
        calls1 = redis_command_calls(a.redis_port)
        receivers += clients
        n = len(clients) or 1
        steps.append({
            "clients": len(receivers),
            "connects_per_s": len(clients) / seconds if seconds else None,
            "redis_cmds_per_connect": (calls1 - calls0 - 1) / len(clients) if clients else None,
            # Who pays for a connect: the load generator (one process) and the server
            # (every worker); the loadgen's share in its garbage collector, per generation.
            "loadgen_cpu_us_per_connect": (cpu1 - cpu0) / n * 1e6,
            "server_cpu_us_per_connect": (scpu1 - scpu0) / n * 1e6 if scpu1 else None,
            "loadgen_gc_us_per_connect": [(b - a_) / n * 1e6 for a_, b in zip(gcs0, gcs1, strict=True)],
            "loadgen_gc_collections": [b - a_ for a_, b in zip(gcn0, gcn1, strict=True)],
        })  # fmt: skip
        if errors:
            out["error"] = f"{len(errors)} connections failed on the way to {target}: {errors[0]}"
            break
    if "error" not in out:
        trigger = await connect(a.host, a.port, a.path.format(i="trigger"), ignore)
        await asyncio.sleep(a.settle_s)  # every process's group_add lands in Redis
        frame = call_frame("broadcast_hello")
        progress("broadcast", len(receivers))
        last: list[float] = []
        busy: list[float] = []  # the load generator's CPU ÷ wall time, trigger → last
        server_busy: list[float] = []  # the same for all the workers together (cores)
        server_cpu: list[float] = []  # CPU seconds of all the workers, trigger → last
        calls0 = redis_command_calls(a.redis_port)
        for r in range(a.warmup + a.rounds):
            st["count"], st["target"] = 0, len(receivers)
            box["done"] = loop.create_future()
            c0, s0 = self_cpu(), tree_cpu(server_pids)
            t0 = perf()
            trigger.send_frame(frame)
            try:
                t_last = await asyncio.wait_for(box["done"], a.round_timeout)
                wall = perf() - t0
                if r >= a.warmup and wall > 0:
                    busy.append((self_cpu() - c0) / wall)
                    server_cpu.append(tree_cpu(server_pids) - s0)
                    server_busy.append(server_cpu[-1] / wall)
            except TimeoutError:
                out["error"] = (
                    f"round {r}: only {st['count']} of {len(receivers)} clients received the "
                    f"broadcast within {a.round_timeout} s"
                )
                break
            if r >= a.warmup:
                last.append(t_last - t0)
            await asyncio.sleep(a.pause_s)
        calls1 = redis_command_calls(a.redis_port)
        progress("end", len(receivers))
        trigger.abort()
        if last:
            out.update(summarize_ms(last))
            out["loadgen_busy_during_broadcast"] = sorted(busy)[len(busy) // 2] if busy else None
            out["server_cores_busy_during_broadcast"] = (
                sorted(server_busy)[len(server_busy) // 2] if server_busy else None
            )
            # Load on the machine stretches the wall time, not this: the workers' CPU
            # per delivered frame (ticks of 10 ms per process: a median over rounds).
            out["server_cpu_us_per_frame"] = (
                sorted(server_cpu)[len(server_cpu) // 2] / len(receivers) * 1e6
                if server_cpu
                else None
            )
            out["redis_cmds_per_broadcast"] = (calls1 - calls0 - 1) / (a.warmup + a.rounds)
    gc.enable()
    for c in receivers:
        c.abort()
    out["clients"] = len(receivers)
    out["per_source"] = a.per_source
    rates = [s["connects_per_s"] for s in steps if s["connects_per_s"]]
    if len(rates) >= 2:
        out["connects_per_s_last_vs_first"] = rates[-1] / rates[0]
    per_connect = [s["redis_cmds_per_connect"] for s in steps if s["redis_cmds_per_connect"]]
    if per_connect:
        out["redis_cmds_per_connect"] = sum(per_connect) / len(per_connect)
    return out


SCENARIOS = {
    "scale": scenario_scale,
    "latency": scenario_latency,
    "throughput": scenario_throughput,
    "broadcast": scenario_broadcast,
    "idle": scenario_idle,
}


def main() -> None:
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("scenario", choices=sorted(SCENARIOS))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--path", default="/ws/liveview/bench-{i}/", help="{i} is the connection index")
    p.add_argument("--server-pid", type=int, default=0)
    p.add_argument(
        "--time-limit", type=float, default=120.0, help="hard limit for the whole scenario, s"
    )
    p.add_argument("--function", default="say_hello")
    p.add_argument("--calls", type=int, default=3000)
    p.add_argument("--warmup", type=int, default=300, help="calls (latency) or rounds (broadcast)")
    p.add_argument("--conns", type=int, default=50)
    p.add_argument("--warmup-s", type=float, default=2.0)
    p.add_argument("--measure-s", type=float, default=8.0)
    p.add_argument("--slice-s", type=float, default=1.0)
    p.add_argument("--clients", type=int, default=100)
    p.add_argument("--rounds", type=int, default=20)
    p.add_argument("--round-timeout", type=float, default=10.0)
    p.add_argument("--pause-s", type=float, default=0.1)
    p.add_argument("--probe-calls", type=int, default=200)
    p.add_argument("--settle-s", type=float, default=1.5)
    p.add_argument("--concurrency", type=int, default=100)
    p.add_argument("--steps", default="1000,5000,10000,20000", help="scale: connection counts")
    p.add_argument("--redis-port", type=int, default=0)
    p.add_argument(
        "--per-source", type=int, default=0,
        help="scale: connections per local address (127.0.0.2, .3, ...; 0: all from the default one)",
    )  # fmt: skip
    a = p.parse_args()
    raise_nofile()

    async def run() -> dict:
        try:
            return await asyncio.wait_for(SCENARIOS[a.scenario](a), a.time_limit)
        except TimeoutError:
            return {"error": f"scenario exceeded its {a.time_limit:.0f} s limit"}
        except Exception as exc:
            return {"error": f"{type(exc).__name__}: {exc}"[:500]}

    try:
        import uvloop

        result = uvloop.run(run())
    except ImportError:  # pragma: no cover
        result = asyncio.run(run())
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
