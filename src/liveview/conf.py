"""Settings read once, refreshed when a test changes them.

The per-message path must not look settings up (STYLE.md), so every value it
needs lives on the module-level ``config`` object, rebuilt on ``setting_changed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

DEFAULTS: dict[str, Any] = {
    # Largest inbound text frame, in characters; bigger frames close the socket with 1009.
    "MAX_MESSAGE_SIZE": 64 * 1024,
    # Deepest nesting of objects/arrays accepted in an inbound message.
    "MAX_DEPTH": 32,
    # Most object keys accepted in one inbound message, all levels together.
    "MAX_KEYS": 1000,
}


@dataclass(frozen=True)
class Config:
    debug: bool
    max_message_size: int
    max_depth: int
    max_keys: int


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
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise ImproperlyConfigured(f"LIVEVIEW[{key!r}] must be a positive int, got {value!r}.")
    return Config(
        debug=bool(settings.DEBUG),
        max_message_size=values["MAX_MESSAGE_SIZE"],
        max_depth=values["MAX_DEPTH"],
        max_keys=values["MAX_KEYS"],
    )


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
    if setting in {"DEBUG", "LIVEVIEW"}:
        config.reset()
