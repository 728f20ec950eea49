"""The distribution's name, and the install commands the docs give."""

from __future__ import annotations

import ast
import importlib.metadata
import re
import tomllib
from pathlib import Path

import liveview

ROOT = Path(__file__).resolve().parent.parent
ORIGINAL = "django-liveview"  # the original project's name on PyPI


def project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def nox_supported():
    """noxfile.SUPPORTED, read without importing nox (not installed in nox's sessions)."""
    tree = ast.parse((ROOT / "noxfile.py").read_text())
    for node in tree.body:
        if isinstance(node, ast.AnnAssign | ast.Assign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(getattr(t, "id", None) == "SUPPORTED" for t in targets):
                return ast.literal_eval(node.value)
    raise AssertionError("noxfile.py has no SUPPORTED")


def test_distribution_name_is_not_the_original_projects():
    name = project()["name"]
    assert name != ORIGINAL
    assert importlib.metadata.version(name) == liveview.__version__


def test_every_install_command_in_the_docs_names_this_distribution():
    name = project()["name"]
    commands = []
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for line in page.read_text().splitlines():
            match = re.search(r"pip install (\"?[A-Za-z0-9_.\-]+(?:\[[a-z,]+\])?\"?)", line)
            if match and "liveview" in match[1]:
                commands.append((page.name, match[1].strip('"').split("[")[0]))
    assert commands, "the docs show how to install"
    assert {package for _, package in commands} == {name}, commands


def test_classifiers_match_the_tested_matrix():
    supported = nox_supported()
    classifiers = project()["classifiers"]
    djangos = {c.rsplit(" ", 1)[1] for c in classifiers if c.startswith("Framework :: Django ::")}
    pythons = {
        c.rsplit(" ", 1)[1]
        for c in classifiers
        if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)
    }
    assert djangos == set(supported)
    assert pythons == {p for ps in supported.values() for p in ps}
    assert (
        project()["requires-python"]
        == f">={min(pythons, key=lambda v: tuple(map(int, v.split('.'))))}"
    )
