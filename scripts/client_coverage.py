"""Branch coverage of the browser client's unit tests, with a floor.

Runs ``node --test`` with V8 coverage (lcov), adds up the branches of frontend/src/,
prints the total and fails under FLOOR. The floor only rises (docs/contributing.md).
DOM behaviour is covered by the browser tests, which V8 coverage here does not see.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

FLOOR = 90.5  # percent of frontend/src branches taken by frontend/test (measured: 90.6%)
FRONTEND = Path(__file__).resolve().parent.parent / "frontend"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        lcov = Path(tmp) / "lcov.info"
        subprocess.run(
            [
                "node", "--test", "--experimental-test-coverage",
                "--test-reporter=lcov", f"--test-reporter-destination={lcov}",
                "--test-reporter=dot", "--test-reporter-destination=stdout", "test/",
            ],
            cwd=FRONTEND,
            check=True,
        )  # fmt: skip
        found = hit = 0
        source = ""
        for line in lcov.read_text().splitlines():
            if line.startswith("SF:"):
                source = line[3:]
            elif source.startswith("src/") and line.startswith("BRF:"):
                found += int(line[4:])
            elif source.startswith("src/") and line.startswith("BRH:"):
                hit += int(line[4:])
    percent = 100.0 * hit / found if found else 0.0
    print(f"client branch coverage: {hit}/{found} branches of frontend/src, {percent:.1f}%")
    if percent < FLOOR:
        print(f"below the floor of {FLOOR}%", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
