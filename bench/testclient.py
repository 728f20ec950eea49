"""How much faster the LiveClient mirrors of Playwright tests run than their twins.

    .venv/bin/python bench/testclient.py [--rounds 3] [--baseline REF] [--only SIDE]

Runs tests/test_live_client_mirrored.py and the Playwright tests it mirrors, each in
its own pytest process, alternating the two sides for ``--rounds`` rounds (the machine's
noise then falls on both), and prints for each test the median over the rounds of the
time pytest spent in it (set-up, call and tear-down, from its JUnit XML report, to the
millisecond: --durations rounds to 10 ms, longer than most mirrored tests), then the ratio
summed, without the first test, per test (median), and for the whole run (wall clock),
and whether the issue's target (mirrors at least 20 times faster) is met. Nothing is
asserted: timings vary with the machine; the report is for reading. Needs what the
browser tests need (chromium).

``--baseline REF`` also runs the mirrored tests of another commit (checked out in a
temporary git worktree, its ``src`` first on the path) in the same rounds, to compare a
change of the test client with what it replaces under the same load (the two take turns
at running first in a round).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parent.parent
MIRRORED = "tests/test_live_client_mirrored.py"
TWINS = {
    "tests/browser/test_demo_pages.py": [
        "test_quickstart_say_hello",
        "test_broadcast_reaches_a_second_tab",
        "test_post_from_a_server_thread_reaches_every_tab",
        "test_broadcast_empty_message_shows_error_only_to_sender",
        "test_form_validation_errors_then_success",
    ],
    "tests/browser/test_form_values.py": [],  # every test of the file
    "tests/browser/test_custom_data.py": [],
}
TARGET = 20.0
_RAN = re.compile(r"^(\S+::\S+) PASSED", re.MULTILINE)


class Run:
    """One pytest run: wall clock, seconds per test, tests in the order they ran."""

    def __init__(self, wall: float, per_test: dict[str, float], order: list[str]) -> None:
        self.wall, self.per_test, self.order = wall, per_test, order


def run(targets: list[str], cwd: Path = ROOT, src: Path | None = None) -> Run:
    env = dict(os.environ)
    if src is not None:  # another checkout's liveview before the installed (editable) one
        env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")]).rstrip(":")
    with tempfile.TemporaryDirectory(prefix="liveview-testclient-") as tmp:
        report = Path(tmp) / "junit.xml"
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "pytest", "-v", "-p", "no:randomly", "-p", "no:cacheprovider",
             f"--junitxml={report}", *targets],
            cwd=cwd, env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        wall = time.perf_counter() - started
        if result.returncode != 0:
            sys.exit(f"pytest failed in {cwd}:\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}")
        # A test case's time is its set-up, call and tear-down (junit_duration_report=total).
        per_test = {
            case.get("name", ""): float(case.get("time", "0"))
            for case in ElementTree.parse(report).iter("testcase")
        }
    order = [test.rsplit("::", 1)[-1] for test in _RAN.findall(result.stdout)]
    return Run(wall, per_test, order)


@contextmanager
def checkout(ref: str) -> Iterator[Path]:
    """``ref`` in a temporary git worktree, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="liveview-baseline-") as tmp:
        path = Path(tmp) / "tree"
        git = ["git", "-C", str(ROOT)]
        subprocess.run([*git, "worktree", "add", "--detach", "-q", str(path), ref], check=True)
        try:
            yield path
        finally:
            subprocess.run([*git, "worktree", "remove", "--force", str(path)], check=True)


def medians(runs: list[Run]) -> tuple[float, dict[str, float], list[str]]:
    names = set.intersection(*(set(r.per_test) for r in runs))
    per_test = {name: statistics.median(r.per_test[name] for r in runs) for name in names}
    return statistics.median(r.wall for r in runs), per_test, runs[0].order


def ratio_line(label: str, fast: float, slow: float) -> str:
    ratio = slow / fast if fast else float("inf")
    return f"{label:58} {fast:10.3f}s {slow:10.3f}s {ratio:6.1f}×"


