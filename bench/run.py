"""Runs the whole benchmark: three servers, six scenarios, one report.

    bash bench/run.sh            # full run, about 8-10 minutes
    bash bench/run.sh --quick    # reduced run, about 2 minutes

Servers (each one process of uvicorn, pinned to core 0):
  ours      this repository's ``liveview`` (editable install in bench/.venv-bench)
  original  django-liveview==2.5.0 from PyPI (bench/.venv-original)
  floor     a raw ASGI app doing the same work with no framework (apps/floor_app.py)

The load generator (loadgen.py), Redis and Chromium run on core 1. Results go
to bench/results/<timestamp>/ (results.json, report.md, report.png, logs/) and
are copied to bench/results/latest.md and latest.png.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import http.client
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
APPS = BENCH / "apps"
RESULTS = BENCH / "results"
VENV_BENCH = BENCH / ".venv-bench"
VENV_ORIGINAL = BENCH / ".venv-original"
# The project's own virtualenv (scripts/setup.sh): the demo that navigation.py serves needs
# its dependencies (daphne, Pillow, the test helpers), which the bench virtualenvs lack.
VENV_PROJECT = BENCH.parent / ".venv"
OURS_SRC = BENCH.parent / "src" / "liveview"
SERVER_CORE = "0"
CLIENT_CORE = "1"
SERVERS = ("ours", "original", "floor")

sys.path.insert(0, str(BENCH))

import report  # noqa: E402
from loadgen import raise_nofile  # noqa: E402  (servers inherit its limit)

# Parameters ------------------------------------------------------------------------

FULL = {
    "latency": {"warmup": 500, "calls": 5000},
    "throughput": {"conns": [50, 200], "warmup_s": 2.0, "measure_s": 8.0},
    "broadcast": {"clients": [100, 1000], "warmup": 3, "rounds": 30},
    "idle": {"clients": [1000, 5000, 10000], "probe_calls": 300, "settle_s": 2.0},
    "browser": {"warmup": 30, "clicks": 300},
    "navigation": {"warmup": 3, "runs": 30},
    "scale": {"workers": 4, "steps": [1000, 5000, 10000, 20000], "warmup": 2, "rounds": 10},
}
QUICK = {
    "latency": {"warmup": 200, "calls": 1000},
    "throughput": {"conns": [50, 200], "warmup_s": 1.0, "measure_s": 3.0},
    "broadcast": {"clients": [100, 1000], "warmup": 2, "rounds": 8},
    "idle": {"clients": [500, 2000], "probe_calls": 100, "settle_s": 1.0},
    "browser": {"warmup": 10, "clicks": 50},
    "navigation": {"warmup": 2, "runs": 10},
    "scale": {"workers": 4, "steps": [1000, 4000], "warmup": 1, "rounds": 5},
}
HANDLERS = {"sync": "say_hello", "async": "say_hello_async"}
ALL_SCENARIOS = (
    "latency",
    "throughput",
    "broadcast",
    "redis",
    "idle",
    "browser",
    "navigation",
    "bundle",
    "scale",
)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(port: int, path: str, timeout: float = 5.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


# Processes -------------------------------------------------------------------------


def source_digest(root: Path = OURS_SRC) -> str:
    """Short hash of this project's package files (*.py and static JS): which code was measured.

    Other people edit src/ while the benchmark runs; a row measured on different code
    than the rest is flagged in the report.
    """
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in {".py", ".js"}):
        if "__pycache__" in path.parts:
            continue
        h.update(str(path.relative_to(root)).encode())
        try:
            h.update(path.read_bytes())
        except OSError:
            pass
    return h.hexdigest()[:12]


def python_of(server: str) -> Path:
    return (VENV_ORIGINAL if server == "original" else VENV_BENCH) / "bin" / "python"


def app_of(server: str) -> str:
    return "floor_app:application" if server == "floor" else "benchsite.asgi:application"


@dataclass
class Server:
    name: str
    port: int
    proc: subprocess.Popen
    log_path: Path
    room: str = "bench"
    extra: dict = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def ws_path(self) -> str:
        return f"/ws/liveview/{self.room}/"

    def log_tail(self, n: int = 15) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""


def uvicorn_cmd(server: str, port: int, workers: int = 1) -> list[str]:
    # One process is pinned to the server's core; several share every core.
    cores = SERVER_CORE if workers == 1 else f"{SERVER_CORE},{CLIENT_CORE}"
    return [
        "taskset", "-c", cores,
        str(python_of(server)), "-m", "uvicorn", app_of(server),
        "--host", "127.0.0.1", "--port", str(port),
        "--loop", "uvloop", "--http", "httptools", "--ws", "websockets-sansio",
        "--lifespan", "off", "--no-access-log", "--log-level", "warning",
        "--backlog", "4096", *(["--workers", str(workers)] if workers > 1 else []),
    ]  # fmt: skip


def start_server(
    name: str, logs: Path, tag: str, redis_url: str | None = None, workers: int = 1
) -> Server:
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE", "PYTHONPATH")
    }
    env.update({"PYTHONPATH": str(APPS), "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"})
    if name != "floor":
        env["DJANGO_SETTINGS_MODULE"] = "benchsite.settings"
    if redis_url:
        env["REDIS_URL"] = redis_url
    log_path = logs / f"{name}-{tag}.log"
    out = open(log_path, "ab")
    proc = subprocess.Popen(
        uvicorn_cmd(name, port, workers), cwd=APPS, env=env, stdout=out, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    out.close()
    server = Server(name, port, proc, log_path)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if not server.alive():
            raise RuntimeError(f"{name} server exited at start:\n{server.log_tail()}")
        try:
            status, body = http_get(port, "/")
        except OSError:
            time.sleep(0.1)
            continue
        if status != 200:
            raise RuntimeError(f"{name} server answered GET / with {status}:\n{server.log_tail()}")
        # Join the room the page issues, as a browser does (this project signs rooms).
        m = re.search(rb'data-room="([^"]+)"', body)
        if m:
            server.room = m.group(1).decode()
        return server
    stop_server(server)
    raise RuntimeError(f"{name} server did not answer within 30 s:\n{server.log_tail()}")


def stop_server(server: Server) -> None:
    if server.alive():
        try:
            os.killpg(server.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            server.proc.wait(5)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(server.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            server.proc.wait(5)


class Redis:
    def __init__(self, logs: Path):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        exe = shutil.which("redis-server")
        if exe is None:
            raise RuntimeError("redis-server not found (apt-get install redis-server)")
        self.proc = subprocess.Popen(
            ["taskset", "-c", CLIENT_CORE, exe, "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"],
            stdout=open(logs / "redis.log", "ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(64).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def flush(self) -> None:
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
            s.sendall(b"FLUSHALL\r\n")
            s.recv(64)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)


def navigation_row(result: dict) -> dict:
    """navigation.py's two summaries as one flat row of the report."""
    live, full = result["live_navigation_ms"], result["full_page_load_ms"]
    return {
        "live_p50_ms": live["median"], "live_p95_ms": live["p95"], "live_runs": live["runs"],
        "full_p50_ms": full["median"], "full_p95_ms": full["p95"], "full_runs": full["runs"],
        "live_vs_full": round(live["median"] / full["median"], 3) if full["median"] else None,
    }  # fmt: skip


