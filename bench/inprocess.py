"""Per-message CPU of the ASGI application alone, in one process, without a server.

    bench/.venv-bench/bin/python bench/inprocess.py                     # ours and the floor, sync, 50 conns
    bench/.venv-bench/bin/python bench/inprocess.py --function say_hello_async
    bench/.venv-bench/bin/python bench/inprocess.py --server ours --profile 25   # + cProfile, top 25
    bench/.venv-bench/bin/python bench/inprocess.py --server ours --latency      # 1 conn, round trips

The benchmark's own application (``apps/benchsite/asgi.py``: the documented
``AuthMiddlewareStack``) and the floor's (``apps/floor_app.py``) are called
directly with ASGI ``receive``/``send`` functions of a few lines: N sockets are
connected, then each sends the load generator's message as soon as its previous
reply arrived, as loadgen.py's throughput scenario does. No uvicorn, no
websockets framing, no kernel sockets: what is measured is exactly what differs
between the two servers. CPU time is the whole process's (``time.process_time``,
every thread; the kernel's share from ``os.times``), so it holds still while other jobs load the machine; the harness's
own share is what the floor row pays beyond ``json`` and the handler's work.

``--profile N`` runs the measured messages again under cProfile (one more pass,
which cProfile slows several times: only the shares mean anything) and prints the
top N functions by inclusive and by self time, plus the share of named parts of
the path (``--parts``).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH / "apps"))

MESSAGE = json.dumps(
    {
        "function": "say_hello",
        "form": {"name": "World"},
        "data": {"dataSeq": "1"},
        "lang": "en",
        "room": "bench",
    },
    separators=(",", ":"),
)


def application(server: str) -> Any:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
    if server == "floor":
        import floor_app

        return floor_app.application
    if server == "floor-stack":
        # The floor behind the documented middleware stack: what the stack costs per frame.
        import django

        django.setup()
        import floor_app
        from channels.auth import AuthMiddlewareStack
        from channels.security.websocket import AllowedHostsOriginValidator

        return AllowedHostsOriginValidator(AuthMiddlewareStack(floor_app.application))
    from benchsite.asgi import application as app

    return app


class _NoWatchdog:
    def watch(self, dispatcher: Any) -> None:
        pass

    def forget(self, dispatcher: Any) -> None:
        pass


def ablate(parts: list[str]) -> None:
    """Take named parts out of this project's per-message path, to measure what each
    costs (the difference in CPU per message). For measuring only: the result is not
    a server anyone should run."""
    from liveview import dispatch, i18n, protocol, registry

    for part in parts:
        if part == "db":  # close_old_connections around each sync call
            registry.close_old_connections = lambda **kw: None  # type: ignore[assignment]
        elif part == "i18n":
            i18n.activate = lambda lang, here=True: None  # type: ignore[assignment]
            i18n.in_language = lambda func, *args: func(*args)  # type: ignore[assignment]
        elif part == "watchdog":  # the handler time limit's bookkeeping
            dispatch._watchdog = lambda loop: _NoWatchdog()  # type: ignore[assignment]
        elif part == "rate":  # the per-socket token bucket
            dispatch.Dispatcher._over_rate = lambda self: None  # type: ignore[method-assign]
        elif part == "validate":  # parse: orjson only, no checks, no snake_case walk

            def parse(text: str, loads: Any = protocol._loads, **kw: Any) -> Any:
                raw = loads(text)
                raw.setdefault("form", {})
                raw.setdefault("data", {})
                return raw

            dispatch.parse = parse  # type: ignore[assignment]
        else:
            raise SystemExit(f"unknown part to ablate: {part}")


def scope_for(room: str) -> dict[str, Any]:
    path = f"/ws/liveview/{room}/"
    return {
        "type": "websocket",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "scheme": "ws",
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 40000),
        "root_path": "",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [
            (b"host", b"127.0.0.1:8000"),
            (b"origin", b"http://127.0.0.1:8000"),
            (b"upgrade", b"websocket"),
            (b"connection", b"Upgrade"),
        ],
        "subprotocols": [],
        "state": {},
        "extensions": {"websocket.http.response": {}},
    }


class Socket:
    """One connected socket: ``call`` sends the message and waits for its reply."""

    def __init__(self, app: Any, room: str) -> None:
        self._app = app
        self._room = room
        self._inbox: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._reply: asyncio.Future[Any] | None = None
        self._accepted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.task: asyncio.Task[None] | None = None

    async def open(self) -> None:
        self.task = asyncio.get_running_loop().create_task(
            self._app(scope_for(self._room), self._inbox.get, self._send)
        )
        self._inbox.put_nowait({"type": "websocket.connect"})
        await asyncio.wait_for(self._accepted, 10)

    async def _send(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "websocket.accept":
            self._accepted.set_result(None)
        elif kind == "websocket.send":
            text = message.get("text") or ""
            if '"#greeting"' in text and self._reply is not None and not self._reply.done():
                self._reply.set_result(text)
        elif kind == "websocket.close" and not self._accepted.done():
            self._accepted.set_exception(RuntimeError(f"closed: {message}"))

    async def call(self, text: str) -> None:
        self._reply = asyncio.get_running_loop().create_future()
        self._inbox.put_nowait({"type": "websocket.receive", "text": text})
        await asyncio.wait_for(self._reply, 10)

    async def close(self) -> None:
        self._inbox.put_nowait({"type": "websocket.disconnect", "code": 1000})
        if self.task is not None:
            await asyncio.wait_for(self.task, 10)


async def drive(sockets: list[Socket], text: str, per_socket: int) -> None:
    async def one(socket: Socket) -> None:
        for _ in range(per_socket):
            await socket.call(text)

    await asyncio.gather(*(one(s) for s in sockets))


async def latency(socket: Socket, text: str, calls: int) -> list[float]:
    out = []
    clock = time.perf_counter
    for _ in range(calls):
        t0 = clock()
        await socket.call(text)
        out.append(clock() - t0)
    return out


async def run(a: argparse.Namespace, server: str) -> dict[str, Any]:
    app = application(server)
    if server == "ours" and a.without:
        ablate(a.without)
        result_note = {"without": a.without}
    else:
        result_note = {}
    text = MESSAGE.replace("say_hello", a.function)
    conns = 1 if a.latency else a.conns
    sockets = [Socket(app, "bench") for _ in range(conns)]
    for s in sockets:
        await s.open()
    result: dict[str, Any] = {"server": server, "function": a.function, "conns": conns}
    result.update(result_note)
    if a.latency:
        await latency(sockets[0], text, a.warmup)
        rounds = []
        for _ in range(a.rounds):
            xs = sorted(await latency(sockets[0], text, a.messages))
            rounds.append(xs[len(xs) // 2] * 1e6)
        result["p50_us_rounds"] = [round(x, 1) for x in rounds]
        result["p50_us"] = round(statistics.median(rounds), 1)
    else:
        per_socket = max(1, a.messages // conns)
        await drive(sockets, text, max(1, a.warmup // conns))
        rounds, system = [], []
        for _ in range(a.rounds):
            t0, c0 = os.times(), time.process_time()  # os.times: 10 ms resolution
            await drive(sockets, text, per_socket)
            t1, c1 = os.times(), time.process_time()
            n = per_socket * conns
            rounds.append((c1 - c0) / n * 1e6)
            system.append((t1.system - t0.system) / n * 1e6)
        result["cpu_us_rounds"] = [round(x, 1) for x in rounds]
        result["cpu_us_per_msg"] = round(statistics.median(rounds), 1)
        result["of_which_system_us"] = round(statistics.median(system), 1)
    if a.profile:
        threads = a.profiler == "yappi"
        if threads:  # every thread (the worker threads too), CPU clock
            import yappi

            yappi.set_clock_type("cpu")
            yappi.start(builtins=True)
        else:
            profiler = cProfile.Profile()
            profiler.enable()
        if a.latency:
            await latency(sockets[0], text, a.messages)
        else:
            await drive(sockets, text, max(1, a.messages // conns))
        if threads:
            yappi.stop()
            stats = yappi.convert2pstats(yappi.get_func_stats())
            yappi.clear_stats()
            print_profile(stats, a.profile, a.parts)
        else:
            profiler.disable()
            print_profile(pstats.Stats(profiler), a.profile, a.parts)
    for s in sockets:
        await s.close()
    return result


def print_profile(stats: pstats.Stats, top: int, parts: list[str]) -> None:
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = stats.total_tt  # type: ignore[attr-defined]

    def name(key: Any) -> str:
        file, line, func = key
        for marker in ("site-packages/", "/src/", "/bench/apps/", "/lib/python3.11/"):
            i = file.find(marker)
            if i >= 0:
                file = file[i + len(marker) :]
                break
        return f"{func} ({file}:{line})" if line else func

    print(f"\ncProfile: {total:.3f} s in all (shares of that)")
    rows = sorted(raw.items(), key=lambda kv: kv[1][3], reverse=True)
    print(f"\n{'inclusive':>9} {'self':>6} {'calls':>8}  function")
    for key, (_cc, nc, tt, ct, _callers) in rows[:top]:
        print(f"{100 * ct / total:8.1f}% {100 * tt / total:5.1f}% {nc:8d}  {name(key)}")
    rows = sorted(raw.items(), key=lambda kv: kv[1][2], reverse=True)
    print(f"\n{'self':>6} {'calls':>8}  function (by self time)")
    for key, (_cc, nc, tt, _ct, _callers) in rows[:top]:
        print(f"{100 * tt / total:5.1f}% {nc:8d}  {name(key)}")
    for part in parts:
        matched = [(k, v) for k, v in raw.items() if part in name(k)]
        if matched:
            ct = max(v[3] for _, v in matched)
            print(f"part {part!r}: {100 * ct / total:.1f}% inclusive (largest match)")


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--server",
        default="ours,floor",
        help="comma-separated: ours, floor, floor-stack (the floor behind AuthMiddlewareStack)",
    )
    ap.add_argument(
        "--without",
        default="",
        help="ours only, for measuring: comma-separated parts taken out of the per-message "
        "path (db, i18n, watchdog, rate, validate), see ablate()",
    )
    ap.add_argument("--function", default="say_hello", help="say_hello or say_hello_async")
    ap.add_argument("--conns", type=int, default=50)
    ap.add_argument("--messages", type=int, default=20_000, help="per round")
    ap.add_argument("--warmup", type=int, default=2_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--latency", action="store_true", help="one socket, p50 round trip")
    ap.add_argument("--profile", type=int, default=0, help="cProfile pass, print the top N")
    ap.add_argument(
        "--profiler",
        default="cprofile",
        choices=("cprofile", "yappi"),
        help="cProfile sees the event loop's thread only; yappi (pip install yappi) every thread",
    )
    ap.add_argument("--parts", default="", help="comma-separated function names to report")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    a = ap.parse_args()
    a.parts = [p for p in a.parts.split(",") if p]
    a.without = [p for p in a.without.split(",") if p]
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:  # pragma: no cover
        runner = asyncio.run
    results = []
    for server in a.server.split(","):
        results.append(runner(run(a, server)))
        print(json.dumps(results[-1]) if a.json else results[-1], flush=True)


if __name__ == "__main__":
    main()
