#!/usr/bin/env bash
# The one command that runs the demo on http://127.0.0.1:8000 (SQLite and the
# in-memory channel layer; set REDIS_URL to use Redis). PORT changes the port.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --demo
export DJANGO_SETTINGS_MODULE=demo.settings
.venv/bin/python example/manage.py migrate --noinput -v 0
echo "liveview demo on http://127.0.0.1:${PORT:-8000}/"
exec .venv/bin/python -m uvicorn demo.asgi:application --app-dir example \
  --host 127.0.0.1 --port "${PORT:-8000}"
