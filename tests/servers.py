"""Real processes for tests: redis-server and an ASGI server serving the demo.

Readiness is awaited by reading each process's own "ready" log line, never by
sleeping. A missing binary is a test failure with the command to install it.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Mapping, Sequence
from contextlib import closing
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "example"
START_TIMEOUT = 30


def require_binary(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"{name!r} is not installed, and this test needs the real thing. "
            f"Install it with: apt-get install {package} (scripts/setup.sh does this as root).",
            pytrace=False,
        )
    return path


class Process:
    """A child process whose output is read line by line in a thread."""

    def __init__(self, args: list[str], *, env: Mapping[str, str] | None = None, pass_fds=()):
        self.args = args
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.output: list[str] = []
        self.proc = subprocess.Popen(
            args,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=dict(env) if env is not None else None,
            cwd=ROOT,
            pass_fds=pass_fds,
            start_new_session=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.output.append(line)
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, pattern: str, timeout: float = START_TIMEOUT) -> re.Match[str]:
        """Block until a line matching ``pattern`` is printed; fail on exit or timeout."""
        regex = re.compile(pattern)
        while True:
            try:
                line = self.lines.get(timeout=timeout)
            except queue.Empty:
                self.stop()
                pytest.fail(
                    f"{self.args[0]} did not print {pattern!r} in {timeout}s:\n{self.log()}"
                )
            if line is None:
                pytest.fail(
                    f"{self.args[0]} exited ({self.proc.wait()}) before {pattern!r}:\n{self.log()}"
                )
            match = regex.search(line)
            if match:
                return match

    def log(self) -> str:
        return "".join(self.output[-60:])

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self._reader.join(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def listening_socket(port: int = 0) -> socket.socket:
    """A bound, listening socket on loopback, to hand to a server: on ``port``, or on a
    free one when it is 0."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    def __init__(self, binary: str, port: int | None = None) -> None:
        self.binary = binary
        self.port = port or free_port()
        self.process: Process | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = Process(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--protected-mode",
                "no",
            ]
        )
        self.process.wait_for(r"Ready to accept connections")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None:
            self.process.stop(sig)


class DemoServer:
    """The demo project under a real ASGI server on a free loopback port."""

    def __init__(
        self,
        database: Path,
        *,
        redis_url: str | None = None,
        server: str = "uvicorn",
        extra_env: Mapping[str, str] | None = None,
        settings: str = "demo.settings",
        app: str = "demo.asgi:application",
        server_args: Sequence[str] = (),
    ) -> None:
        self.settings = settings
        self.app = app
        self.server_args = list(server_args)  # uvicorn options, such as ``--ws wsproto``
        self.database = database
        self.redis_url = redis_url
        self.server = server
        self.extra_env = dict(extra_env or {})
        self.sock = listening_socket()
        self.port = self.sock.getsockname()[1]
        self.process: Process | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def env(self) -> dict[str, str]:
        env = {**os.environ, **self.extra_env}
        env["DJANGO_SETTINGS_MODULE"] = self.settings
        env["DEMO_DB"] = str(self.database)
        env["PYTHONPATH"] = os.pathsep.join([str(EXAMPLE), str(ROOT)])
        env["PYTHONUNBUFFERED"] = "1"
        env.pop("REDIS_URL", None)
        if self.redis_url:
            env["REDIS_URL"] = self.redis_url
        return env

    def start(self) -> None:
        if self.process is not None:
            self.process.stop()  # a restart: release the previous run's pipes
        fd = self.sock.fileno()
        if self.server == "uvicorn":
            args = [
                sys.executable,
                "-m",
                "uvicorn",
                self.app,
                "--fd",
                str(fd),
                "--log-level",
                "info",
                "--no-access-log",
                *self.server_args,
            ]
            ready = r"Uvicorn running|Application startup complete"
        elif self.server == "daphne":
            args = [sys.executable, "-m", "daphne", "--fd", str(fd), self.app]
            ready = r"Listening on"
        else:
            raise ValueError(f"unknown server {self.server!r}; use 'uvicorn' or 'daphne'")
        self.process = Process(args, env=self.env(), pass_fds=(fd,))
        self.process.wait_for(ready)

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process is not None:
            self.process.stop(sig)

    def pause(self, sig: int = signal.SIGTERM) -> None:
        """Stop the server and free its port, so that connections are refused (not left
        waiting in the listen backlog) until ``resume()``. SIGKILL makes it a crash."""
        self.stop(sig)
        self.sock.close()

    def resume(self) -> None:
        """Start the server again on the same port, after ``pause()``."""
        self.sock = listening_socket(self.port)
        self.start()

    def rss_kib(self) -> int:
        """Resident memory of the server process, from /proc."""
        assert self.process is not None
        with open(f"/proc/{self.process.proc.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise AssertionError("no VmRSS line")

    def close(self) -> None:
        self.stop()
        self.sock.close()


def count_orders(database: Path) -> int:
    """How many orders the demo's ``place_order`` handler saved in ``database``.

    ``closing``: ``with sqlite3.connect()`` alone ends a transaction, not the
    connection, and Python 3.13 reports a connection left for the garbage
    collector as a ResourceWarning, an error in whatever test runs then."""
    with closing(sqlite3.connect(database)) as db:
        return int(db.execute("SELECT COUNT(*) FROM pages_order").fetchone()[0])


def migrate(database: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "demo.settings",
        "DEMO_DB": str(database),
        "PYTHONPATH": os.pathsep.join([str(EXAMPLE), str(ROOT)]),
    }
    result = subprocess.run(
        [sys.executable, str(EXAMPLE / "manage.py"), "migrate", "--noinput", "-v", "0"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"migrate failed:\n{result.stdout}\n{result.stderr}")


def open_page(base_url: str, path: str = "/") -> tuple[str, dict[str, str]]:
    """GET a page as a browser would: its signed ``data-room`` and the headers
    (Origin and session cookie) a socket for that page must send."""
    import urllib.request

    with urllib.request.urlopen(base_url + path, timeout=10) as response:
        html = response.read().decode()
        cookies = response.headers.get_all("Set-Cookie") or []
    match = re.search(r'data-room="([^"]+)"', html)
    assert match, f"no data-room in {path}"
    cookie = "; ".join(c.split(";", 1)[0] for c in cookies)
    headers = {"Origin": base_url}
    if cookie:
        headers["Cookie"] = cookie
    return match[1], headers
