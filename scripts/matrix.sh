#!/usr/bin/env bash
# Runs the non-browser suite on every supported Python and Django other than the
# main combination (noxfile.py, session "matrix"), MATRIX_JOBS sessions at a time
# (default: all of them at once; a session spends most of its time waiting on its
# servers, Redis and sockets: alone, one used 87 CPU-s in 206 s; docs/contributing.md).
# Each session's output goes to .nox/logs/<session>.log and is printed when the
# session fails; the time each took is printed as it ends. Arguments go to pytest in
# every session.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .nox/logs
mapfile -t sessions < <(.venv/bin/nox -l --json | .venv/bin/python -c '
import json, sys
for s in json.load(sys.stdin):
    if s["name"] == "matrix":
        print(s["session"])')
jobs=${MATRIX_JOBS:-${#sessions[@]}}

run_one() {
  local session=$1; shift
  local log=".nox/logs/${session//[^A-Za-z0-9.]/_}.log"
  local start=$SECONDS
  if .venv/bin/nox --no-color -s "$session" -- "$@" >"$log" 2>&1; then
    local summary
    summary=$(grep -E '^=+ .*(passed|failed).* in ' "$log" | tail -n 1 | tr -d '=' | xargs)
    echo "  ok    $session: $((SECONDS - start)) s in all; pytest: $summary"
  else
    echo "  FAIL  $session: $((SECONDS - start)) s, log $log:"
    tail -n 60 "$log" | sed 's/^/        /'
    return 1
  fi
}
export -f run_one

echo "== matrix: ${#sessions[@]} sessions, $jobs at a time"
start=$SECONDS
status=0
printf '%s\0' "${sessions[@]}" | xargs -0 -P "$jobs" -I{} bash -c 'run_one "$@"' _ {} "$@" || status=1
echo "== matrix: $((SECONDS - start)) s in all"
exit $status
