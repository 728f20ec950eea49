"""Turns results.json into report.md (tables, ratios, targets) and report.png."""

from __future__ import annotations

import json
import sys
from pathlib import Path

SERVERS = ("ours", "original", "floor")
BRIEF_KEYS = {
    "p50_ms", "p99_ms", "msgs_per_s", "server_cpu_us_per_msg", "loader_cpu_util", "kb_per_conn",
    "connects_per_s", "probe_p50_ms", "mean_ms", "gzip_bytes", "min_bytes", "na",
    "live_p50_ms", "full_p50_ms",
}  # fmt: skip
COLORS = {"ours": "#2b7bb9", "original": "#e08a2c", "floor": "#7a7a7a"}


# Access ----------------------------------------------------------------------------


def cell(results: dict, key: str, server: str) -> dict | None:
    return (results.get(key) or {}).get(server)


def value(results: dict, key: str, server: str, metric: str) -> float | None:
    c = cell(results, key, server)
    if not c or "na" in c or "error" in c:
        return None
    v = c.get(metric)
    return v if isinstance(v, (int, float)) else None


def fmt(v: float | None, unit: str = "") -> str:
    if v is None:
        return "–"
    a = abs(v)
    if a >= 1000:
        s = f"{v:,.0f}"
    elif a >= 100:
        s = f"{v:.0f}"
    elif a >= 10:
        s = f"{v:.1f}"
    elif a >= 1:
        s = f"{v:.2f}"
    else:
        s = f"{v:.3f}"
    return s + unit


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "–"
    return f"{a / b:.2f}×"


# Rows ------------------------------------------------------------------------------


class Table:
    def __init__(self, results: dict):
        self.r = results
        self.rows: list[list[str]] = []
        self.targets: list[list[str]] = []
        self.notes: list[str] = []

    def shown(self, key: str, server: str, metric: str, unit: str) -> str:
        c = cell(self.r, key, server)
        if c is None:
            return "–"
        if "na" in c:
            return "n/a"
        if "error" in c:
            self.notes.append(f"{key} / {server}: {c['error']}")
            return f"error[{len(self.notes)}]"
        return fmt(c.get(metric) if isinstance(c.get(metric), (int, float)) else None, unit)

    def row(
        self,
        scenario: str,
        metric_label: str,
        key: str,
        metric: str,
        unit: str = "",
        target: tuple | None = None,
        original_key: str | None = None,
    ) -> None:
        """``target`` = (text, check) where check(ours, original, floor) -> bool | None."""
        ours = value(self.r, key, "ours", metric)
        floor = value(self.r, key, "floor", metric)
        okey = original_key or key
        original = value(self.r, okey, "original", metric)
        original_text = self.shown(key, "original", metric, unit)
        ratio_orig = ratio(ours, original)
        if original_key and original is not None:
            original_text = f"n/a (sync {fmt(original, unit)})"
            ratio_orig += " vs sync"
        cells = [
            scenario, metric_label, self.shown(key, "ours", metric, unit), original_text,
            self.shown(key, "floor", metric, unit), ratio_orig, ratio(ours, floor),
        ]  # fmt: skip
        verdict = ""
        target_text = ""
        if target is not None:
            target_text, check = target
            ok = check(ours, original, floor)
            verdict = "–" if ok is None else ("**pass**" if ok else "**FAIL**")
            self.targets.append([f"{scenario}: {metric_label}", target_text, cells[2], verdict])
        self.rows.append([*cells, target_text, verdict])


def _le(limit):
    return lambda o, orig, f: None if o is None else o <= limit


def _ge(limit):
    return lambda o, orig, f: None if o is None else o >= limit


def _ratio_floor_le(k):
    return lambda o, orig, f: None if o is None or f is None else o <= k * f


def _ratio_orig_ge(k):
    return lambda o, orig, f: None if o is None or orig is None else o >= k * orig


def _lt_orig(o, orig, f):
    return None if o is None or orig is None else o < orig


