"""``AsyncLiveClient``: a browser tab's liveview client, without the browser.

It holds a parsed page, a socket to the real consumer (in process, through channels'
communicator) and applies every frame the server sends, as ``client.js`` does. Its
actions build the message the browser would build for the element and return once
the server acknowledged it (and every message it triggered, such as ``init`` calls of
inserted elements), with every frame that came before the acknowledgement applied.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import uuid
from collections.abc import Callable, Iterator
from http.cookies import SimpleCookie
from typing import Any

from bs4.element import NavigableString, Tag

from liveview.testing import actions, forms
from liveview.testing.communicator import TEST_ORIGIN, LiveViewCommunicator
from liveview.testing.dom import Event, Page, normalize_text
from liveview.testing.exceptions import (
    ElementNotFound,
    LiveClientError,
    NotConnected,
    NothingSent,
    ServerError,
    WaitTimeout,
)

#: Seconds an action waits for the server's acknowledgement.
ACK_TIMEOUT = 10.0
_BINDING_PREFIXES = ("data-liveview-", "data-data-")


def describe(element: Tag) -> str:
    """The element's opening tag, as a failure message quotes it."""
    attributes = "".join(f' {name}="{value}"' for name, value in element.attrs.items())
    text = f"<{element.name}{attributes}>"
    return text if len(text) <= 120 else text[:119] + "…>"


def _signature(element: Tag) -> str:
    """``bindingSignature`` in ``morph.js``: an element whose binding attributes changed
    is, for the page, a new one."""
    return "\n".join(
        sorted(
            f"{name}={value}"
            for name, value in element.attrs.items()
            if name != "data-liveview-key"
            and (name.startswith(_BINDING_PREFIXES) or name == "data-action")
        )
    )


