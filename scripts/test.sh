#!/usr/bin/env bash
# The one command that runs every test: installs what is missing, checks the
# committed browser bundle matches its source, runs the JavaScript unit tests,
# the linters and type checks, then pytest (unit, consumer, real servers with a
# real redis-server, and Playwright on Debian's chromium). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

echo "== frontend: bundle up to date, unit tests, type check"
(cd frontend && node build.mjs --check && npm test --silent && npm run --silent check)

echo "== python: ruff, mypy"
.venv/bin/ruff check src tests example
.venv/bin/ruff format --check src tests example
.venv/bin/mypy

echo "== pytest"
exec .venv/bin/python -m pytest "$@"