def build_tables(data: dict) -> Table:
    r = data["results"]
    p = data["params"]
    t = Table(r)

    t.row(
        "1 latency, 1 conn",
        "p50 round trip",
        "latency",
        "p50_ms",
        " ms",
        ("≤ 1.25× floor", _ratio_floor_le(1.25)),
    )
    t.row(
        "1 latency, 1 conn, async handler",
        "p50 round trip",
        "latency:async",
        "p50_ms",
        " ms",
        ("≤ 1.15× floor", _ratio_floor_le(1.15)),
    )
    for s in SERVERS:
        fu = value(r, "latency", s, "foreign_util_server_core")
        if fu is not None and fu > 0.15:
            t.notes.append(
                f"latency / {s}: other processes used {fu:.0%} of the server's core: noisy row."
            )
    t.row("1 latency, 1 conn", "p90 round trip", "latency", "p90_ms", " ms")
    t.row("1 latency, 1 conn", "p99 round trip", "latency", "p99_ms", " ms")

    for kind in ("sync", "async"):
        for conns in p["throughput"]["conns"]:
            key = f"throughput:{kind}:{conns}"
            okey = f"throughput:sync:{conns}" if kind == "async" else None
            label = f"2 throughput {kind}, {conns} conns"
            target = None
            if conns == 50:
                target = (
                    ("≥ 6× original", _ratio_orig_ge(6))
                    if kind == "sync"
                    else ("≥ 6× original (sync)", _ratio_orig_ge(6))
                )
            t.row(label, "messages/s", key, "msgs_per_s", "", target, okey)
            t.row(label, "p99 round trip", key, "p99_ms", " ms", None, okey)
            t.row(
                label,
                "server CPU / message",
                key,
                "server_cpu_us_per_msg",
                " µs",
                ("≤ 1.3× floor", _ratio_floor_le(1.3)) if conns == 50 else None,
                okey,
            )
            for s in SERVERS:
                fu = value(r, key, s, "foreign_util_server_core")
                if fu is not None and fu > 0.15:
                    t.notes.append(
                        f"{key} / {s}: other processes used {fu:.0%} of the server's core during the "
                        "measurement (shared machine): treat this row as noisy."
                    )
                lu = value(r, key, s, "loader_cpu_util")
                su = value(r, key, s, "server_cpu_util")
                if lu is not None and lu > 0.9 and (su or 0) < 0.9:
                    t.notes.append(
                        f"{key} / {s}: load generator at {lu:.0%} of its core, server at {su:.0%}: "
                        "this number is bounded by the load generator."
                    )

    for layer in ("memory", "redis"):
        for clients in p["broadcast"]["clients"]:
            key = f"broadcast:{layer}:{clients}"
            label = (
                f"3 broadcast {'in-memory' if layer == 'memory' else 'Redis'}, {clients:,} clients"
            )
            target = None
            if clients == 1000 and layer == "memory":
                target = ("≤ 1.0× floor", _ratio_floor_le(1.0))
            elif clients == 1000 and layer == "redis":
                target = ("≤ 100 ms", _le(100))
            t.row(label, "trigger → last client, median", key, "p50_ms", " ms", target)
            t.row(label, "trigger → last client, p90", key, "p90_ms", " ms")
            t.row(label, "trigger → first client, median", key, "first_p50_ms", " ms")

    counts = p["idle"]["clients"]
    for clients in counts:
        key = f"idle:{clients}"
        label = f"4 idle, {clients:,} conns"
        biggest = clients == max(counts)
        t.row(label, "server RSS / connection", key, "kb_per_conn", " KB",
              ("≤ 1.1× floor", _ratio_floor_le(1.1)) if biggest else None)  # fmt: skip
        t.row(
            label,
            "connects / s",
            key,
            "connects_per_s",
            "",
            ("≥ 1,000/s", _ge(1000)) if biggest else None,
        )
        t.row(label, "server CPU / connect", key, "server_cpu_us_per_connect", " µs")
        t.row(label, "probe p50 while open", key, "probe_p50_ms", " ms")
        t.row(label, "probe p50 before", key, "probe_p50_ms_before", " ms")
    if max(counts) < 10000:
        t.notes.append(
            f"Idle targets are set for 10,000 connections; this run's largest count is {max(counts):,}."
        )

    t.row("5 browser (Chromium)", "click → DOM updated, mean", "browser", "mean_ms", " ms")
    t.row("5 browser (Chromium)", "click → DOM updated, p50", "browser", "p50_ms", " ms",
          ("< original", _lt_orig))  # fmt: skip
    t.row("5 browser (Chromium)", "click → DOM updated, p90", "browser", "p90_ms", " ms")

    scale = p.get("scale")
    if scale:
        label = f"7 scale, {scale['workers']} processes on Redis"
        for clients in scale["steps"]:
            t.row(
                f"{label}, {clients:,} conns", "connects / s", f"scale:{clients}", "connects_per_s"
            )
            t.row(f"{label}, {clients:,} conns", "Redis commands / connect", f"scale:{clients}",
                  "redis_cmds_per_connect")  # fmt: skip
        biggest = f"{max(scale['steps']):,}"
        t.row(f"{label}, {biggest} conns", "broadcast: trigger → last client, median", "scale",
              "p50_ms", " ms", ("< 250 ms", lambda o, orig, f: None if o is None else o < 250))  # fmt: skip
        t.row(f"{label}, {biggest} conns", "Redis commands / broadcast", "scale",
              "redis_cmds_per_broadcast")  # fmt: skip
        t.row(f"{label}", f"connects / s at {biggest} ÷ at {min(scale['steps']):,}", "scale",
              "connects_per_s_last_vs_first", "", ("≥ 0.8 (flat)", _ge(0.8)))  # fmt: skip

    label = "8 live navigation (Chromium, demo)"
    t.row(label, "click → new content painted, median", "navigation", "live_p50_ms", " ms")
    t.row(label, "click → new content painted, p95", "navigation", "live_p95_ms", " ms")
    t.row(label, "full page load: click → first paint, median", "navigation", "full_p50_ms", " ms")
    t.row(label, "full page load: click → first paint, p95", "navigation", "full_p95_ms", " ms")
    t.row(label, "live ÷ full page load, medians", "navigation", "live_vs_full", "",
          ("< 1.0", lambda o, orig, f: None if o is None else o < 1.0))  # fmt: skip
    t.row("6 client bundle", "liveview.min.js", "bundle", "min_kb", " KB", ("< original", _lt_orig))
    t.row("6 client bundle", "gzip -9", "bundle", "gzip_kb", " KB", ("< original", _lt_orig))
    return t


