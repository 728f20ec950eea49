"""The supported Django and Python combinations, each in a virtualenv of its own.

``scripts/test.sh`` runs the whole suite (browser tests included) in ``.venv`` on the
main combination, then ``scripts/matrix.sh`` runs the ``matrix`` sessions below: the
non-browser suite on every other combination (its lean part on all but ``NEWEST``).
``nox -l`` lists them;
``nox -s "matrix(3.13-django6.1)"`` runs one.

Environments are created by uv and kept between runs (``reuse_venv``) under .nox/:
installing into a kept one takes a few seconds, creating one from nothing took about a
minute on a loaded 2-core machine (uv's download cache makes the next ones faster).
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv"
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True

#: The main combination runs in .venv (scripts/setup.sh), with the browser tests.
MAIN = ("3.11", "5.2")

#: Django release -> the Pythons it supports among ours (Django 6.0+ needs 3.12).
SUPPORTED = {
    "5.2": ["3.11", "3.12", "3.13"],
    "6.0": ["3.12", "3.13"],
    "6.1": ["3.12", "3.13"],
}

#: The newest Django on the newest Python (what new projects start on) runs the whole
#: non-browser suite; the other combinations run its lean part (below).
NEWEST = ("3.13", "6.1")

#: Every combination skips the browser tests (the client does not change with Python
#: or Django) and the 5,000-socket soak (it measures the server's memory).
MATRIX_ARGS = ["--ignore=tests/browser", "-m", "not soak", "-p", "no:cacheprovider"]

#: The lean part: the tests that run in the test process (consumer, protocol, registry,
#: checks, i18n, docs, ...), tests/test_servers.py (the demo under real uvicorn, daphne
#: and hypercorn), and two real-server modules whose outcome Django's sessions, auth and
#: ALLOWED_HOSTS decide: the original's rooms, cookies and origins
#: (test_compat_servers.py) and sockets closed when their session ends or the user's
#: credentials change (test_revocation_servers.py). It leaves out the tests that start
#: several servers, restart, kill or flood them, or measure their memory (the other
#: tests/test_*_servers.py, tests/test_deployment.py) and the Redis outage tests
#: (tests/test_redis.py: about 100 s, mostly waiting for Redis to come back and for
#: timeouts to pass), which the main combination and NEWEST run. docs/contributing.md has the time budget behind this.
LEAN_SERVER_TESTS = ["compat", "revocation"]
LEAN_ARGS = [
    *(
        f"--ignore=tests/{path.name}"
        for path in sorted((Path(__file__).parent / "tests").glob("test_*_servers.py"))
        if path.stem.removeprefix("test_").removesuffix("_servers") not in LEAN_SERVER_TESTS
    ),
    "--ignore=tests/test_deployment.py",
    "--ignore=tests/test_redis.py",
    # Several processes sharing one Redis (uploads taken over, the shared log of group
    # frames): what they test does not change with Django or Python, and they are slow.
    "--ignore=tests/test_uploads_redis.py",
    "--ignore=tests/test_feed_redis.py",
    "--ignore=tests/test_feed_sync.py",
]


def _prefer_pyenv() -> None:
    """Put pyenv's 3.11-3.13 interpreters first on PATH, when pyenv is installed, so
    ``python3.12`` is the real binary, not a shim that refuses unselected versions.
    Without pyenv, uv finds the interpreter (or downloads it)."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    wanted = {python for pythons in SUPPORTED.values() for python in pythons}
    found = [
        str(path / "bin")
        for path in (sorted(root.iterdir()) if root.is_dir() else [])
        if ".".join(path.name.split(".")[:2]) in wanted and (path / "bin").is_dir()
    ]
    os.environ["PATH"] = os.pathsep.join([*found, os.environ.get("PATH", "")])


_prefer_pyenv()

COMBINATIONS = [
    (python, django)
    for django, pythons in SUPPORTED.items()
    for python in pythons
    if (python, django) != MAIN
]
COMBINATIONS.sort(key=lambda combination: combination != NEWEST)  # the longest starts first


@nox.session
@nox.parametrize(
    ("python", "django"),
    COMBINATIONS,
    ids=[f"{python}-django{django}" for python, django in COMBINATIONS],
)
def matrix(session: nox.Session, django: str) -> None:
    """The non-browser suite (lean but on the newest) on one supported Python and Django."""
    session.install("-e", ".[test,fast]", f"django~={django}.0")
    lean = [] if (session.python, django) == NEWEST else LEAN_ARGS
    session.run("python", "-m", "pytest", *MATRIX_ARGS, *lean, *session.posargs)