def run_client(cmd: list[str], limit: float, venv: Path = VENV_BENCH) -> dict:
    """Run a client process on core 1; its last stdout line is a JSON object."""
    full = ["taskset", "-c", CLIENT_CORE, str(venv / "bin" / "python"), *cmd]
    try:
        proc = subprocess.run(
            full,
            cwd=BENCH,
            capture_output=True,
            text=True,
            timeout=limit + 20,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"client process killed after {limit + 20:.0f} s"}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        return {"error": f"client exited {proc.returncode}: {(proc.stderr or proc.stdout)[-400:]}"}
    return json.loads(lines[-1])


def loadgen(server: Server, scenario: str, limit: float, **kw) -> dict:
    cmd = [
        "loadgen.py", scenario, "--port", str(server.port), "--path", server.ws_path(),
        "--server-pid", str(server.pid), "--time-limit", str(limit),
    ]  # fmt: skip
    for k, v in kw.items():
        cmd += [f"--{k.replace('_', '-')}", str(v)]
    result = run_client(cmd, limit)
    if "error" in result and not server.alive():
        result["error"] += f" (server died; log tail: {server.log_tail(5)})"
    return result


# Above this share of the server's core used by other processes during a measurement,
# the measurement is repeated (up to ATTEMPTS times) and the least disturbed one kept.
NOISY = 0.15
ATTEMPTS = 3