class AsyncLiveClient:
    """One browser tab, for async tests; ``LiveClient`` is the synchronous twin.

    ``application`` defaults to ``settings.ASGI_APPLICATION``; ``ws_path`` is the socket
    path the page's ``window.webSocketConfig`` would give (default ``/ws/liveview/``).
    With ``raise_server_errors`` (the default) an action the server answers with an
    ``error`` frame raises ``ServerError``; the frames stay in ``errors`` either way.
    """

    def __init__(
        self,
        application: Any = None,
        *,
        ws_path: str = "/ws/liveview/",
        raise_server_errors: bool = True,
        timeout: float = ACK_TIMEOUT,
        http: Any = None,
    ) -> None:
        self._application = application
        self.ws_path = ws_path if ws_path.endswith("/") else ws_path + "/"
        self.raise_server_errors = raise_server_errors
        self.timeout = timeout
        self._http = http
        self._page: Page | None = None
        self._lock = threading.RLock()
        self.frames: list[dict[str, Any]] = []
        #: Messages sent, in order (each as the browser would have sent it).
        self.sent: list[dict[str, Any]] = []
        self.room = ""
        self.close_code: int | None = None
        self._comm: LiveViewCommunicator | None = None
        self._dropped: list[LiveViewCommunicator] = []  # closed abruptly, maybe still ending
        self._reader: asyncio.Task[None] | None = None
        self._pending: dict[str, dict[str, Any]] = {}  # ref -> message, until acknowledged
        self._queued: list[dict[str, Any]] = []  # sent while not connected
        self._waiters: list[asyncio.Future[None]] = []
        self._tab = ""
        self._refs = 0
        self._visible: set[int] = set()

    # Set-up

    @property
    def http(self) -> Any:
        """The Django test client the page is fetched with (its cookies go to the socket)."""
        if self._http is None:
            from django.test import AsyncClient

            self._http = AsyncClient()
        return self._http

    @property
    def application(self) -> Any:
        if self._application is None:
            from django.conf import settings
            from django.utils.module_loading import import_string

            self._application = import_string(settings.ASGI_APPLICATION)
        return self._application

    async def force_login(self, user: Any, backend: str | None = None) -> None:
        """Log ``user`` in for the next ``get``, as Django's test client does."""
        from asgiref.sync import sync_to_async

        await sync_to_async(self.http.force_login)(user, backend)

    async def get(self, url: str, **extra: Any) -> Any:
        """GET ``url`` through Django, load the page and connect its socket; returns the
        response. The page's ``data-liveview-init`` elements are called, and acknowledged,
        before this returns."""
        response = await self.http.get(url, **extra)
        await self.load(response, url)
        return response

    async def load(self, response: Any, url: str) -> None:
        if response.status_code != 200:
            raise LiveClientError(f"GET {url} answered {response.status_code}, not a page")
        chain = getattr(response, "redirect_chain", None)
        final = chain[-1][0] if chain else url
        await self.open(response.content.decode(response.charset or "utf-8"), final)

    async def open(self, html: str, url: str = "/") -> None:
        """Load ``html`` as if the browser had navigated to ``url``, and connect."""
        await self.close()
        with self._lock:
            self._page = Page(html, url)
            self.room = str(self._page.document.get("data-room", "")) or str(uuid.uuid4())
        self._tab = uuid.uuid4().hex[:8]
        self._refs = 0
        self._pending.clear()
        self._queued.clear()
        self._visible.clear()
        await self._connect()
        await self._initialise(self.page.body)
        await self._settle("loading the page")

    async def _connect(self) -> LiveViewCommunicator:
        headers = []
        cookie = self._cookie_header()
        if cookie:
            headers.append((b"cookie", cookie.encode()))
        comm = LiveViewCommunicator(
            self.application,
            self.room,
            path=self.ws_path + "{room}/",
            origin=TEST_ORIGIN,
            headers=headers,
        )
        connected, code = await comm.connect(timeout=self.timeout)
        if not connected:
            self.close_code = code
            raise NotConnected(f"the server refused the socket (close code {code})", self.frames)
        self._comm = comm
        self.close_code = None
        self._reader = asyncio.get_running_loop().create_task(self._read(comm))
        return comm

    def _cookie_header(self) -> str:
        cookies: SimpleCookie = self.http.cookies
        return "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())

    # Reading the page

    @property
    def page(self) -> Page:
        if self._page is None:
            raise LiveClientError("no page loaded: call get(url) first")
        return self._page

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Page]:
        with self._lock:
            yield self.page

    def query(self, css: str) -> Tag | None:
        """The first element matching ``css``, or None (a Beautiful Soup ``Tag``)."""
        with self._reading() as page:
            return page.query(css)

    def query_all(self, css: str) -> list[Tag]:
        with self._reading() as page:
            return page.query_all(css)

    def exists(self, css: str) -> bool:
        return self.query(css) is not None

    def text(self, css: str) -> str:
        """The element's text, whitespace collapsed (what a reader sees, roughly)."""
        with self._reading() as page:
            return normalize_text(self._require(page, css).get_text())

    def html(self, css: str) -> str:
        """The element's inner HTML."""
        with self._reading() as page:
            return self._require(page, css).decode_contents()

    def value(self, css: str) -> str:
        """A field's current value (``field.value``)."""
        with self._reading() as page:
            return forms.field_value(self._require(page, css))

    @property
    def url(self) -> str:
        """The page's path and query, moved by the server's ``url`` frames."""
        with self._reading() as page:
            return page.url

    @property
    def history(self) -> list[str]:
        with self._reading() as page:
            return list(page.history)

    @property
    def title(self) -> str:
        with self._reading() as page:
            return page.title

    @property
    def events(self) -> list[Event]:
        """Every ``event`` the server dispatched, in order."""
        with self._reading() as page:
            return list(page.events)

    @property
    def scripts(self) -> list[str]:
        """JavaScript the server sent (``script`` frames and scripts in HTML); not run."""
        with self._reading() as page:
            return list(page.scripts)

    @property
    def errors(self) -> list[dict[str, Any]]:
        """The server's ``error`` frames."""
        with self._reading() as page:
            return list(page.errors)

    @property
    def console(self) -> list[str]:
        """What the browser client would have reported as errors (missing targets, ...)."""
        with self._reading() as page:
            return list(page.console)

    @property
    def connected(self) -> bool:
        return self._comm is not None

    def _require(self, page: Page, css: str) -> Tag:
        try:
            return page.require(css)
        except ElementNotFound as exc:
            exc.frames = list(self.frames)
            raise

    # Actions

    async def click(self, css: str) -> list[dict[str, Any]]:
        """Click the element: ``click->page#run`` on it or an ancestor; a submit button
        of a form without a click binding submits the form. Returns what was sent."""
        element = self._require(self.page, css)
        calls, orphans = actions.route(element, "click")
        if not calls and self._submits(element):
            form = forms.form_owner(element, self.page.soup)
            if form is not None:
                calls, orphans = actions.route(form, "submit")
        return await self._run(f"click on {css!r}", "click", element, calls, orphans)

    async def fill(self, css: str, value: str) -> list[dict[str, Any]]:
        """Type ``value`` into an input or textarea (replacing what it held) and fire
        ``input``, as Playwright's ``fill`` does. Sends only if something binds
        ``input``; ``change`` fires on ``blur(css)``."""
        element = self._require(self.page, css)
        if element.name not in ("input", "textarea") or forms.type_of(element) in (
            "checkbox", "radio", "submit", "button", "reset", "image", "file",
        ):  # fmt: skip
            raise LiveClientError(f"cannot fill {describe(element)}: not a text field", self.frames)
        with self._lock:
            if element.name == "textarea":
                element.clear()
                element.append(NavigableString(value))
            else:
                element["value"] = value
            self.page.active = element
        return await self._dispatch(f"fill of {css!r}", "input", element)

    async def blur(self, css: str) -> list[dict[str, Any]]:
        """The user leaves the field: ``change``, then ``blur`` (``focusout`` does not
        reach ``page#run`` bindings of other events)."""
        element = self._require(self.page, css)
        with self._lock:
            if self.page.active is element:
                self.page.active = None
        sent = await self._dispatch(f"change of {css!r}", "change", element)
        return sent + await self._dispatch(f"blur of {css!r}", "blur", element)

    async def check(self, css: str, checked: bool = True) -> list[dict[str, Any]]:
        """Check (or uncheck) a checkbox or radio, then fire ``input`` and ``change``."""
        element = self._require(self.page, css)
        kind = forms.type_of(element)
        if kind not in ("checkbox", "radio"):
            raise LiveClientError(f"cannot check {describe(element)}: not a checkbox or radio")
        if kind == "radio" and not checked:
            raise LiveClientError("a radio cannot be unchecked: check another one")
        with self._lock:
            if kind == "radio":
                self._uncheck_group(element)
            if checked:
                element["checked"] = ""
            elif element.has_attr("checked"):
                del element["checked"]
        sent = await self._dispatch(f"check of {css!r}", "input", element)
        return sent + await self._dispatch(f"check of {css!r}", "change", element)

    async def uncheck(self, css: str) -> list[dict[str, Any]]:
        return await self.check(css, checked=False)

    async def select(self, css: str, *values: str) -> list[dict[str, Any]]:
        """Select the options with these values (or labels) of a ``<select>``, then fire
        ``input`` and ``change``."""
        element = self._require(self.page, css)
        if element.name != "select":
            raise LiveClientError(f"cannot select in {describe(element)}: not a <select>")
        options = forms.options_of(element)
        chosen = []
        for wanted in values:
            match = next((o for o in options if forms.option_value(o) == wanted), None)
            match = match or next(
                (o for o in options if normalize_text(o.get_text()) == wanted), None
            )
            if match is None:
                known = ", ".join(repr(forms.option_value(o)) for o in options)
                raise LiveClientError(f"{css!r} has no option {wanted!r} (options: {known})")
            chosen.append(match)
        if len(chosen) > 1 and not element.has_attr("multiple"):
            raise LiveClientError(f"{css!r} is not a <select multiple>")
        with self._lock:
            for option in options:
                if option in chosen:
                    option["selected"] = ""
                elif option.has_attr("selected"):
                    del option["selected"]
        sent = await self._dispatch(f"select in {css!r}", "input", element)
        return sent + await self._dispatch(f"select in {css!r}", "change", element)

    async def submit(self, css: str) -> list[dict[str, Any]]:
        """Submit the form ``css`` is (or is in): ``submit->page#run`` on it or above."""
        element = self._require(self.page, css)
        form = element if element.name == "form" else forms.form_owner(element, self.page.soup)
        if form is None:
            raise NothingSent(f"submit of {css!r} sent nothing: it is not in a <form>", self.frames)
        calls, orphans = actions.route(form, "submit")
        return await self._run(f"submit of {css!r}", "submit", form, calls, orphans)

    async def press(self, css: str, key: str) -> list[dict[str, Any]]:
        """Press ``key`` ("esc", "ctrl+s", "Enter") with the focus on the element: the
        nearest keyboard map that binds it (scoped, then the page-wide one on ``<body>``)
        calls its function. A ``keydown->page#run`` binding is honoured too."""
        element = self._require(self.page, css)
        combo = actions.parse_pressed(key)
        description = f"press of {key!r} on {css!r}"
        bound = actions.key_binding(element, self.page.body, combo)
        if bound is not None:
            return await self._call(description, [(bound[0], bound[1])])
        calls, orphans = actions.route(element, "keydown", combo)
        if calls or orphans:
            return await self._run(description, "keydown", element, calls, orphans)
        raise NothingSent(
            f"{description} sent nothing: no keyboard map binds {str(combo)!r}", self.frames
        )

    async def scroll_into_view(self, css: str) -> list[dict[str, Any]]:
        """The element enters the viewport: its ``data-liveview-intersect-appear`` is
        called (once, until it leaves again)."""
        element = self._require(self.page, css)
        function = element.get("data-liveview-intersect-appear")
        if id(element) in self._visible:
            return []
        self._visible.add(id(element))
        if not function:
            if element.has_attr("data-liveview-intersect-disappear"):
                return []
            raise NothingSent(
                f"scroll of {css!r} into view sent nothing: no data-liveview-intersect-appear",
                self.frames,
            )
        return await self._call(f"scroll of {css!r} into view", [(element, str(function))])

    async def scroll_out_of_view(self, css: str) -> list[dict[str, Any]]:
        """The element, seen before, leaves the viewport: ``-intersect-disappear``."""
        element = self._require(self.page, css)
        if id(element) not in self._visible:
            return []
        self._visible.discard(id(element))
        function = element.get("data-liveview-intersect-disappear")
        return (
            await self._call(f"scroll of {css!r} out of view", [(element, str(function))])
            if function
            else []
        )

    async def call(
        self,
        function: str,
        *,
        form: dict[str, Any] | None = None,
        data: dict[str, str] | None = None,
    ) -> list[dict[str, Any]]:
        """Send ``function`` as no element of the page would: a raw message, acknowledged."""
        message = self._message_for(function, form or {}, data or {}, None)
        await self._send(message)
        await self._settle(f"call of {function!r}")
        return [message]

    # Waiting

    async def wait_for_text(self, css: str, text: str, timeout: float = 2.0) -> None:
        """Wait until the element's text contains ``text`` (frames that arrive on their
        own, a broadcast or a push, are applied as they come). Fails with what the
        element holds."""

        def holds() -> bool:
            element = self.page.query(css)
            return element is not None and text in normalize_text(element.get_text())

        try:
            await self.wait_for(holds, timeout)
        except WaitTimeout:
            element = self.page.query(css)
            holds_now = (
                "no element matches it"
                if element is None
                else f"it holds {normalize_text(element.get_text())!r}"
            )
            raise WaitTimeout(
                f"waited {timeout}s for {css!r} to contain {text!r}; {holds_now}", self.frames
            ) from None

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 2.0) -> None:
        """Wait until ``predicate()`` is true, checking after each frame applied."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            with self._lock:
                if predicate():
                    return
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise WaitTimeout(f"waited {timeout}s and the condition never held", self.frames)
            waiter = loop.create_future()
            self._waiters.append(waiter)
            with contextlib.suppress(TimeoutError, asyncio.TimeoutError):
                await asyncio.wait_for(waiter, remaining)

    # Connection

    async def drop(self) -> None:
        """The connection is lost (as when the network goes): the server sees the socket
        close abnormally; messages not acknowledged are kept to be replayed."""
        comm = self._comm
        if comm is None:
            raise NotConnected("drop(): the client is not connected")
        self._comm = None
        # A lost connection waits for nothing: the server ends the socket on its own time.
        await self._stop(comm, 1006, wait=False)
        self._dropped.append(comm)

    async def reconnect(self) -> None:
        """Open a new socket for the same page and room, then send what the browser
        sends first: messages written and not acknowledged, flagged ``replay``, then
        those made while disconnected; returns once all are acknowledged."""
        if self._comm is not None:
            raise LiveClientError("reconnect(): the client is connected; drop() it first")
        comm = await self._connect()
        queued, self._queued = self._queued, []
        for message in list(self._pending.values()):
            if message not in queued:
                await comm.send_json_to({**message, "replay": True})
        for message in queued:
            await comm.send_json_to(message)
        await self._settle("reconnecting")

    async def close(self) -> None:
        """Close the socket as a tab closing does (code 1001). The page stays readable."""
        comm, self._comm = self._comm, None
        if comm is not None:
            await self._stop(comm, 1001)
        dropped, self._dropped = self._dropped, []
        for old in dropped:
            with contextlib.suppress(asyncio.CancelledError):
                await old.wait(timeout=self.timeout)

    async def _stop(self, comm: LiveViewCommunicator, code: int, wait: bool = True) -> None:
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reader
        await comm.send_input({"type": "websocket.disconnect", "code": code})
        if wait:
            with contextlib.suppress(asyncio.CancelledError):
                await comm.wait(timeout=self.timeout)
        self._wake()

    async def __aenter__(self) -> AsyncLiveClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # Internals

    def _submits(self, element: Tag) -> bool:
        if element.name == "button":
            return str(element.get("type", "submit")).lower() == "submit"
        return element.name == "input" and forms.type_of(element) in ("submit", "image")

    def _uncheck_group(self, radio: Tag) -> None:
        name = radio.get("name")
        if not name:
            return
        owner = forms.form_owner(radio, self.page.soup)
        for other in self.page.soup.find_all("input", attrs={"name": name}):
            if (
                isinstance(other, Tag)
                and forms.type_of(other) == "radio"
                and forms.form_owner(other, self.page.soup) is owner
            ) and other.has_attr("checked"):
                del other["checked"]

    async def _dispatch(self, description: str, event: str, element: Tag) -> list[dict[str, Any]]:
        calls, orphans = actions.route(element, event)
        if not calls and not orphans:
            return []  # nothing listens: a browser sends nothing either, and that is fine
        return await self._run(description, event, element, calls, orphans)

    async def _run(
        self,
        description: str,
        event: str,
        element: Tag,
        calls: list[actions.Call],
        orphans: list[Tag],
    ) -> list[dict[str, Any]]:
        if not calls:
            if orphans:
                reason = (
                    f'{describe(orphans[0])} binds {event} but is not inside data-controller="page"'
                )
            else:
                reason = (
                    f"no data-action binds {event}->page#run on {describe(element)} or above it"
                )
            raise NothingSent(f"{description} sent nothing: {reason}", self.frames)
        named = []
        for call in calls:
            function = call.element.get("data-liveview-function")
            if function:
                named.append((call.element, str(function)))
            else:
                self.page.console.append(
                    f"data-liveview-function is missing; nothing sent: {describe(call.element)}"
                )
        if not named:
            raise NothingSent(
                f"{description} sent nothing: no data-liveview-function on {describe(calls[0].element)}",
                self.frames,
            )
        return await self._call(description, named)

    async def _call(self, description: str, calls: list[tuple[Tag, str]]) -> list[dict[str, Any]]:
        errors_before = len(self.page.errors)
        with self._lock:
            messages = [self._message(element, function) for element, function in calls]
        for message in messages:
            await self._send(message)
        await self._settle(description)
        new_errors = self.page.errors[errors_before:]
        if new_errors and self.raise_server_errors:
            shown = "; ".join(str(frame.get("error")) for frame in new_errors)
            raise ServerError(
                f"{description}: the server answered with an error: {shown}", self.frames
            )
        return messages

    def _message(self, element: Tag, function: str) -> dict[str, Any]:
        """``send`` in ``client.js``: the message the browser builds for ``element``."""
        page = self.page
        fields, form_id, missing = forms.find_fields(element, page.soup)
        if missing:
            page.console.append(f'no element with id "{form_id}" for data-liveview-form-id')
        return self._message_for(
            function, forms.encode_fields(fields), forms.custom_data(element), form_id
        )

    def _message_for(
        self, function: str, form: dict[str, Any], data: dict[str, str], form_id: str | None
    ) -> dict[str, Any]:
        self._refs += 1
        message: dict[str, Any] = {
            "function": function,
            "form": form,
            "data": data,
            "lang": self.page.lang,
            "room": self.room,
            "ref": f"{self._tab}.{self._refs}",
        }
        if form_id:
            message["formId"] = form_id
        return message

    async def _send(self, message: dict[str, Any]) -> None:
        self.sent.append(message)
        self._pending[message["ref"]] = message
        if self._comm is None:
            self._queued.append(message)
            return
        await self._comm.send_json_to(message)

    async def _settle(self, description: str) -> None:
        """Wait until every message sent is acknowledged (not while disconnected: they
        wait for ``reconnect``)."""
        try:
            await self.wait_for(lambda: not self._pending or self._comm is None, self.timeout)
        except WaitTimeout:
            refs = ", ".join(f"{m['function']} ({ref})" for ref, m in self._pending.items())
            raise WaitTimeout(
                f"{description}: no acknowledgement within {self.timeout}s for {refs}", self.frames
            ) from None
        # Other clients' readers run on this loop too: let them take what is queued.
        for _ in range(3):
            await asyncio.sleep(0)

    async def _read(self, comm: LiveViewCommunicator) -> None:
        while True:
            getting = asyncio.ensure_future(comm.output_queue.get())
            try:
                await asyncio.wait([getting, comm.future], return_when=asyncio.FIRST_COMPLETED)
            finally:
                if not getting.done():
                    getting.cancel()
            if getting.cancelled():  # the application ended without closing: it failed
                self.close_code = 1011
                if self._comm is comm:
                    self._comm = None
                self._wake()
                return
            message = getting.result()
            if message["type"] == "websocket.close":
                self.close_code = message.get("code", 1000)
                if self._comm is comm:
                    self._comm = None
                self._wake()
                return
            if message["type"] != "websocket.send" or message.get("text") is None:
                continue
            frame = json.loads(message["text"])
            if not isinstance(frame, dict):
                continue
            await self._receive(frame)

    async def _receive(self, frame: dict[str, Any]) -> None:
        self.frames.append(frame)
        with self._lock:
            applied = self.page.apply(frame)
            ack = frame.get("ack")
            if ack is not None:
                self._pending.pop(str(ack), None)
            old = {
                (str(el.get("id")), _signature(el))
                for removed in applied.removed
                for el in [removed, *removed.select("[data-liveview-init]")]
                if el.get("id") and el.has_attr("data-liveview-init")
            }
        for inserted in applied.inserted:
            await self._initialise(inserted, old)
        self._wake()

    async def _initialise(self, root: Tag, kept: set[tuple[str, str]] | None = None) -> None:
        """``data-liveview-init`` of ``root`` and its descendants, in document order; an
        element a morph kept (same id, same bindings) is not a new one."""
        with self._lock:
            elements = [root] if root.has_attr("data-liveview-init") else []
            elements += root.select("[data-liveview-init]")
            messages = [
                self._message(element, str(element["data-liveview-init"]))
                for element in elements
                if element["data-liveview-init"]
                and (str(element.get("id")), _signature(element)) not in (kept or set())
            ]
        for message in messages:
            await self._send(message)

    def _wake(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)
