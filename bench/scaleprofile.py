"""Profiles the scale scenario (row 7): every server worker AND the load generator, by phase.

    bench/.venv-bench/bin/python bench/scaleprofile.py                        # 5,000 → 19,000 sockets
    bench/.venv-bench/bin/python bench/scaleprofile.py --steps 2000,19000 --rounds 20
    bench/.venv-bench/bin/python bench/scaleprofile.py --per-source 0          # every socket from 127.0.0.1

Starts Redis and ``uvicorn --workers 4`` as run.py does, runs ``loadgen.py scale`` and,
while it runs, samples the workers (py-spy ``--subprocesses``) and the load generator
in back-to-back windows of ``--window`` seconds. Each window is filed under the phase
the load generator was in at its middle (it prints each phase change with a timestamp
on stderr): "connect to N" per step, then "broadcast". py-spy costs CPU on a machine
with two cores: read shares, and the load generator's own numbers printed with them
(CPU per connect of the load generator and of all workers, its garbage collector's
time), not the connects/s of the profiled run.

Writes to --out (default bench/results/scaleprofile-<timestamp>/): ``<who>-<phase>.txt``
(collapsed stacks), ``summary.md`` (by phase: packages and top functions, for the
workers and for the load generator) and ``loadgen.json``.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

import cpuprofile as prof  # noqa: E402
import run as runner  # noqa: E402


def sampler(pid: int, subprocesses: bool, window: float, rate: int, out: Path, who: str,
            stop: threading.Event, windows: list) -> None:  # fmt: skip
    """py-spy windows one after the other until ``stop``: (start, end, file) in ``windows``."""
    k = 0
    while not stop.is_set():
        raw = out / f".{who}-{k:03d}.txt"
        t0 = time.time()
        spy = subprocess.run(
            [str(prof.PY_SPY), "record", "--pid", str(pid), "--rate", str(rate), "--duration",
             str(int(window)), "--format", "raw", "--output", str(raw), "--nonblocking",
             *(["--subprocesses"] if subprocesses else [])],
            capture_output=True, text=True, timeout=window + 60,
        )  # fmt: skip
        if spy.returncode != 0 and not raw.exists():
            break  # the process is gone
        windows.append((t0, time.time(), raw))
        k += 1


def phase_of(t: float, events: list[dict]) -> str | None:
    current = None
    for e in events:
        if e["t"] > t:
            break
        current = e
    if current is None or current["phase"] == "end":
        return None
    if current["phase"] == "connect":
        return f"connect-to-{current['clients']}"
    return "broadcast"


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--steps", default="5000,10000,19000")
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--window", type=float, default=1.0, help="seconds per py-spy window")
    ap.add_argument("--rate", type=int, default=100, help="py-spy samples per second")
    ap.add_argument(
        "--per-source",
        type=int,
        default=runner.SCALE_PER_SOURCE,
        help="connections per local address of the load generator (0: all from one, as before)",
    )
    ap.add_argument("--out", default="")
    a = ap.parse_args()
    runner.raise_nofile()
    steps = [int(x) for x in a.steps.split(",")]
    ceiling = (resource.getrlimit(resource.RLIMIT_NOFILE)[1] - 1000) // 1000 * 1000
    steps = [min(s, ceiling) for s in steps]
    out = (
        Path(a.out) if a.out else runner.RESULTS / f"scaleprofile-{time.strftime('%Y%m%d-%H%M%S')}"
    )
    out.mkdir(parents=True, exist_ok=True)
    redis = runner.Redis(out)
    server = None
    try:
        server = runner.start_server("ours", out, "scale", redis.url, workers=a.workers)
        time.sleep(2)  # the workers import and warm up
        cmd = [
            "taskset", "-c", runner.CLIENT_CORE, str(runner.VENV_BENCH / "bin" / "python"), "loadgen.py", "scale",
            "--port", str(server.port), "--path", server.ws_path(), "--server-pid", str(server.pid),
            "--time-limit", "300", "--steps", ",".join(map(str, steps)), "--redis-port", str(redis.port),
            "--warmup", str(a.warmup), "--rounds", str(a.rounds), "--round-timeout", "10",
            "--settle-s", "2.0", "--pause-s", "0.5", "--concurrency", "200",
            "--per-source", str(a.per_source),
        ]  # fmt: skip
        err_path = out / "loadgen.stderr"
        with open(err_path, "w") as err:
            lg = subprocess.Popen(cmd, cwd=BENCH, stdout=subprocess.PIPE, stderr=err, text=True,
                                  stdin=subprocess.DEVNULL)  # fmt: skip
            stop = threading.Event()
            wins: dict[str, list] = {"workers": [], "loadgen": []}
            threads = [
                threading.Thread(target=sampler, args=(server.pid, True, a.window, a.rate, out, "workers", stop, wins["workers"])),
                threading.Thread(target=sampler, args=(lg.pid, False, a.window, a.rate, out, "loadgen", stop, wins["loadgen"])),
            ]  # fmt: skip
            for t in threads:
                t.start()
            stdout, _ = lg.communicate(timeout=400)
            stop.set()
            for t in threads:
                t.join(a.window + 70)
        events = [
            json.loads(ln) for ln in err_path.read_text().splitlines() if ln.startswith('{"t"')
        ]
        lines = [ln for ln in stdout.splitlines() if ln.startswith("{")]
        result = json.loads(lines[-1]) if lines else {"error": "no result"}
        (out / "loadgen.json").write_text(json.dumps(result, indent=1))
        md = [
            "# Scale scenario profile (row 7): workers and load generator, by phase",
            "",
            f"`{' '.join(sys.argv)}`, {a.workers} workers, py-spy {a.rate} Hz in {a.window:.0f} s windows "
            f"(--nonblocking), at {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
            "",
            "## Load generator result (profiled run: py-spy takes CPU too)",
            "",
            "| step | connects/s | loadgen CPU µs/connect | of it in GC (gen0, gen1, gen2) | workers CPU µs/connect | Redis cmds/connect |",
            "|---|---|---|---|---|---|",
        ]  # fmt: skip
        for s in result.get("steps", []):
            gc_us = ", ".join(f"{x:.0f}" for x in s.get("loadgen_gc_us_per_connect", []))
            md.append(
                f"| {s['clients']:,} | {s['connects_per_s'] or 0:,.0f} | {s.get('loadgen_cpu_us_per_connect', 0):.0f} "
                f"| {gc_us} | {s.get('server_cpu_us_per_connect') or 0:.0f} | {s.get('redis_cmds_per_connect') or 0:.2f} |"
            )  # fmt: skip
        brief = {
            k: (round(v, 3) if isinstance(v, float) else v)
            for k, v in result.items()
            if k != "steps"
        }
        md += ["", f"Broadcast and the rest: `{brief}`", ""]
        for who in ("workers", "loadgen"):
            by_phase: dict[str, list[Path]] = {}
            for t0, t1, raw in wins[who]:
                ph = phase_of((t0 + t1) / 2, events)
                if ph is not None and raw.exists():
                    by_phase.setdefault(ph, []).append(raw)
            for ph, files in by_phase.items():
                merged = out / f"{who}-{ph}.txt"
                merged.write_text("".join(f.read_text(errors="replace") for f in files))
                title = f"{who}, {ph} ({len(files)} windows)"
                text = prof.summarize(merged, title, top=12, rate=a.rate)
                md += ["#" + text.replace("\n## ", "\n### "), ""]
            for _t0, _t1, raw in wins[who]:
                raw.unlink(missing_ok=True)
        (out / "summary.md").write_text("\n".join(md))
        print("\n".join(md))
        print(f"written: {out / 'summary.md'}")
    finally:
        if server is not None:
            runner.stop_server(server)
        redis.stop()


if __name__ == "__main__":
    main()
