"""The deployments of docs/deployment.md, for tests/test_deployment.py.

uvicorn with several workers, daphne, hypercorn, ``runserver`` and nginx in front,
each serving the demo; plus the socket helpers those tests share. Readiness is a
log line wherever the server prints one after it listens; only ``runserver``
needs a bounded connect loop.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import socket
import sys
import time
from contextlib import AsyncExitStack
from pathlib import Path

import pytest
from websockets.asyncio.client import ClientConnection, connect

from tests.servers import (
    EXAMPLE,
    ROOT,
    START_TIMEOUT,
    DemoServer,
    Process,
    free_port,
    open_page,
    require_binary,
)

DOC = ROOT / "docs" / "deployment.md"
FRAME_TIMEOUT = 10.0


# Servers ------------------------------------------------------------------------------


class UvicornWorkers(DemoServer):
    """``uvicorn --workers N --host 127.0.0.1 --port P``: the supervisor binds the port
    itself and shares it with its workers (``--fd`` is not reliable with workers)."""

    def __init__(self, database: Path, *, workers: int = 2, **kwargs) -> None:
        super().__init__(database, **kwargs)
        self.workers = workers
        self.worker_pids: list[int] = []

    def start(self) -> None:
        self.sock.close()  # keep the port number, let uvicorn bind it
        args = [
            sys.executable,
            "-m",
            "uvicorn",
            "demo.asgi:application",
            "--workers",
            str(self.workers),
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "info",
            "--no-access-log",
        ]
        self.process = Process(args, env=self.env())
        # Lines of the workers interleave: count both kinds in one pass.
        pids: set[int] = set()
        started = 0
        while len(pids) < self.workers or started < self.workers:
            match = self.process.wait_for(
                r"Started server process \[(\d+)\]|Application startup complete"
            )
            if match[1]:
                pids.add(int(match[1]))
            else:
                started += 1
        self.worker_pids = sorted(pids)


class HypercornServer(DemoServer):
    """``hypercorn demo.asgi:application --bind 127.0.0.1:P --workers W``."""

    def __init__(self, database: Path, *, workers: int = 1, **kwargs) -> None:
        super().__init__(database, **kwargs)
        self.workers = workers
        self.worker_pids: list[int] = []

    def start(self) -> None:
        self.sock.close()  # hypercorn binds the port itself, once, for all its workers
        args = [
            sys.executable,
            "-m",
            "hypercorn",
            "demo.asgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--websocket-ping-interval",
            "20",
        ]
        self.process = Process(args, env=self.env())
        # Each worker logs "[<pid>] [INFO] Running on http://..." once it serves.
        self.worker_pids = sorted(
            int(self.process.wait_for(r"\[(\d+)\] \[INFO\] Running on")[1])
            for _ in range(self.workers)
        )


class DaphneServer(DemoServer):
    """``daphne -b 127.0.0.1 -p P --proxy-headers``, as the docs run it."""

    def start(self) -> None:
        self.sock.close()  # daphne binds the port itself
        args = [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(self.port),
            "--proxy-headers",
            "demo.asgi:application",
        ]
        self.process = Process(args, env=self.env())
        self.process.wait_for(r"Listening on TCP address")


class RunserverDaphne(DemoServer):
    """``manage.py runserver`` with ``daphne`` first in INSTALLED_APPS (the demo's)."""

    def start(self) -> None:
        self.sock.close()  # runserver binds the port itself
        args = [
            sys.executable,
            str(EXAMPLE / "manage.py"),
            "runserver",
            f"127.0.0.1:{self.port}",
            "--noreload",
        ]
        self.process = Process(args, env=self.env())
        self.process.wait_for(r"Starting ASGI/Daphne version .* development server")
        # Printed before it binds, and daphne logs nothing after: wait for the port.
        wait_for_port(self.process, self.port)


def wait_for_port(process: Process, port: int, timeout: float = START_TIMEOUT) -> None:
    """Return once 127.0.0.1:``port`` accepts a connection; fail if ``process`` exits
    first or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if process.proc.poll() is not None:
                pytest.fail(f"{process.args[0]} exited before listening:\n{process.log()}")
            if time.monotonic() > deadline:
                process.stop()
                pytest.fail(f"nothing listened on port {port} in {timeout}s:\n{process.log()}")
            time.sleep(0.05)


# nginx --------------------------------------------------------------------------------


def documented_nginx_locations(host_header: str = "$http_host") -> str:
    """The ``location /ws/`` and ``location /`` blocks of docs/deployment.md, verbatim
    (``proxy_set_header Host`` swapped for ``host_header`` when asked)."""
    text = DOC.read_text()
    blocks = re.findall(r"```nginx\n(.*?)```", text, re.DOTALL)
    config = next((b for b in blocks if "location /ws/" in b), None)
    assert config is not None, f"{DOC} has no ```nginx block with `location /ws/`"
    locations = [_block(config, "location /ws/ {"), _block(config, "location / {")]
    result = "\n".join(locations)
    if host_header != "$http_host":
        assert "proxy_set_header Host $http_host;" in result
        result = result.replace("$http_host", host_header)
    return result


def _block(config: str, opening: str) -> str:
    start = config.find(opening)
    assert start >= 0, f"no {opening!r} in the documented nginx config"
    depth = 0
    for index in range(start, len(config)):
        if config[index] == "{":
            depth += 1
        elif config[index] == "}":
            depth -= 1
            if depth == 0:
                return config[start : index + 1]
    raise AssertionError(f"unbalanced braces after {opening!r}")


class Nginx:
    """Debian's nginx on a free loopback port, in front of ``backend_port``, with the
    documented locations; every file it writes lives in ``directory``."""

    def __init__(self, directory: Path, backend_port: int, locations: str) -> None:
        # Debian installs nginx in /usr/sbin, which is not on a normal user's PATH.
        self.binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
        if self.binary is None:
            self.binary = require_binary("nginx", "nginx")  # fails, saying what to install
        self.directory = directory
        self.port = free_port()
        self.config = directory / "nginx.conf"
        # As root the workers would run as "nobody", who cannot enter pytest's
        # private tmp directories: keep them as the user running the tests.
        user = "user root;" if os.geteuid() == 0 else ""
        temp = {
            name: directory / name for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        }
        self.config.write_text(
            f"""
daemon off;
{user}
worker_processes 1;
pid {directory}/nginx.pid;
error_log stderr notice;
events {{ worker_connections 256; }}
http {{
    access_log {directory}/access.log;
    client_body_temp_path {temp["client_body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    upstream liveview {{
        server 127.0.0.1:{backend_port};
    }}
    server {{
        listen 127.0.0.1:{self.port};
{locations}
    }}
}}
"""
        )
        self.process: Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        args = [self.binary, "-e", "stderr", "-p", str(self.directory), "-c", str(self.config)]
        self.process = Process(args)
        # The master binds every listen address while reading the configuration,
        # before it forks workers: this line means connections are accepted.
        self.process.wait_for(r"start worker process \d+")

    def close(self) -> None:
        if self.process is not None:
            self.process.stop()


# Sockets ------------------------------------------------------------------------------


def page_socket(base_url: str, path: str = "/"):
    """connect() for the socket of a freshly loaded ``path`` of ``base_url``, with
    the page's signed room, Origin and session cookie."""
    room, headers = open_page(base_url, path)
    ws_base = "ws" + base_url.removeprefix("http")
    return connect(f"{ws_base}/ws/liveview/{room}/", additional_headers=headers, open_timeout=10)


async def call(ws: ClientConnection, function: str, **form: str) -> None:
    await ws.send(json.dumps({"function": function, "form": form, "data": {}, "lang": "en"}))


async def next_frame(ws: ClientConnection, target: str, timeout: float = FRAME_TIMEOUT) -> dict:
    """The next frame for ``target``, skipping others (a sender's own #post-error
    reset); an error frame fails the test."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        remaining = deadline - asyncio.get_running_loop().time()
        try:
            frame = json.loads(await asyncio.wait_for(ws.recv(), max(remaining, 0)))
        except TimeoutError:
            pytest.fail(f"no {target} frame within {timeout}s")
        assert "error" not in frame, frame
        if frame.get("target") == target:
            return frame


async def assert_round_trip(ws: ClientConnection, name: str) -> None:
    await call(ws, "say_hello", name=name)
    frame = await next_frame(ws, "#greeting")
    assert f"Hello, {name}" in frame["html"]


async def assert_broadcast(sender: ClientConnection, sockets: list, text: str) -> None:
    """``sender`` posts ``text`` on the /broadcast/ page; every socket, the sender
    included, gets the #messages frame."""
    await call(sender, "post_message", author="deploy", message=text)
    for ws in sockets:
        frame = await next_frame(ws, "#messages")
        assert text in frame["html"]


async def sockets_on_every_worker(
    stack: AsyncExitStack,
    server: DemoServer,
    worker_pids: list[int],
    *,
    at_least: int = 8,
    at_most: int = 40,
) -> dict[ClientConnection, int]:
    """Open /broadcast/ sockets until there are ``at_least`` and every worker holds
    one; returns each socket's worker pid. The kernel picks the worker: ``at_most``
    bounds the attempts."""
    holders: dict[ClientConnection, int] = {}
    while len(holders) < at_least or set(holders.values()) != set(worker_pids):
        if len(holders) >= at_most:
            pytest.fail(
                f"{at_most} sockets all landed on workers {sorted(set(holders.values()))} "
                f"of {worker_pids}"
            )
        ws = await stack.enter_async_context(page_socket(server.url, "/broadcast/"))
        holders[ws] = worker_holding(ws, server.port, worker_pids)
    return holders


def worker_holding(ws: ClientConnection, server_port: int, pids: list[int]) -> int:
    """Which of ``pids`` holds the server end of ``ws``, read from /proc (Linux).

    The handshake is over, so the worker has accepted the connection already."""
    client_port = ws.local_address[1]
    inode = _server_end_inode(server_port, client_port)
    link = f"socket:[{inode}]"
    for pid in pids:
        fd_dir = Path(f"/proc/{pid}/fd")
        for fd in fd_dir.iterdir():
            try:
                if os.readlink(fd) == link:
                    return pid
            except FileNotFoundError:  # closed while we looked
                continue
    raise AssertionError(f"no process of {pids} holds the connection from port {client_port}")


def _server_end_inode(server_port: int, client_port: int) -> str:
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            next(rows)  # header
            for row in rows:
                fields = row.split()
                local, remote, inode = fields[1], fields[2], fields[9]
                if (
                    int(local.rsplit(":", 1)[1], 16) == server_port
                    and int(remote.rsplit(":", 1)[1], 16) == client_port
                ):
                    return inode
    raise AssertionError(f"no TCP connection {client_port} -> {server_port} in /proc/net")
