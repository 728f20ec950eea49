"""``LiveClient``: the synchronous twin of ``AsyncLiveClient``, for ``TestCase`` and
plain pytest functions.

The sockets of every ``LiveClient`` of the process run on one event loop in a daemon
thread, so the clients of a test share the in-process hub (a broadcast by one reaches
the others) and a synchronous test never has to run a loop itself. Each call waits for
its coroutine there; the page is read under the client's lock.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

from liveview import _compat
from liveview.testing.client import AsyncLiveClient
from liveview.testing.dom import Page
from liveview.testing.reading import PageReading

T = TypeVar("T")

_loop: asyncio.AbstractEventLoop | None = None
_loop_lock = threading.Lock()
#: One thread at a time waits on the loop (and serves its thread-sensitive calls).
_calls = threading.RLock()
#: The synchronous clients that loaded a page and are not closed yet (by id).
_open: set[int] = set()


def client_loop() -> asyncio.AbstractEventLoop:
    """The event loop the synchronous clients' sockets run on (started on first use)."""
    global _loop
    with _loop_lock:
        if _loop is None:
            loop = asyncio.new_event_loop()
            thread = threading.Thread(target=loop.run_forever, name="liveview-testing", daemon=True)
            thread.start()
            _loop = loop
        return _loop


def warm_up() -> None:
    """Pay now what the first client of a test run would pay in its test: the clients'
    event loop, the ASGI application's import, the URL resolver, the template engines
    and the parser's first use. Nothing of it touches the database. Soupsieve's
    selector compiler is not warmed: the selectors most tests use never reach it
    (``selectors.py``), and the first test that uses another pays it (about 0.1 s)."""
    from django.conf import settings
    from django.template import engines
    from django.urls import get_resolver
    from django.utils.module_loading import import_string

    from liveview.testing.dom import Page

    client_loop()
    # Only a head start: a project whose application, URLs or templates fail to load
    # gets that failure in the test that uses them, with the client's own message.
    with contextlib.suppress(Exception):
        if getattr(settings, "ASGI_APPLICATION", None):
            import_string(settings.ASGI_APPLICATION)
        get_resolver().reverse_dict  # noqa: B018 - the resolver populates itself on first use
        for engine in engines.all():
            engine.template_dirs  # noqa: B018
    page = Page('<html><body><form id="f"><input name="n"></form></body></html>', "/")
    page.query("#f input[name=n]")


async def _close_idle_hubs() -> None:
    """Stop the hubs of the clients' loop: with no client open, nothing of a finished
    test keeps serving groups in the background (or answers the next test's pushes)."""
    from liveview.hub import hubs_on

    for hub in hubs_on(asyncio.get_running_loop()):
        await hub.aclose()


def close_layer(layer: Any) -> None:
    """Flush ``layer`` and stop the synchronous clients' hub serving it (a Redis layer
    switched on for one test must not keep receiving after it)."""
    from liveview.hub import running_hubs

    async def close() -> None:
        for hub in running_hubs(layer):
            if hub.loop is asyncio.get_running_loop():
                await hub.aclose()
        flush = getattr(layer, "flush", None)
        if flush is not None:
            await flush()
        close_pools = getattr(layer, "close_pools", None)  # channels_redis: this loop's connections
        if close_pools is not None:
            await close_pools()

    asyncio.run_coroutine_threadsafe(close(), client_loop()).result()


