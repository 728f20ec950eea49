"""Test settings: the demo's settings, with a throwaway database."""

from __future__ import annotations

from demo.settings import *  # noqa: F403

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING = {"version": 1, "disable_existing_loggers": False}

TEMPLATES[0]["DIRS"] = [BASE_DIR.parent / "tests" / "templates"]  # noqa: F405