# Scenarios -------------------------------------------------------------------------


class Run:
    def __init__(self, args):
        self.args = args
        self.p = QUICK if args.quick else FULL
        if args.idle_counts:
            self.p = {
                **self.p,
                "idle": {
                    **self.p["idle"],
                    "clients": [int(x) for x in args.idle_counts.split(",")],
                },
            }
        stamp = time.strftime("%Y%m%d-%H%M%S")
        self.out = (
            Path(args.out) if args.out else RESULTS / (stamp + ("-quick" if args.quick else ""))
        )
        self.logs = self.out / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.results: dict = {}
        self.started = time.monotonic()
        self.budget = args.budget
        self.servers = [s for s in SERVERS if s in args.servers.split(",")]
        self.scenarios = set(args.only.split(",")) if args.only else set(ALL_SCENARIOS)

    def over_budget(self) -> bool:
        return time.monotonic() - self.started > self.budget

    def put(self, key: str, server: str, value: dict) -> None:
        if server == "ours":
            value["src"] = source_digest()
        self.results.setdefault(key, {})[server] = value
        self.save()
        brief = {
            k: (round(v, 3) if isinstance(v, float) else v)
            for k, v in value.items()
            if k in report.BRIEF_KEYS
        }
        log(
            f"  {key:28s} {server:8s} {json.dumps(brief) if 'error' not in value else 'ERROR ' + value['error']}"
        )

    def save(self) -> None:
        (self.out / "results.json").write_text(
            json.dumps({"meta": self.meta, "params": self.p, "results": self.results}, indent=1)
        )

    def skip(self, key: str, server: str, why: str) -> None:
        self.results.setdefault(key, {})[server] = {"na": why}

    # Phase 1: one in-memory server per framework: latency, throughput, broadcast, browser.
    def phase_main(self) -> None:
        wanted = self.scenarios & {"latency", "throughput", "broadcast", "browser"}
        if not wanted:
            return
        for name in self.servers:
            if self.over_budget():
                log(f"time budget spent; skipping {name}")
                continue
            log(f"{name}: start (in-memory channel layer)")
            server = start_server(name, self.logs, "main")
            try:
                self.latency(server, wanted)
                self.throughput(server, wanted)
                self.broadcast(server, wanted, "memory")
                self.browser(server, wanted)
            finally:
                stop_server(server)

    def ensure(self, server: Server) -> Server:
        if not server.alive():
            log(f"{server.name} server had died; restarting. Log tail:\n{server.log_tail()}")
            new = start_server(server.name, self.logs, "restart", server.extra.get("redis"))
            server.proc, server.port, server.room = new.proc, new.port, new.room
        return server

    def measure(
        self, server: Server, scenario: str, limit: float, attempts: int = ATTEMPTS, **kw
    ) -> dict:
        """``loadgen`` again while other processes disturbed the server's core; the calmest result."""
        best: dict | None = None
        for i in range(attempts):
            result = loadgen(self.ensure(server), scenario, limit, **kw)
            if "error" in result:
                return best or result
            foreign = result.get("foreign_util_server_core") or 0.0
            if best is None or foreign < (best.get("foreign_util_server_core") or 0.0):
                best = result
            best["attempts"] = i + 1
            if foreign <= NOISY or self.over_budget() or i + 1 == attempts:
                break
            log(
                f"  ({scenario}: other processes used {foreign:.0%} of core {SERVER_CORE}; measuring again)"
            )
        assert best is not None
        return best

    def latency(self, server: Server, wanted: set) -> None:
        if "latency" not in wanted:
            return
        p = self.p["latency"]
        self.put("latency", server.name, self.measure(server, "latency", 60, **p))
        if server.name == "original":  # its handlers are sync only
            self.skip("latency:async", server.name, "no async handlers in 2.5.0")
            return
        self.put("latency:async", server.name, self.measure(
            server, "latency", 60, function=HANDLERS["async"], **p,
        ))  # fmt: skip

    def throughput(self, server: Server, wanted: set) -> None:
        if "throughput" not in wanted:
            return
        p = self.p["throughput"]
        for kind, function in HANDLERS.items():
            for conns in p["conns"]:
                key = f"throughput:{kind}:{conns}"
                if server.name == "original" and kind == "async":
                    self.skip(
                        key,
                        server.name,
                        "no async handlers in 2.5.0 (a coroutine handler is never awaited)",
                    )
                    continue
                limit = p["warmup_s"] + p["measure_s"] + 40
                self.put(key, server.name, self.measure(
                    server, "throughput", limit, function=function, conns=conns,
                    warmup_s=p["warmup_s"], measure_s=p["measure_s"],
                ))  # fmt: skip

    def broadcast(self, server: Server, wanted: set, layer: str) -> None:
        if "broadcast" not in wanted and layer == "memory":
            return
        p = self.p["broadcast"]
        for clients in p["clients"]:
            self.put(f"broadcast:{layer}:{clients}", server.name, self.measure(
                server, "broadcast", 90, clients=clients, rounds=p["rounds"], warmup=p["warmup"],
            ))  # fmt: skip

    def browser(self, server: Server, wanted: set) -> None:
        if "browser" not in wanted:
            return
        p = self.p["browser"]
        if server.name != "floor":
            try:
                status, _ = http_get(server.port, "/static/liveview/liveview.min.js")
            except OSError as exc:
                status = str(exc)
            if status != 200:
                self.skip("browser", server.name, f"bundle liveview.min.js not served ({status})")
                log(f"  browser                      {server.name:8s} n/a: bundle missing")
                return
        if not Path("/usr/bin/chromium").exists():
            self.skip("browser", server.name, "/usr/bin/chromium missing")
            return
        cmd = ["browser.py", "--url", f"http://127.0.0.1:{server.port}/", "--clicks", str(p["clicks"]),
               "--warmup", str(p["warmup"])]  # fmt: skip
        self.put("browser", server.name, run_client(cmd, 90))

    # Scenario 8: live navigation against a full page load, in the same run and the same
    # browser. This project only (the original has no live navigation); navigation.py serves
    # the demo itself, on the client core with the browser, so both ways share one machine.
    def navigation(self) -> None:
        if "navigation" not in self.scenarios or "ours" not in self.servers:
            return
        if not (VENV_PROJECT / "bin" / "python").exists():
            self.skip("navigation", "ours", f"{VENV_PROJECT} missing: run bash scripts/setup.sh")
            log("  navigation                   ours     n/a: project virtualenv missing")
            return
        if not Path("/usr/bin/chromium").exists():
            self.skip("navigation", "ours", "/usr/bin/chromium missing")
            return
        p = self.p["navigation"]
        cmd = ["navigation.py", "--runs", str(p["runs"]), "--warmup", str(p["warmup"])]
        result = run_client(cmd, 300, venv=VENV_PROJECT)
        if "error" not in result:
            result = navigation_row(result)
        self.put("navigation", "ours", result)

    # Phase 2: broadcast through Redis.
    def phase_redis(self) -> None:
        if "redis" not in self.scenarios:
            return
        redis = Redis(self.logs)
        try:
            for name in self.servers:
                if self.over_budget():
                    log(f"time budget spent; skipping redis for {name}")
                    continue
                redis.flush()
                log(f"{name}: start (Redis channel layer)")
                server = start_server(name, self.logs, "redis", redis.url)
                server.extra["redis"] = redis.url
                try:
                    self.broadcast(server, {"broadcast"}, "redis")
                finally:
                    stop_server(server)
        finally:
            redis.stop()

    # Phase 3: idle connections, a fresh server per count.
    def phase_idle(self) -> None:
        if "idle" not in self.scenarios:
            return
        p = self.p["idle"]
        for clients in p["clients"]:
            for name in self.servers:
                key = f"idle:{clients}"
                if self.over_budget():
                    self.skip(key, name, "time budget spent")
                    continue
                best: dict | None = None
                for attempt in range(1, 3):  # a fresh server per attempt: RSS must start clean
                    log(f"{name}: start (idle {clients})")
                    server = start_server(name, self.logs, f"idle{clients}")
                    try:
                        result = loadgen(
                            server, "idle", 120, clients=clients, probe_calls=p["probe_calls"], settle_s=p["settle_s"],
                        )  # fmt: skip
                    finally:
                        stop_server(server)
                    foreign = result.get("foreign_util_server_core") or 0.0
                    if best is None or (
                        "error" not in result
                        and foreign < (best.get("foreign_util_server_core") or 1)
                    ):
                        best = result
                    best["attempts"] = attempt
                    if "error" in result or foreign <= NOISY or self.over_budget():
                        break
                    log(
                        f"  (idle: other processes used {foreign:.0%} of core {SERVER_CORE}; measuring again)"
                    )
                self.put(key, name, best)

    # Phase 4: this project in several processes on Redis (20,000 connections).
    def phase_scale(self) -> None:
        if "scale" not in self.scenarios or "ours" not in self.servers:
            return
        if self.over_budget():
            self.skip("scale", "ours", "time budget spent")
            return
        p = self.p["scale"]
        # The load generator holds every socket in one process: it cannot go past its
        # open-file limit (a container may cap even root's hard limit, e.g. at 20,000).
        ceiling = (resource.getrlimit(resource.RLIMIT_NOFILE)[1] - 1000) // 1000 * 1000
        if max(p["steps"]) > ceiling > 0:
            steps = [s for s in p["steps"] if s < ceiling] + [ceiling]
            self.meta["scale_capped"] = (
                f"scale: the top step is {ceiling:,} connections, not {max(p['steps']):,}: "
                f"this machine's open-file hard limit is "
                f"{resource.getrlimit(resource.RLIMIT_NOFILE)[1]:,} and cannot be raised here"
            )
            log(self.meta["scale_capped"])
            p = self.p["scale"] = {**p, "steps": steps}
        redis = Redis(self.logs)
        try:
            log(f"ours: start ({p['workers']} workers, Redis channel layer)")
            server = start_server("ours", self.logs, "scale", redis.url, workers=p["workers"])
            try:
                result = loadgen(
                    server, "scale", 300, steps=",".join(map(str, p["steps"])),
                    redis_port=redis.port, warmup=p["warmup"], rounds=p["rounds"],
                    round_timeout=10, settle_s=2.0, pause_s=0.5, concurrency=200,
                    per_source=self.args.scale_per_source,
                )  # fmt: skip
                for step in result.get("steps", []):
                    self.put(f"scale:{step['clients']}", "ours", step)
                self.put("scale", "ours", result)
            finally:
                stop_server(server)
        finally:
            redis.stop()

    # Scenario 6: bundle sizes, no server needed.
    def bundle(self) -> None:
        if "bundle" not in self.scenarios:
            return
        ours = find_static(VENV_BENCH)
        original = find_static(VENV_ORIGINAL)
        for name, path in (("ours", ours), ("original", original)):
            if path is None or not path.exists():
                self.skip("bundle", name, f"liveview.min.js not found ({path})")
                log(f"  bundle                       {name:8s} n/a: missing")
                continue
            data = path.read_bytes()
            # The parts liveview.min.js loads on demand (only some pages fetch them).
            parts = {
                part.name: {
                    "min_bytes": len(raw),
                    "gzip_bytes": len(gzip.compress(raw, 9, mtime=0)),
                }
                for part in sorted(path.parent.glob("liveview-*.min.js"))
                for raw in [part.read_bytes()]
            }
            self.put("bundle", name, {
                "path": str(path), "min_bytes": len(data), "gzip_bytes": len(gzip.compress(data, 9, mtime=0)),
                "parts": parts,
            })  # fmt: skip
        sys.path.insert(0, str(APPS))
        import floor_app

        script = re.search(rb"<script>(.*)</script>", floor_app.PAGE, re.S).group(1)
        self.put("bundle", "floor", {
            "path": "inline <script> of apps/floor_app.py", "min_bytes": len(script),
            "gzip_bytes": len(gzip.compress(script, 9, mtime=0)),
        })  # fmt: skip

    def execute(self) -> None:
        self.meta = collect_meta(self)
        self.save()
        log(f"results in {self.out}")
        self.bundle()
        phases = (
            self.phase_main,
            self.navigation,
            self.phase_redis,
            self.phase_idle,
            self.phase_scale,
        )
        for phase in phases:
            try:
                phase()
            except Exception as exc:  # a server that cannot start: record it, go on
                log(f"phase {phase.__name__} failed: {exc}")
                self.results.setdefault("_errors", {})[phase.__name__] = str(exc)[:2000]
        self.meta["duration_s"] = time.monotonic() - self.started
        self.meta["ours_src_at_end"] = source_digest()
        self.save()
        data = {"meta": self.meta, "params": self.p, "results": self.results}
        report.write(self.out, data)
        if self.args.profile:
            data["profiles"] = self.profile_missed(data)
            (self.out / "results.json").write_text(json.dumps(data, indent=1))
            report.write(self.out, data)
        if self.out.resolve().parent == RESULTS.resolve():  # not for a scratch --out elsewhere
            for suffix in ("md", "png"):
                src = self.out / f"report.{suffix}"
                if src.exists():
                    shutil.copyfile(src, RESULTS / f"latest.{suffix}")
        log(
            f"done: suite {self.meta['duration_s']:.0f} s, total {time.monotonic() - self.started:.0f} s: "
            f"{self.out / 'report.md'} (copied to {RESULTS / 'latest.md'})"
        )

    def profile_missed(self, data: dict) -> dict:
        """Profiles this project under the workload of every missed target (``--profile``)."""
        table = report.build_tables(data)
        wanted: list[str] = []
        for label, _target, _ours, verdict in table.targets:
            if verdict != "**FAIL**":
                continue
            for prefix, workload in PROFILE_FOR:
                if label.startswith(prefix):
                    if workload is None:  # idle: memory or connect rate
                        workload = "memory" if "RSS" in label else "connect"
                    if workload not in wanted:
                        wanted.append(workload)
        pdir = self.out / "profiles"
        pdir.mkdir(exist_ok=True)
        done: dict = {}
        py = str(VENV_BENCH / "bin" / "python")
        for workload in wanted:
            log(f"profiling ours under '{workload}' (missed target)")
            if workload == "memory":
                for server in ("ours", "floor"):
                    md = pdir / f"{server}-memory.md"
                    subprocess.run(
                        ["taskset", "-c", SERVER_CORE, py, str(BENCH / "memprofile.py"), "--server", server,
                         "--out", str(md)], cwd=BENCH, capture_output=True, timeout=400, stdin=subprocess.DEVNULL,
                    )  # fmt: skip
                done["memory"] = {"md": ["profiles/ours-memory.md", "profiles/floor-memory.md"]}
                continue
            try:
                subprocess.run(
                    [py, str(BENCH / "cpuprofile.py"), "--workload", workload, "--seconds", str(self.args.profile_seconds),
                     "--out", str(pdir)], cwd=BENCH, capture_output=True, timeout=300, stdin=subprocess.DEVNULL,
                )  # fmt: skip
            except subprocess.TimeoutExpired:
                log(f"  profile {workload} timed out")
                continue
            js = pdir / f"ours-{workload}.json"
            if js.exists():
                done[workload] = {
                    "md": [f"profiles/ours-{workload}.md"],
                    "digest": json.loads(js.read_text()),
                }
        return done