class LiveClient(PageReading):
    """One browser tab, synchronous: ``get``, then act and read.

    ``client = LiveClient(); client.get("/"); client.fill("#name", "Ada");
    client.click("#hello"); assert client.text("#greeting") == "Hello, Ada"``.
    Options as ``AsyncLiveClient``. Fetching goes through ``django.test.Client``
    (``client.http``), so ``force_login`` and cookies work as there. Close it (or use it
    as a context manager) at the end of the test. Each action is ``AsyncLiveClient``'s
    (see its docstrings), run on the clients' event loop and waited for.
    """

    def __init__(self, application: Any = None, *, http: Any = None, **options: Any) -> None:
        if http is None:
            from django.test import Client

            http = Client()
        self._client = AsyncLiveClient(application, http=http, **options)

    def _run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        # The caller's thread runs the thread-sensitive database calls of the consumer's
        # middleware meanwhile (the session and user a handshake loads), on the test's
        # own connection: a TestCase's uncommitted session is seen, and SQLite does not
        # lock the socket out of it.
        with _calls:
            result: T = _compat.run_serving_this_thread(client_loop(), coroutine)
        return result

    @property
    def http(self) -> Any:
        return self._client.http

    @property
    def async_client(self) -> AsyncLiveClient:
        """The twin holding the page and the socket; its coroutines run on ``client_loop()``."""
        return self._client

    def force_login(self, user: Any, backend: str | None = None) -> None:
        """Log ``user`` in for the next ``get``, as Django's test client does."""
        self.http.force_login(user, backend)

    def login(self, **credentials: Any) -> bool:
        return bool(self.http.login(**credentials))

    def logout(self) -> None:
        self.http.logout()

    def get(self, url: str, **extra: Any) -> Any:
        """GET ``url`` through Django, load the page and connect; returns the response."""
        response = self.http.get(url, **extra)
        _open.add(id(self))
        self._run(self._client.load(response, url))
        return response

    def open(self, html: str, url: str = "/") -> None:
        _open.add(id(self))
        self._run(self._client.open(html, url))

    def click(self, css: str) -> list[dict[str, Any]]:
        return self._run(self._client.click(css))

    def fill(self, css: str, value: str) -> list[dict[str, Any]]:
        return self._run(self._client.fill(css, value))

    def blur(self, css: str) -> list[dict[str, Any]]:
        return self._run(self._client.blur(css))

    def check(self, css: str, checked: bool = True) -> list[dict[str, Any]]:
        return self._run(self._client.check(css, checked))

    def uncheck(self, css: str) -> list[dict[str, Any]]:
        return self._run(self._client.uncheck(css))

    def select(self, css: str, *values: str) -> list[dict[str, Any]]:
        return self._run(self._client.select(css, *values))

    def submit(self, css: str) -> list[dict[str, Any]]:
        return self._run(self._client.submit(css))

    def press(self, css: str, key: str) -> list[dict[str, Any]]:
        return self._run(self._client.press(css, key))

    def scroll_into_view(self, css: str) -> list[dict[str, Any]]:
        return self._run(self._client.scroll_into_view(css))

    def scroll_out_of_view(self, css: str) -> list[dict[str, Any]]:
        return self._run(self._client.scroll_out_of_view(css))

    def call(self, function: str, **kwargs: Any) -> list[dict[str, Any]]:
        return self._run(self._client.call(function, **kwargs))

    def wait_for_text(self, css: str, text: str, timeout: float = 2.0) -> None:
        self._run(self._client.wait_for_text(css, text, timeout))

    def wait_for(self, predicate: Any, timeout: float = 2.0) -> None:
        self._run(self._client.wait_for(predicate, timeout))

    def drop(self) -> None:
        self._run(self._client.drop())

    def reconnect(self) -> None:
        self._run(self._client.reconnect())

    def close(self) -> None:
        self._run(self._client.close())
        _open.discard(id(self))
        if not _open:
            self._run(_close_idle_hubs())

    def __enter__(self) -> LiveClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def locked_page(self) -> contextlib.AbstractContextManager[Page]:
        return self._client.locked_page()

    @property
    def frames(self) -> list[dict[str, Any]]:
        return list(self._client.frames)

    @property
    def sent(self) -> list[dict[str, Any]]:
        return list(self._client.sent)

    @property
    def room(self) -> str:
        return self._client.room

    @property
    def connected(self) -> bool:
        return self._client.connected

    @property
    def close_code(self) -> int | None:
        return self._client.close_code
