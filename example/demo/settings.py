"""Settings of the liveview demo: embedded defaults, nothing to set up.

SQLite and the in-memory channel layer by default; set ``REDIS_URL`` (for
example ``redis://127.0.0.1:6379/0``) to use Redis, as several processes need.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "demo-only-insecure-key-change-me")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

INSTALLED_APPS = [
    "daphne",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "liveview",
    "pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "demo.urls"
ASGI_APPLICATION = "demo.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DEMO_DB", str(BASE_DIR / "db.sqlite3")),
    }
}

if os.environ.get("REDIS_URL"):
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [os.environ["REDIS_URL"]]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Pages served from another origin whose sockets come here (webSocketConfig.host pointing at
# this server), comma-separated: DEMO_ALLOWED_ORIGINS=http://127.0.0.1:8001
LIVEVIEW: dict[str, object] = {}
if os.environ.get("DEMO_ALLOWED_ORIGINS"):
    LIVEVIEW["ALLOWED_ORIGINS"] = os.environ["DEMO_ALLOWED_ORIGINS"].split(",")
# The strict, opt-in room mode (docs/security.md), shown by the "Refused room" page:
# DEMO_REQUIRE_SIGNED_ROOMS=1
if os.environ.get("DEMO_REQUIRE_SIGNED_ROOMS") == "1":
    LIVEVIEW["REQUIRE_SIGNED_ROOMS"] = True

# The build identifier pages and sockets carry (docs/navigation.md); a deploy sets a new one
# and open tabs reload when it is safe. Unset: from the static files manifest, if any.
if os.environ.get("DEMO_BUILD_ID"):
    LIVEVIEW["BUILD_ID"] = os.environ["DEMO_BUILD_ID"]
# login_required sends visitors to the demo's sign-in page.
LOGIN_URL = "account"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "en"
# The languages the language page offers; pages/locale holds their catalogs, compiled
# by scripts/setup.sh. liveview activates the message's lang among these in handlers.
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español"), ("de", "Deutsch")]
USE_TZ = True
STATIC_URL = "/static/"
# Where the uploads page stores avatars and attachments (served under DEBUG by demo/urls.py).
MEDIA_URL = "/media/"
MEDIA_ROOT = os.environ.get("DEMO_MEDIA", str(BASE_DIR / "media"))
if os.environ.get("DEMO_UPLOAD_DIR"):  # partial uploads, shared by the demo's processes
    LIVEVIEW["UPLOAD_DIR"] = os.environ["DEMO_UPLOAD_DIR"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {"liveview": {"handlers": ["console"], "level": "INFO"}},
}
