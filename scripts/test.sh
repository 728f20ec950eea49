#!/usr/bin/env bash
# The one command that runs every test: installs what is missing, checks the
# committed browser bundle matches its source, runs the JavaScript unit tests,
# the linters and type checks, builds the docs, then pytest on the main combination
# (Python 3.11, Django 5.2: unit, consumer, real servers with a real redis-server,
# and Playwright on Debian's chromium) with branch coverage, then the non-browser
# suite on every other supported Python and Django (scripts/matrix.sh).
# Extra arguments go to the main pytest run; LIVEVIEW_MATRIX=0 skips the matrix.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

echo "== frontend: bundle up to date, type check, unit tests with branch coverage"
(cd frontend && node build.mjs --check && npm run --silent check)
.venv/bin/python scripts/client_coverage.py

echo "== python: ruff, mypy, pre-commit config"
.venv/bin/ruff check src tests example scripts noxfile.py
.venv/bin/ruff format --check src tests example scripts noxfile.py
.venv/bin/mypy
.venv/bin/pre-commit validate-config .pre-commit-config.yaml

echo "== docs: mkdocs build --strict (links between pages)"
.venv/bin/mkdocs build --strict --quiet --site-dir "$(mktemp -d)"

echo "== pytest (main combination, with branch coverage)"
start=$SECONDS
# coverage starts before pytest, so the modules pytest's entry-point plugin (liveview's
# own, liveview.testing.pytest_plugin) imports at start-up are measured from their first line.
.venv/bin/python -m coverage erase
.venv/bin/python -m coverage run -m pytest "$@"
.venv/bin/python -m coverage report
echo "== pytest: $((SECONDS - start)) s"

if [ "${LIVEVIEW_MATRIX:-1}" != 0 ]; then
  scripts/matrix.sh
fi
