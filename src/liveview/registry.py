"""The handler registry and its one default instance.

A handler is ``fn(consumer, content)``, sync or ``async def``. Whether it is
awaited on the event loop or run in a worker thread is decided once, here, at
registration, so the consumer does no inspection per message.
"""

from __future__ import annotations

import functools
import inspect
import logging
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, overload

from django.db import close_old_connections
from django.db.backends.signals import connection_created
from django.dispatch import receiver

from liveview import i18n, workers
from liveview.uploads import Uploads, check_uploads

logger = logging.getLogger(__name__)

# ``content`` is a protocol.ClientMessage; typed Any so handlers annotated with
# ``dict[str, Any]`` (what the docs show) type-check too.
Handler = Callable[[Any, Any], Any]
Middleware = Callable[[Any, Any, str], Any]
_AsyncCall = Callable[[Any, Any], Awaitable[Any]]
_AsyncMiddleware = Callable[[Any, Any, str], Awaitable[bool]]


class _ThreadDatabase(threading.local):
    #: Whether this thread ever opened a database connection.
    opened = False


_thread_db = _ThreadDatabase()


@receiver(connection_created)
def _opened(**kwargs: Any) -> None:
    _thread_db.opened = True


def _in_worker_thread(func: Callable[..., Any]) -> Callable[..., Awaitable[Any]]:
    """Run a sync callable in liveview's worker threads, never on the event loop.

    Several threads, not one: a slow sync handler on one connection must not hold
    up the handlers of every other connection (issue #2). Stale database
    connections are closed around the call, as channels' database_sync_to_async does,
    in the threads that ever opened one: in the others there is nothing to close, and
    asking Django cost 3 µs a call twice (an AttributeError raised and caught per
    database alias). The page's language is activated in the thread for the call (i18n.py).
    """

    def call(*args: Any) -> Any:
        if _thread_db.opened:
            close_old_connections()
        try:
            return i18n.in_language(func, *args)
        finally:
            if _thread_db.opened:
                close_old_connections()

    return functools.partial(workers.pool.run, call)


@dataclass(frozen=True, slots=True)
class Entry:
    """A registered handler: the user's function and how the consumer calls it."""

    func: Handler
    call: _AsyncCall
    #: The file inputs it declared (uploads.py); None: any input, with the defaults.
    uploads: Uploads | None = None
    #: A sync handler: ``call`` runs it in a worker thread.
    threaded: bool = False


def _same_function(a: Callable[..., Any], b: Callable[..., Any]) -> bool:
    # A module reload creates a new function object with the same identity.
    return a is b or (
        getattr(a, "__module__", None) == getattr(b, "__module__", None)
        and getattr(a, "__qualname__", None) == getattr(b, "__qualname__", None)
    )