# Scale: connections per local address of the load generator (127.0.0.2, .3, ...). Past
# ~14,000 sockets from one address to one port, Linux's search for a free ephemeral port
# costs each connect() ~1.5 ms of the load generator's kernel CPU (loadgen.source_address).
SCALE_PER_SOURCE = 5000

# Which profile explains which missed target (label prefixes of report.build_tables).
PROFILE_FOR = (
    ("1 latency", "latency"),
    ("2 throughput sync", "sync"),
    ("2 throughput async", "async"),
    ("3 broadcast in-memory", "broadcast"),
    ("3 broadcast Redis", "broadcast-redis"),
    ("4 idle", None),
)


def refresh_profiles(out: Path, data: dict) -> None:
    """Re-summarise the saved py-spy stacks of a run (after a change to profile.py)."""
    import cpuprofile as prof

    for workload, entry in (data.get("profiles") or {}).items():
        raw = out / "profiles" / f"ours-{workload}.txt"
        if not raw.exists() or not entry.get("digest"):
            continue
        digest = {k: entry["digest"].get(k) for k in ("server", "workload", "title", "loadgen")}
        text = prof.summarize(raw, digest["title"] or workload, digest=digest)
        (out / "profiles" / f"ours-{workload}.md").write_text(
            text + f"\nLoad generator result during the profile: `{digest.get('loadgen')}`\n"
        )
        entry["digest"] = digest


