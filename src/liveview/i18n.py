"""The page's language, active around each handler call.

Every message carries ``lang``, read from ``<html lang>`` when it was sent. The
dispatcher activates it (as ``LocaleMiddleware`` does for a request) for the
middleware and the handler, so ``gettext`` and ``{% trans %}`` in the templates a
handler renders speak the page's language. The value is checked against
``settings.LANGUAGES`` with Django's own matching (``fr-ca`` falls back to ``fr``);
anything else falls back to ``LANGUAGE_CODE``, as ``LocaleMiddleware`` falls back
when nothing in a request names a supported language.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation

#: The language of the handler call running in this task. A plain ContextVar, not
#: Django's ``Local``: the worker threads that run sync handlers copy it (asgiref's
#: ``Local`` hides from another thread what the event loop's thread activated).
current: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "liveview_language", default=None
)

#: Longest ``lang`` looked up; longer values are not language tags (BCP 47 tags in
#: use are far shorter), and fall back without a look-up.
MAX_LANG_LENGTH = 35


class _Settings:
    """``USE_I18N`` and ``LANGUAGE_CODE``, read once (no settings look-up per message)."""

    _value: tuple[bool, str] | None = None

    def get(self) -> tuple[bool, str]:
        if self._value is None:
            fallback = settings.LANGUAGE_CODE
            # LocaleMiddleware also ends on LANGUAGE_CODE as written when it matches nothing.
            with suppress(LookupError):
                fallback = translation.get_supported_language_variant(fallback)
            self._value = (bool(settings.USE_I18N), fallback)
        return self._value

    def reset(self) -> None:
        self._value = None


_settings = _Settings()


@receiver(setting_changed)
def _reset(setting: str, **kwargs: Any) -> None:
    if setting in {"USE_I18N", "LANGUAGE_CODE", "LANGUAGES", "LOCALE_PATHS"}:
        _settings.reset()


def resolve(lang: object) -> str | None:
    """The supported language for a message's ``lang``: the best match in
    ``LANGUAGES``, else ``LANGUAGE_CODE``. None when ``USE_I18N`` is off."""
    enabled, fallback = _settings.get()
    if not enabled:
        return None
    if isinstance(lang, str) and lang and len(lang) <= MAX_LANG_LENGTH:
        try:
            # Cached by Django (lru_cache of 1,000 entries), matched as LocaleMiddleware does.
            return translation.get_supported_language_variant(lang)
        except LookupError:
            pass
    return fallback


def activate(lang: object, *, here: bool = True) -> None:
    """Make the language for ``lang`` the one of the handler call about to run in this
    task: ``current`` (which the worker thread of a sync call reads, see ``in_language``)
    and, when ``here``, Django's active language in this task.

    Nothing is restored after the call. The dispatcher calls this in its own task, whose
    context asyncio copied when it created the task, so no other task or socket sees the
    activation, and each handler call activates its own message's language again. Saving
    and restoring the previous language (``translation.override``) cost more than the
    rest of the activation: with no language active, ``get_language()`` raises and
    catches an ``AttributeError`` inside asgiref's ``Local``. ``here`` is False when only
    worker threads run code for the call (a sync handler, no middleware).
    """
    language = resolve(lang)
    current.set(language)
    if here and language is not None:
        translation.activate(language)


def in_language(func: Callable[..., Any], *args: Any) -> Any:
    """Call ``func(*args)`` with the task's language active in this (worker) thread.

    Worker threads run each call in a copy of its caller's context (workers.py), so the
    activation ends with the call: nothing to restore."""
    language = current.get()
    if language is not None:
        translation.activate(language)
    return func(*args)