def compare(label: str, mirror: list[Run], browser: list[Run]) -> None:
    """The table of one LiveClient side against the Playwright side."""
    mirror_wall, fast, order = medians(mirror)
    browser_wall, slow, _ = medians(browser)
    shared = [name for name in order if name in slow and name in fast]
    print(f"\n{label} ({len(mirror)} runs) against Playwright ({len(browser)} runs), medians")
    print(f"{'test':58} {'LiveClient':>11} {'Playwright':>11} {'ratio':>7}")
    for name in shared:
        print(ratio_line(name, fast[name], slow[name]))
    summed = sum(fast[n] for n in shared), sum(slow[n] for n in shared)
    rest = sum(fast[n] for n in shared[1:]), sum(slow[n] for n in shared[1:])
    median = statistics.median(fast[n] for n in shared), statistics.median(slow[n] for n in shared)
    per_test_ratio = statistics.median(slow[n] / fast[n] for n in shared if fast[n])
    print(ratio_line(f"all {len(shared)} tests, summed", *summed))
    print(ratio_line(f"without the first ({shared[0]})", *rest))
    print(ratio_line("per test, median time", *median))
    print(f"{'per test, median of the ratios':58} {'':11} {'':11} {per_test_ratio:6.1f}×")
    print(ratio_line("whole pytest run (wall clock, start-up included)", mirror_wall, browser_wall))
    summed_ratio = summed[1] / summed[0]
    for what, value in (("summed", summed_ratio), ("per-test median", per_test_ratio)):
        verdict = "met" if value >= TARGET else "NOT met"
        print(f"target ≥{TARGET:.0f}× ({what}): {value:.1f}× — {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="runs of each set (medians kept)")
    parser.add_argument("--baseline", metavar="REF", help="also time this commit's mirrors")
    parser.add_argument("--only", choices=("liveclient",), help="skip the Playwright side")
    options = parser.parse_args()
    twins = [f"{path}::{name}" if name else path for path, names in TWINS.items()
             for name in (names or [""])]  # fmt: skip
    runs: dict[str, list[Run]] = {"LiveClient": [], "baseline": [], "Playwright": []}
    with contextlib_nullable(options.baseline) as baseline:
        for round_number in range(options.rounds):
            print(f"round {round_number + 1}/{options.rounds}", file=sys.stderr, flush=True)
            # The two LiveClient sides take turns at running first: the one after the
            # Playwright run would otherwise always share the machine with its browser's exit.
            sides = [("LiveClient", ROOT, None)]
            if baseline is not None:
                sides.append(("baseline", baseline, baseline / "src"))
            for side, cwd, src in sides[:: -1 if round_number % 2 else 1]:
                runs[side].append(run([MIRRORED], cwd=cwd, src=src))
            if options.only is None:
                runs["Playwright"].append(run(twins))
    if options.only is None:
        compare("LiveClient, this tree", runs["LiveClient"], runs["Playwright"])
        if runs["baseline"]:
            compare(f"LiveClient at {options.baseline}", runs["baseline"], runs["Playwright"])
    else:
        sides = [("this tree", runs["LiveClient"])]
        sides += [(options.baseline, runs["baseline"])] if runs["baseline"] else []
        tables = [medians(side) for _, side in sides]
        print(f"\n{'test':58}" + "".join(f" {label[:11]:>11}" for label, _ in sides))
        for name in tables[0][2]:
            print(f"{name[:58]:58}" + "".join(f" {t[1].get(name, 0.0):10.3f}s" for t in tables))
        for (label, _), (wall, per_test, order) in zip(sides, tables, strict=True):
            print(f"LiveClient, {label}: summed {sum(per_test.values()):.3f}s, without the first "
                  f"{sum(per_test.values()) - per_test.get(order[0], 0.0):.3f}s, per test median "
                  f"{statistics.median(per_test.values()):.3f}s, wall {wall:.3f}s")  # fmt: skip


@contextmanager
def contextlib_nullable(ref: str | None) -> Iterator[Path | None]:
    if ref is None:
        yield None
    else:
        with checkout(ref) as path:
            yield path


if __name__ == "__main__":
    main()