def find_static(venv: Path) -> Path | None:
    """liveview/static/liveview/liveview.min.js of the ``liveview`` package a venv imports."""
    code = (
        "import importlib.util, pathlib; s = importlib.util.find_spec('liveview'); "
        "print(pathlib.Path(s.origin).parent / 'static' / 'liveview' / 'liveview.min.js')"
    )
    try:
        out = subprocess.run(
            [str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return Path(out.stdout.strip()) if out.returncode == 0 else None


def versions(venv: Path) -> dict:
    code = (
        "import importlib.metadata as m, json, sys; d = {'python': sys.version.split()[0]}\n"
        "for n in ('channels-liveview', 'django-liveview', 'Django', 'channels', 'channels-redis', 'uvicorn', 'websockets', 'uvloop', 'orjson'):\n"
        "    try: d[n] = m.version(n)\n"
        "    except m.PackageNotFoundError: d[n] = None\n"
        "print(json.dumps(d))"
    )
    try:
        out = subprocess.run(
            [str(venv / "bin" / "python"), "-c", code], capture_output=True, text=True, timeout=30
        )
        return json.loads(out.stdout)
    except Exception as exc:
        return {"error": str(exc)}


def collect_meta(run: Run) -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    redis_version = ""
    try:
        redis_version = subprocess.run(
            ["redis-server", "--version"], capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        pass
    return {
        "timestamp": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "quick": run.args.quick,
        "host": platform.node(),
        "kernel": platform.release(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "nofile": resource.getrlimit(resource.RLIMIT_NOFILE)[0],
        "server_core": SERVER_CORE,
        "client_core": CLIENT_CORE,
        "uvicorn_cmd": " ".join(uvicorn_cmd("ours", 0)[6:]).replace("--port 0 ", ""),
        "venv_ours": versions(VENV_BENCH),
        "venv_original": versions(VENV_ORIGINAL),
        "redis": redis_version,
        "servers": run.servers,
        "ours_src_at_start": source_digest(),
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="reduced run (~2 min) for development")
    ap.add_argument(
        "--servers", default=",".join(SERVERS), help="comma list of ours,original,floor"
    )
    ap.add_argument(
        "--only",
        default="",
        help="comma list of latency,throughput,broadcast,redis,idle,browser,navigation,bundle,scale",
    )
    ap.add_argument(
        "--idle-counts", default="", help="e.g. 1000,5000,10000 (default: 1k,5k,10k; quick: 500,2k)"
    )
    ap.add_argument(
        "--budget",
        type=float,
        default=900,
        help="seconds; scenarios not started by then are skipped",
    )
    ap.add_argument(
        "--out", default="", help="results directory (default bench/results/<timestamp>)"
    )
    ap.add_argument("--report-only", default="", help="rebuild report.md/png from a results.json")
    ap.add_argument(
        "--profile",
        action="store_true",
        help="afterwards, profile this project under the workload of every missed target (+1-5 min)",
    )
    ap.add_argument("--profile-seconds", type=int, default=10)
    ap.add_argument(
        "--scale-per-source",
        type=int,
        default=SCALE_PER_SOURCE,
        help="scale: the load generator's connections per local address (0: all from 127.0.0.1)",
    )
    args = ap.parse_args()
    if args.report_only:
        path = Path(args.report_only)
        data = json.loads(path.read_text())
        refresh_profiles(path.parent, data)
        report.write(path.parent, data)
        print(path.parent / "report.md")
        return
    nofile = raise_nofile()
    if nofile < 12000:
        log(f"warning: open-file limit is {nofile}; idle counts above ~{nofile - 500} will fail")
    for venv in (VENV_BENCH, VENV_ORIGINAL):
        if not (venv / "bin" / "python").exists():
            sys.exit(f"{venv} missing: run bash bench/run.sh (it creates the virtualenvs)")
    Run(args).execute()


if __name__ == "__main__":
    main()
