"""Settings read once, refreshed when a test changes them.

The per-message path must not look settings up (STYLE.md), so every value it
needs lives on the module-level ``config`` object, rebuilt on ``setting_changed``.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

from liveview.navigation import build_id, reset_manifest_hash

#: Every key of the ``LIVEVIEW`` setting with its default. docs/security.md and
#: docs/installation.md describe each one.
DEFAULTS: dict[str, Any] = {
    "MAX_MESSAGE_SIZE": 64 * 1024,
    "MAX_DEPTH": 32,
    "MAX_KEYS": 1000,
    "ALLOW_MISSING_ORIGIN": True,
    "ALLOWED_ORIGINS": [],
    "REQUIRE_SIGNED_ROOMS": False,
    "ROOM_MAX_AGE": 24 * 60 * 60,
    "RATE_LIMIT": 100,
    "RATE_LIMIT_BURST": 20,
    "RATE_LIMIT_STRIKES": 50,
    "MAX_CONNECTIONS_PER_IP": 100,
    "MAX_QUEUED_FRAMES": 1000,
    "PRESENCE_TTL": 15,
    "HANDSHAKE_RATE": 20,
    "HANDSHAKE_BURST": 200,
    "CLIENT_IP_HEADER": None,
    "HANDLER_TIMEOUT": 60,
    "BUILD_ID": None,
    "UPLOAD_MAX_FILE_SIZE": 10 * 1024 * 1024,
    "UPLOAD_MAX_FILES": 10,
    "UPLOAD_MAX_SOCKET_BYTES": 100 * 1024 * 1024,
    "UPLOAD_MAX_USER_BYTES": 200 * 1024 * 1024,
    "UPLOAD_MAX_USER_FILES": 50,
    "UPLOAD_MAX_PROCESS_BYTES": 2 * 1024 * 1024 * 1024,
    "UPLOAD_TIMEOUT": 600,
    "UPLOAD_DIR": None,
    "FEED_MAX_FRAMES": 1000,
    "FEED_MAX_AGE": 120,
    "FEED_MAX_CHARS": 1024 * 1024,
    "FEED_SHARED": True,
}

_POSITIVE_INTS = {
    "MAX_MESSAGE_SIZE", "MAX_DEPTH", "MAX_KEYS", "ROOM_MAX_AGE", "RATE_LIMIT",
    "RATE_LIMIT_BURST", "RATE_LIMIT_STRIKES", "MAX_CONNECTIONS_PER_IP", "MAX_QUEUED_FRAMES", "PRESENCE_TTL",
    "HANDSHAKE_RATE", "HANDSHAKE_BURST", "HANDLER_TIMEOUT", "UPLOAD_MAX_FILE_SIZE",
    "UPLOAD_MAX_FILES", "UPLOAD_MAX_SOCKET_BYTES", "UPLOAD_MAX_USER_BYTES", "UPLOAD_MAX_USER_FILES",
    "UPLOAD_MAX_PROCESS_BYTES", "UPLOAD_TIMEOUT", "FEED_MAX_FRAMES", "FEED_MAX_AGE", "FEED_MAX_CHARS",
}  # fmt: skip
_BOOLS = {"ALLOW_MISSING_ORIGIN", "REQUIRE_SIGNED_ROOMS", "FEED_SHARED"}


@dataclass(frozen=True)
class Config:
    debug: bool
    max_message_size: int
    max_depth: int
    max_keys: int
    allow_missing_origin: bool
    allowed_origins: frozenset[str]
    allowed_hosts: tuple[str, ...]
    require_signed_rooms: bool
    room_max_age: int
    rate_limit: int
    rate_limit_burst: int
    rate_limit_strikes: int
    max_connections_per_ip: int
    max_queued_frames: int
    presence_ttl: int
    handshake_rate: int
    handshake_burst: int
    client_ip_header: str | None  # as found in an ASGI scope: lowercase bytes, decoded
    handler_timeout: int
    build_id: str | None  # None: no build identifier, pages are never reported stale
    upload_max_file_size: int
    upload_max_files: int
    upload_max_socket_bytes: int
    upload_max_user_bytes: int
    upload_max_user_files: int
    upload_max_process_bytes: int
    upload_timeout: int
    upload_dir: str  # where partial uploads live; shared by the processes of one machine
    feed_max_frames: int
    feed_max_age: int
    feed_max_chars: int
    feed_shared: bool


def _check(key: str, value: Any) -> None:
    if key in _POSITIVE_INTS:
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ImproperlyConfigured(f"LIVEVIEW[{key!r}] must be a positive int, got {value!r}.")
    elif key in _BOOLS:
        if not isinstance(value, bool):
            raise ImproperlyConfigured(f"LIVEVIEW[{key!r}] must be True or False, got {value!r}.")
    elif key == "CLIENT_IP_HEADER" and value is not None and not isinstance(value, str):
        raise ImproperlyConfigured(
            f"LIVEVIEW['CLIENT_IP_HEADER'] must be a header name like 'X-Real-IP' or None, "
            f"got {value!r}."
        )
    elif key == "BUILD_ID" and value is not None and (not isinstance(value, str) or not value):
        raise ImproperlyConfigured(
            f"LIVEVIEW['BUILD_ID'] must be a non-empty string (a release or commit id) or None, "
            f"got {value!r}."
        )
    elif key == "UPLOAD_DIR" and value is not None and not isinstance(value, str):
        raise ImproperlyConfigured(
            f"LIVEVIEW['UPLOAD_DIR'] must be a directory path or None, got {value!r}."
        )
    elif key == "ALLOWED_ORIGINS" and (
        not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value)
    ):
        raise ImproperlyConfigured(
            f"LIVEVIEW['ALLOWED_ORIGINS'] must be a list of origins like "
            f"'https://example.com:8443', got {value!r}."
        )


def _load() -> Config:
    user = getattr(settings, "LIVEVIEW", {})
    if not isinstance(user, dict):
        raise ImproperlyConfigured(f"LIVEVIEW must be a dict, got {type(user).__name__}.")
    unknown = set(user) - set(DEFAULTS)
    if unknown:
        raise ImproperlyConfigured(
            f"Unknown LIVEVIEW setting(s) {sorted(unknown)}; valid keys are {sorted(DEFAULTS)}."
        )
    values = {**DEFAULTS, **user}
    for key, value in values.items():
        _check(key, value)
    allowed_hosts = list(settings.ALLOWED_HOSTS)
    if settings.DEBUG and not allowed_hosts:
        # What Django itself accepts for an empty ALLOWED_HOSTS under DEBUG.
        allowed_hosts = [".localhost", "127.0.0.1", "[::1]"]
    return Config(
        debug=bool(settings.DEBUG),
        max_message_size=values["MAX_MESSAGE_SIZE"],
        max_depth=values["MAX_DEPTH"],
        max_keys=values["MAX_KEYS"],
        allow_missing_origin=values["ALLOW_MISSING_ORIGIN"],
        allowed_origins=frozenset(o.rstrip("/") for o in values["ALLOWED_ORIGINS"]),
        allowed_hosts=tuple(allowed_hosts),
        require_signed_rooms=values["REQUIRE_SIGNED_ROOMS"],
        room_max_age=values["ROOM_MAX_AGE"],
        rate_limit=values["RATE_LIMIT"],
        rate_limit_burst=values["RATE_LIMIT_BURST"],
        rate_limit_strikes=values["RATE_LIMIT_STRIKES"],
        max_connections_per_ip=values["MAX_CONNECTIONS_PER_IP"],
        max_queued_frames=values["MAX_QUEUED_FRAMES"],
        presence_ttl=values["PRESENCE_TTL"],
        handshake_rate=values["HANDSHAKE_RATE"],
        handshake_burst=values["HANDSHAKE_BURST"],
        client_ip_header=(values["CLIENT_IP_HEADER"] or "").lower() or None,
        handler_timeout=values["HANDLER_TIMEOUT"],
        build_id=build_id(values["BUILD_ID"]),
        upload_max_file_size=values["UPLOAD_MAX_FILE_SIZE"],
        upload_max_files=values["UPLOAD_MAX_FILES"],
        upload_max_socket_bytes=values["UPLOAD_MAX_SOCKET_BYTES"],
        upload_max_user_bytes=values["UPLOAD_MAX_USER_BYTES"],
        upload_max_user_files=values["UPLOAD_MAX_USER_FILES"],
        upload_max_process_bytes=values["UPLOAD_MAX_PROCESS_BYTES"],
        upload_timeout=values["UPLOAD_TIMEOUT"],
        upload_dir=values["UPLOAD_DIR"] or _default_upload_dir(),
        feed_max_frames=values["FEED_MAX_FRAMES"],
        feed_max_age=values["FEED_MAX_AGE"],
        feed_max_chars=values["FEED_MAX_CHARS"],
        feed_shared=values["FEED_SHARED"],
    )


def _default_upload_dir() -> str:
    # Django's own choice for temporary uploads, in a directory of ours.
    base = getattr(settings, "FILE_UPLOAD_TEMP_DIR", None) or tempfile.gettempdir()
    return os.path.join(base, "liveview-uploads")


class _Lazy:
    """Builds the Config on first use, so importing liveview needs no settings."""

    _value: Config | None = None

    def get(self) -> Config:
        if self._value is None:
            self._value = _load()
        return self._value

    def reset(self) -> None:
        self._value = None


config = _Lazy()


@receiver(setting_changed)
def _reset(setting: str, **kwargs: Any) -> None:
    if setting in {"DEBUG", "LIVEVIEW", "ALLOWED_HOSTS", "SECRET_KEY", "FILE_UPLOAD_TEMP_DIR"}:
        config.reset()
    if setting in {"STORAGES", "STATICFILES_STORAGE"}:
        reset_manifest_hash()
        config.reset()