class LiveViewRegistry:
    """Maps function names sent by the browser to handlers, plus middleware."""

    def __init__(self) -> None:
        self._entries: dict[str, Entry] = {}
        self._middleware: list[Middleware] = []
        self._middleware_chain: _AsyncMiddleware | None = None

    # Registration -----------------------------------------------------------

    @overload
    def register(
        self, name: str, *, uploads: Uploads | None = None
    ) -> Callable[[Handler], Handler]: ...
    @overload
    def register(self, name: str, func: Handler, *, uploads: Uploads | None = None) -> Handler: ...

    def register(
        self, name: str, func: Handler | None = None, *, uploads: Uploads | None = None
    ) -> Handler | Callable[[Handler], Handler]:
        """Register ``func`` under ``name``; without ``func``, return a decorator.

        ``uploads`` declares the file inputs the handler accepts, e.g.
        ``{"avatar": Upload(max_size=2_000_000, accept="image/*")}`` (docs/uploads.md).
        Registering a different function under a taken name replaces it and logs
        a warning; the same function again (a module reload) replaces quietly.
        Raises ``TypeError`` for a non-string or empty name, a non-callable, or an
        ``uploads`` that is not a mapping of names to ``Upload``.
        """
        if not isinstance(name, str) or not name:
            raise TypeError(f"A handler name must be a non-empty str, got {name!r}.")
        declared = check_uploads(uploads)

        def decorator(fn: Handler) -> Handler:
            if not callable(fn):
                raise TypeError(f"Handler {name!r} must be callable, got {fn!r}.")
            old = self._entries.get(name)
            if old is not None and not _same_function(old.func, fn):
                logger.warning(
                    "Handler %r registered again: %s.%s replaces %s.%s.",
                    name,
                    getattr(fn, "__module__", "?"),
                    getattr(fn, "__qualname__", repr(fn)),
                    getattr(old.func, "__module__", "?"),
                    getattr(old.func, "__qualname__", repr(old.func)),
                )
            threaded = not inspect.iscoroutinefunction(fn)
            call = _in_worker_thread(fn) if threaded else fn
            self._entries[name] = Entry(func=fn, call=call, uploads=declared, threaded=threaded)
            return fn

        return decorator if func is None else decorator(func)

    def unregister(self, name: str) -> Handler | None:
        """Remove ``name``; return the removed handler, or None if it was not registered."""
        entry = self._entries.pop(name, None)
        return entry.func if entry else None

    def clear(self) -> None:
        """Remove every handler. Middleware stays: handlers registered again after
        ``clear()`` still run behind it (see ``clear_middleware``)."""
        self._entries.clear()

    def clear_middleware(self) -> None:
        """Remove every middleware (tests that install their own)."""
        self._middleware.clear()
        self._middleware_chain = None

    # Look-ups ---------------------------------------------------------------

    def get_handler(self, name: str) -> Handler | None:
        """Return the function registered as ``name``, or None."""
        entry = self._entries.get(name)
        return entry.func if entry else None

    def get_all_handlers(self) -> dict[str, Handler]:
        """Return a copy of the name → function mapping."""
        return {name: entry.func for name, entry in self._entries.items()}

    def list_functions(self) -> list[str]:
        """Return the registered names, in registration order."""
        return list(self._entries)

    def list_middleware(self) -> list[Middleware]:
        """Return the middleware functions, in the order they run."""
        return list(self._middleware)

    def entry(self, name: str) -> Entry | None:
        """The consumer's look-up: the handler with its prepared caller."""
        return self._entries.get(name)

    # Middleware -------------------------------------------------------------

    def add_middleware(self, func: Middleware) -> Middleware:
        """Run ``func(consumer, content, function_name)`` before every handler.

        Middleware run in registration order; the first to return False cancels
        the call (the middleware may have sent something itself). Sync middleware
        run in a worker thread, so they may use the ORM; ``async def`` ones are
        awaited. Returns ``func``, so this also works as a decorator.
        """
        if not callable(func):
            raise TypeError(f"Middleware must be callable, got {func!r}.")
        self._middleware.append(func)
        self._middleware_chain = self._build_chain()
        return func

    @property
    def middleware(self) -> _AsyncMiddleware | None:
        """One awaitable that runs every middleware in order, or None when there are none."""
        return self._middleware_chain

    def _build_chain(self) -> _AsyncMiddleware:
        if not any(inspect.iscoroutinefunction(m) for m in self._middleware):
            # Common case: one thread hop for the whole chain.
            chain = list(self._middleware)

            def run_sync(consumer: Any, content: dict[str, Any], name: str) -> bool:
                return all(m(consumer, content, name) is not False for m in chain)

            return _in_worker_thread(run_sync)

        steps: list[_AsyncMiddleware] = [
            m if inspect.iscoroutinefunction(m) else _in_worker_thread(m) for m in self._middleware
        ]

        async def run(consumer: Any, content: dict[str, Any], name: str) -> bool:
            for step in steps:
                if await step(consumer, content, name) is False:
                    return False
            return True

        return run


liveview_registry = LiveViewRegistry()


def liveview_handler(name: str, *, uploads: Uploads | None = None) -> Callable[[Handler], Handler]:
    """Decorator registering ``fn(consumer, content)`` as the handler for ``name``.

    Sync handlers run in a worker thread; ``async def`` handlers are awaited on
    the event loop. ``uploads`` declares its file inputs (``content["files"]``).
    See ``LiveViewRegistry.register`` for duplicate names.
    """
    return liveview_registry.register(name, uploads=uploads)