def _with_kb(data: dict) -> dict:
    for c in (data["results"].get("bundle") or {}).values():
        if isinstance(c, dict) and "min_bytes" in c:
            c["min_kb"] = c["min_bytes"] / 1024
            c["gzip_kb"] = c["gzip_bytes"] / 1024
    return data


def markdown(data: dict, out_dir: Path | None = None) -> str:
    data = _with_kb(data)
    t = build_tables(data)
    m = data["meta"]
    vo, vorig = m.get("venv_ours", {}), m.get("venv_original", {})
    lines = [
        f"# liveview benchmark — {m['timestamp']}{' (quick)' if m.get('quick') else ''}",
        "",
        f"Machine: {m.get('cpu', '?')}, {m.get('cores')} cores, kernel {m.get('kernel')}; "
        f"server on core {m.get('server_core')}, load generator / Redis / Chromium on core {m.get('client_core')}.",
        f"Server: `uvicorn {m.get('uvicorn_cmd', '')}` (one process). "
        f"This project's source digest: {m.get('ours_src_at_start', '?')} (sha256 of src/liveview *.py and *.js).",
        f"ours = channels-liveview {vo.get('channels-liveview') or vo.get('django-liveview')} (this repo, orjson {vo.get('orjson')}); "
        f"original = django-liveview {vorig.get('django-liveview')}; floor = raw ASGI app (apps/floor_app.py). "
        f"Same Python {vo.get('python')}, Django {vo.get('Django')}, Channels {vo.get('channels')}, "
        f"channels-redis {vo.get('channels-redis')}, uvicorn {vo.get('uvicorn')}, websockets {vo.get('websockets')}, "
        f"uvloop {vo.get('uvloop')} in both virtualenvs; {m.get('redis', '')}.",
        f"Run took {m.get('duration_s', 0):.0f} s. Ratios are ours ÷ other; lower is better for times, sizes and CPU, "
        "higher for messages/s and connects/s. Compare within one run only (see bench/README.md, Noise).",
        "",
        "## Targets",
        "",
        "| target row | target | ours | result |",
        "|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(r) + " |" for r in t.targets]
    passed = sum(1 for r in t.targets if r[3] == "**pass**")
    failed = sum(1 for r in t.targets if r[3] == "**FAIL**")
    lines += [
        "",
        f"{passed} passed, {failed} failed, {len(t.targets) - passed - failed} not measured.",
        "",
    ]
    lines += [
        "## All numbers",
        "",
        "| scenario | metric | ours | original | floor | ours/original | ours/floor | target | result |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    lines += ["| " + " | ".join(r) + " |" for r in t.rows]
    for key, per in sorted(data["results"].items()):
        for server, c in (per or {}).items() if isinstance(per, dict) else ():
            if isinstance(c, dict) and c.get("warning"):
                t.notes.append(f"{key} / {server}: {c['warning']}")
            if isinstance(c, dict) and c.get("attempts", 1) > 1:
                t.notes.append(
                    f"{key} / {server}: measured {c['attempts']} times because other processes loaded the "
                    f"server's core; kept the least disturbed attempt "
                    f"({c.get('foreign_util_server_core', 0):.0%} foreign load)."
                )
    digests = {}
    for key, per in data["results"].items():
        c = (per or {}).get("ours") if isinstance(per, dict) else None
        if isinstance(c, dict) and c.get("src"):
            digests.setdefault(c["src"], []).append(key)
    if len(digests) > 1:
        t.notes.append(
            "This project's source (src/liveview) changed during the run, so its rows measured different code: "
            + "; ".join(f"{d}: {', '.join(keys)}" for d, keys in digests.items())
        )
    if data["meta"].get("scale_capped"):
        t.notes.append(data["meta"]["scale_capped"])
    na = []
    for key, per in sorted(data["results"].items()):
        for server, c in (per or {}).items():
            if isinstance(c, dict) and "na" in c:
                na.append(f"- n/a {key} / {server}: {c['na']}")
    if t.notes or na or data["results"].get("_errors"):
        lines += ["", "## Notes", ""]
        lines += [f"{i}. {n}" for i, n in enumerate(t.notes, 1)]
        lines += na
        for phase, err in (data["results"].get("_errors") or {}).items():
            lines.append(f"- {phase} failed: {err.splitlines()[0] if err else ''}")
    profiles = data.get("profiles") or {}
    if profiles:
        lines += [
            "",
            "## Where this project's CPU goes, for the missed targets",
            "",
            "py-spy, sampling the server (non-blocking) under the same workload right after the run. "
            "Percentages are shares of the samples in Python code; samples inside the event loop's own "
            "C code (uvloop: epoll, socket I/O, idle or busy) are counted apart. Full tables in the "
            "linked files.",
            "",
        ]
        for workload, entry in profiles.items():
            links = ", ".join(f"[{Path(m).name}]({m})" for m in entry.get("md", []))
            d = entry.get("digest")
            lines.append(f"### {workload} ({links})")
            lines.append("")
            if not d:
                for m in entry.get("md", []):
                    path = out_dir / m if out_dir else Path(m)
                    if path.exists():
                        text = path.read_text()
                        head = text.split("## By line")[0].strip().splitlines()
                        lines += ["> " + ln for ln in head[:22]] + [""]
                if not entry.get("md"):
                    lines += ["See the linked files.", ""]
                continue
            pk = "; ".join(
                f"{name} {s_}% self / {i}% incl." for name, s_, i in d.get("packages", [])[:6]
            )
            loop = d.get("loop_leaf_samples") or 0
            share = ""
            if d.get("samples"):
                share = (
                    f" Event loop C code: {100 * loop / (loop + d['samples']):.0f}% of all samples."
                )
            lines += [
                f"By package: {pk}.{share}",
                "",
                "| function | file | self |",
                "|---|---|---|",
            ]
            lines += [f"| `{f}` | {p_} | {v}% |" for f, p_, v in d.get("self", [])[:10]]
            lib = [x for x in d.get("inclusive", []) if x[1].startswith("liveview/")][:8]
            if lib:
                lines += [
                    "",
                    "This project's functions, inclusive: "
                    + "; ".join(f"`{f}` {v}%" for f, _p, v in lib)
                    + ".",
                ]
            lines.append("")
    lines.append("")
    return "\n".join(lines)


# Chart -----------------------------------------------------------------------------


def chart(data: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    r = data["results"]
    p = data["params"]
    panels = [
        ("1 latency, 1 conn (ms)", [("p50", "latency", "p50_ms"), ("p99", "latency", "p99_ms")], False),
        ("2 throughput (messages/s)",
         [(f"{k} {c}", f"throughput:{k}:{c}", "msgs_per_s") for k in ("sync", "async") for c in p["throughput"]["conns"]],
         False),
        ("2 server CPU per message (µs)",
         [(f"{k} {c}", f"throughput:{k}:{c}", "server_cpu_us_per_msg") for k in ("sync", "async")
          for c in p["throughput"]["conns"]], False),
        ("3 broadcast, trigger → last client (ms, median)",
         [(f"{'mem' if lyr == 'memory' else 'redis'} {c}", f"broadcast:{lyr}:{c}", "p50_ms") for lyr in ("memory", "redis")
          for c in p["broadcast"]["clients"]], True),
        ("4 idle: server RSS per connection (KB)",
         [(f"{c:,}", f"idle:{c}", "kb_per_conn") for c in p["idle"]["clients"]], False),
        ("4 idle: connects per second",
         [(f"{c:,}", f"idle:{c}", "connects_per_s") for c in p["idle"]["clients"]], False),
        ("5 browser: click → DOM updated (ms)", [("mean", "browser", "mean_ms"), ("p50", "browser", "p50_ms")], False),
        ("6 client bundle (KB)", [("min", "bundle", "min_kb"), ("gzip", "bundle", "gzip_kb")], False),
    ]  # fmt: skip
    fig, axes = plt.subplots(2, 4, figsize=(20, 9))
    for ax, (title, groups, log) in zip(axes.flat, panels, strict=False):
        width = 0.27
        for i, server in enumerate(SERVERS):
            xs, ys = [], []
            for g, (_label, key, metric) in enumerate(groups):
                v = value(r, key, server, metric)
                if v is not None:
                    xs.append(g + (i - 1) * width)
                    ys.append(v)
            bars = ax.bar(xs, ys, width, label=server, color=COLORS[server])
            for b, v in zip(bars, ys, strict=False):
                ax.annotate(fmt(v), (b.get_x() + b.get_width() / 2, b.get_height()), ha="center", va="bottom",
                            fontsize=7, rotation=90 if len(groups) > 2 else 0, xytext=(0, 2),
                            textcoords="offset points")  # fmt: skip
        ax.set_xticks(range(len(groups)))
        ax.set_xticklabels([g[0] for g in groups], fontsize=8)
        ax.set_title(title, fontsize=10)
        if log and any(b.get_height() > 0 for b in ax.patches):
            ax.set_yscale("log")
        ax.margins(y=0.25)
        ax.tick_params(axis="y", labelsize=8)
    axes.flat[0].legend(fontsize=8)
    m = data["meta"]
    fig.suptitle(f"liveview benchmark {m['timestamp']}{' (quick)' if m.get('quick') else ''} — ours vs original "
                 f"(django-liveview {m.get('venv_original', {}).get('django-liveview')}) vs raw ASGI floor",
                 fontsize=12)  # fmt: skip
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    fig.savefig(path, dpi=90)
    plt.close(fig)


def write(out: Path, data: dict) -> None:
    data = _with_kb(data)
    (out / "report.md").write_text(markdown(data, out))
    try:
        chart(data, out / "report.png")
    except Exception as exc:
        print(f"chart failed: {exc}", file=sys.stderr)


if __name__ == "__main__":
    path = Path(sys.argv[1])
    write(path.parent, json.loads(path.read_text()))
    print(path.parent / "report.md")
