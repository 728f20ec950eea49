#!/usr/bin/env bash
# Installs what the demo and the tests need: system packages (as root, when
# missing), a virtualenv in .venv with the package and its test tools, and the
# frontend's npm packages. Safe to run again; it only does what is missing.
#   scripts/setup.sh          everything (tests)
#   scripts/setup.sh --demo   just what the demo needs (no browser, no Redis, no npm)
set -euo pipefail
cd "$(dirname "$0")/.."

demo_only=0
[ "${1:-}" = "--demo" ] && demo_only=1

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "liveview needs Python >= 3.11 (set PYTHON=/path/to/python3.x)." >&2
  exit 1
fi

if [ "$demo_only" = 0 ]; then
  missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v chromium >/dev/null || [ -n "${LIVEVIEW_CHROMIUM:-}" ] || missing+=(chromium)
  command -v node >/dev/null || missing+=(nodejs npm)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v msgfmt >/dev/null || missing+=(gettext)  # compilemessages, for the demo's catalogs
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "Installing ${missing[*]} with apt-get..."
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "Missing system packages: ${missing[*]}" >&2
      echo "Install them with: sudo apt-get install ${missing[*]}" >&2
      exit 1
    fi
  fi
fi

if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  # The distribution was called django-liveview before (the original's name on PyPI).
  .venv/bin/python -m pip uninstall -q -y django-liveview 2>/dev/null || true
  .venv/bin/python -m pip install -q -e ".[test,dev]"
  touch "$stamp"
fi

# The demo's translation catalogs (example/*/locale), compiled as Django's
# compilemessages does (msgfmt --check-format), when a .po is newer than its .mo.
for po in example/*/locale/*/LC_MESSAGES/*.po; do
  [ -f "${po%.po}.mo" ] && [ "${po%.po}.mo" -nt "$po" ] && continue
  if command -v msgfmt >/dev/null; then
    msgfmt --check-format -o "${po%.po}.mo" "$po"
  else
    echo "gettext's msgfmt is missing, so $po is not compiled (the demo stays in English)." >&2
    echo "Install it with: sudo apt-get install gettext" >&2
    break
  fi
done

if [ "$demo_only" = 0 ]; then
  if [ ! -d frontend/node_modules ] || [ frontend/package-lock.json -nt frontend/node_modules ]; then
    (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
    touch frontend/node_modules
  fi
fi
