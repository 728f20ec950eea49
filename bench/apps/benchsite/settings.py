"""Settings of the benchmark site, shared by this project and the original.

Production-like: DEBUG off, quiet logging. ``REDIS_URL`` switches the channel
layer to ``channels_redis.core.RedisChannelLayer``; otherwise the in-memory layer.
"""

from __future__ import annotations

import ast
import os
from importlib.util import find_spec
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "bench-only-insecure-key"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "channels",
    "liveview",
    "bench_handlers",
]

MIDDLEWARE: list[str] = []

ROOT_URLCONF = "benchsite.urls"
ASGI_APPLICATION = "benchsite.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {},
    },
]

# Nothing in the benchmark touches the database (no session cookie is sent, so
# the auth middleware resolves an anonymous user without a query).
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

if os.environ.get("REDIS_URL"):
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [os.environ["REDIS_URL"]]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
LANGUAGE_CODE = "en"
STATIC_URL = "/static/"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}


# This project's security limits are policy, not cost: one load generator on
# 127.0.0.1 opens up to 10,000 sockets, connecting hundreds per second, and sends
# as fast as the server answers, so the per-client socket cap, handshake rate and
# per-socket message rate are raised out of the way (a real audience comes from
# many addresses). Their checks still run on every connect and message. The
# Origin check and every other default stay on; the load generator joins the room
# the page issues, as a browser does. The original has no ``LIVEVIEW`` setting;
# the keys are set only when the installed package declares them.
BENCH_LIVEVIEW = {
    "RATE_LIMIT": 1_000_000_000,
    "RATE_LIMIT_BURST": 1_000_000_000,
    "MAX_CONNECTIONS_PER_IP": 1_000_000,
    "HANDSHAKE_RATE": 1_000_000_000,
    "HANDSHAKE_BURST": 1_000_000_000,
}


def _liveview_setting_keys() -> set[str]:
    """Keys of ``liveview.conf.DEFAULTS`` in the installed package, read without importing it."""
    spec = find_spec("liveview")
    if spec is None or spec.origin is None:
        return set()
    conf = Path(spec.origin).parent / "conf.py"
    if not conf.exists():
        return set()
    for node in ast.parse(conf.read_text()).body:
        target = (
            node.target
            if isinstance(node, ast.AnnAssign)
            else (node.targets[0] if isinstance(node, ast.Assign) else None)
        )
        if (
            isinstance(target, ast.Name)
            and target.id == "DEFAULTS"
            and isinstance(node.value, ast.Dict)
        ):
            return {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
    return set()


_known = _liveview_setting_keys()
if _known:
    LIVEVIEW = {k: v for k, v in BENCH_LIVEVIEW.items() if k in _known}
