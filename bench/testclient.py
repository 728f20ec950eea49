"""How much faster the LiveClient mirrors of Playwright tests run than their twins.

    .venv/bin/python bench/testclient.py [--rounds 3]

Runs tests/test_live_client_mirrored.py and the Playwright tests it mirrors, each in
its own pytest process, and prints the time pytest spent in each test (set-up, call
and tear-down, from --durations) and in the whole run. Nothing is asserted: timings
vary with the machine; the report is for reading. Needs what the browser tests need
(chromium).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

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
_DURATION = re.compile(r"^([\d.]+)s (setup|call|teardown)\s+(\S+)$", re.MULTILINE)


def run(targets: list[str]) -> tuple[float, dict[str, float]]:
    """Wall time of one pytest run, and the seconds each test took in it."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", "--durations=0",
         "--durations-min=0", *targets],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    wall = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"pytest failed:\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}")
    per_test: dict[str, float] = {}
    for seconds, _, test in _DURATION.findall(result.stdout):
        name = test.rsplit("::", 1)[-1]
        per_test[name] = per_test.get(name, 0.0) + float(seconds)
    return wall, per_test


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1, help="runs of each set (best kept)")
    rounds = parser.parse_args().rounds
    twins = [f"{path}::{name}" if name else path for path, names in TWINS.items()
             for name in (names or [""])]  # fmt: skip
    best: dict[str, tuple[float, dict[str, float]]] = {}
    for label, targets in (("LiveClient", [MIRRORED]), ("Playwright", twins)):
        results = [run(targets) for _ in range(rounds)]
        best[label] = min(results, key=lambda r: sum(r[1].values()))
    mirror_wall, mirror = best["LiveClient"]
    browser_wall, browser = best["Playwright"]
    shared = sorted(set(mirror) & set(browser))
    print(f"{'test':58} {'LiveClient':>11} {'Playwright':>11} {'ratio':>7}")
    for name in shared:
        ratio = browser[name] / mirror[name] if mirror[name] else float("inf")
        print(f"{name:58} {mirror[name]:10.3f}s {browser[name]:10.3f}s {ratio:6.1f}×")
    in_tests_m = sum(mirror[name] for name in shared)
    in_tests_b = sum(browser[name] for name in shared)
    print(f"{'all ' + str(len(shared)) + ' tests (pytest durations)':58} {in_tests_m:10.3f}s "
          f"{in_tests_b:10.3f}s {in_tests_b / in_tests_m:6.1f}×")  # fmt: skip
    print(f"{'whole pytest run (wall clock, start-up included)':58} {mirror_wall:10.3f}s "
          f"{browser_wall:10.3f}s {browser_wall / mirror_wall:6.1f}×")  # fmt: skip


if __name__ == "__main__":
    main()
