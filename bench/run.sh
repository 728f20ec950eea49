#!/usr/bin/env bash
# The one command of the benchmark suite:  bash bench/run.sh [--quick] [run.py options]
#                                      or:  bash bench/run.sh testclient [testclient.py options]
#                                      or:  bash bench/run.sh uploads [uploads.py options]
#
# Creates (once, and again when a requirements file changes) two virtualenvs:
#   bench/.venv-bench     this repo's liveview (editable) + the floor + load generator + report tools
#   bench/.venv-original  django-liveview==2.5.0 from PyPI, with the same Django/Channels/uvicorn pins
# then runs bench/run.py. See bench/README.md.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCH")"
PYTHON="${BENCH_PYTHON:-python3}"

# The test client against Playwright runs the project's own tests, and the upload benchmark
# starts the demo: the project's .venv (scripts/setup.sh) has their dependencies.
if [[ "${1:-}" == "testclient" || "${1:-}" == "uploads" ]]; then
  script="$BENCH/$1.py"
  shift
  [[ -x "$REPO/.venv/bin/python" ]] || { echo "missing $REPO/.venv: run scripts/setup.sh first" >&2; exit 1; }
  cd "$REPO"
  exec "$REPO/.venv/bin/python" "$script" "$@"
fi

setup_venv() {  # setup_venv DIR REQUIREMENTS HASHED_FILE [extra pip args...]
  local dir="$1" req="$2" hashed="$3"; shift 3
  local stamp="$dir/.bench-stamp"
  local want
  want="$(cat "$BENCH/requirements-common.txt" "$req" "$hashed" | sha256sum | cut -c1-16) $*"
  if [[ -x "$dir/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return
  fi
  if [[ ! -x "$dir/bin/python" ]]; then
    echo "[setup] creating $dir" >&2
    "$PYTHON" -m venv "$dir"
  else
    echo "[setup] updating $dir" >&2
  fi
  "$dir/bin/python" -m pip install -q --disable-pip-version-check -r "$req" "$@"
  echo "$want" > "$stamp"
}

# The repo's pyproject.toml is in the stamp of .venv-bench: new dependencies get installed.
setup_venv "$BENCH/.venv-bench" "$BENCH/requirements-bench.txt" "$REPO/pyproject.toml" -e "$REPO[redis]"
setup_venv "$BENCH/.venv-original" "$BENCH/requirements-original.txt" /dev/null

for tool in taskset redis-server; do
  command -v "$tool" >/dev/null || { echo "missing $tool (apt-get install util-linux redis-server)" >&2; exit 1; }
done
[[ -x /usr/bin/chromium ]] || echo "[setup] /usr/bin/chromium missing: the browser scenario will report n/a (apt-get install chromium)" >&2

# 10,000 idle sockets need ~10,100 descriptors in the server and in the load generator.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# The log of group frames shared through Redis: cost per broadcast with it on and off, in
# the same run (bench/feed.py; printed, not part of the report).
"$BENCH/.venv-bench/bin/python" "$BENCH/feed.py" >&2 || echo "[feed] bench/feed.py failed" >&2

exec "$BENCH/.venv-bench/bin/python" "$BENCH/run.py" "$@"
