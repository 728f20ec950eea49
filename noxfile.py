"""The supported Django and Python combinations, each in a virtualenv of its own.

``scripts/test.sh`` runs the whole suite (browser tests included) in ``.venv`` on the
main combination, then ``scripts/matrix.sh`` runs the ``matrix`` sessions below: the
non-browser suite on every other combination. ``nox -l`` lists them;
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

#: Every combination skips the browser tests (the client does not change with Python
#: or Django) and the 5,000-socket soak (it measures the server's memory).
MATRIX_ARGS = ["--ignore=tests/browser", "-m", "not soak", "-p", "no:cacheprovider"]

#: Compiles the environment's packages to bytecode, once: uv does not (pip does), and
#: where PYTHONDONTWRITEBYTECODE is set Python never caches what it compiles, so every
#: process of a session (pytest and each server it starts) compiled Django, channels,
#: redis-py ... from source again: three times the CPU of the same tests in .venv.
#: Files already compiled are skipped, so a kept environment pays about a second.
COMPILE_PACKAGES = (
    "import compileall, sysconfig; "
    "[compileall.compile_dir(path, quiet=2, workers=0) "
    "for path in {sysconfig.get_path('purelib'), sysconfig.get_path('platlib')}]"
)


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


@nox.session
@nox.parametrize(
    ("python", "django"),
    COMBINATIONS,
    ids=[f"{python}-django{django}" for python, django in COMBINATIONS],
)
def matrix(session: nox.Session, django: str) -> None:
    """The non-browser suite on one supported Python and Django."""
    session.install("-e", ".[test,fast]", f"django~={django}.0")
    session.run("python", "-c", COMPILE_PACKAGES, silent=True)
    session.run("python", "-m", "pytest", *MATRIX_ARGS, *session.posargs)
