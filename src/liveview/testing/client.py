"""``AsyncLiveClient``: a browser tab's liveview client, without the browser.

It holds a parsed page, a socket to the real consumer (in process, through channels'
communicator) and applies every frame the server sends, as ``client.js`` does. Its
actions build the message the browser would build for the element and return once
the server acknowledged it (and every message it triggered, such as ``init`` calls of
inserted elements), with every frame that came before the acknowledgement applied.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Callable, Iterator
from http.cookies import SimpleCookie
from typing import Any

from bs4.element import Tag

from liveview.testing import actions, forms, user_input
from liveview.testing.dom import (
    Page,
    binding_signature,
    describe,
    normalize_text,
    with_attribute,
)
from liveview.testing.exceptions import (
    LiveClientError,
    NothingSent,
    ServerError,
    WaitTimeout,
)
from liveview.testing.reading import PageReading
from liveview.testing.socket import TabSocket

#: Seconds an action waits for the server's acknowledgement.
ACK_TIMEOUT = 10.0


class AsyncLiveClient(PageReading):
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
        self._lock = threading.RLock()  # the page, between the loop and a caller's thread
        self._socket = TabSocket(self._receive, timeout)
        self.room = ""
        self._tab = ""
        self._refs = 0
        self._visible: dict[int, Tag] = {}  # elements in the viewport, by identity

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

    async def login(self, **credentials: Any) -> bool:
        """Log in with ``credentials`` for the next ``get``, as ``AsyncClient.alogin``."""
        return bool(await self.http.alogin(**credentials))

    async def logout(self) -> None:
        """Log out for the next ``get``, as ``AsyncClient.alogout``."""
        await self.http.alogout()

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
        self._visible.clear()
        cookies: SimpleCookie = self.http.cookies
        cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in cookies.items())
        await self._socket.connect(self.application, self.ws_path + "{room}/", self.room, cookie)
        await self._call("loading the page", [], initialise=self.page.body)

    # Reading the page: see reading.py

    @property
    def page(self) -> Page:
        if self._page is None:
            raise LiveClientError("no page loaded: call get(url) first")
        return self._page

    @contextlib.contextmanager
    def locked_page(self) -> Iterator[Page]:
        with self._lock, self._failing():
            yield self.page

    @property
    def connected(self) -> bool:
        return self._socket.connected

    def _require(self, page: Page, css: str) -> Tag:
        with self._failing():
            return page.require(css)

    @contextlib.contextmanager
    def _failing(self) -> Iterator[None]:
        """Failures raised inside end with the last frames received."""
        try:
            yield
        except LiveClientError as exc:
            exc.frames = list(self.frames)
            raise

    # Actions

    async def click(self, css: str) -> list[dict[str, Any]]:
        """Click the element: ``click->page#run`` on it or an ancestor; a submit button
        of a form without a click binding submits the form. Returns what was sent."""
        element = self._require(self.page, css)
        if element.name in forms.FIELD_TAGS | {"button"} and element.has_attr("disabled"):
            raise NothingSent(
                f"click on {css!r} sent nothing: {describe(element)} is disabled", self.frames
            )
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
        with self._lock, self._failing():
            user_input.type_into(element, value)
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
        with self._lock, self._failing():
            user_input.set_checked(element, checked, self.page.soup)
        sent = await self._dispatch(f"check of {css!r}", "input", element)
        return sent + await self._dispatch(f"check of {css!r}", "change", element)

    async def uncheck(self, css: str) -> list[dict[str, Any]]:
        return await self.check(css, checked=False)

    async def select(self, css: str, *values: str) -> list[dict[str, Any]]:
        """Select the options with these values (or labels) of a ``<select>``, then fire
        ``input`` and ``change``."""
        element = self._require(self.page, css)
        with self._lock, self._failing():
            user_input.choose(element, values)
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
        self._visible[id(element)] = element
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
        del self._visible[id(element)]
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
        errors_before = len(self.page.errors)
        message = self._message_for(function, form or {}, data or {}, None)
        await self._socket.send(message)
        await self._settle(f"call of {function!r}", errors_before)
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
            with self._lock:
                element = self.page.query(css)
                suggestions = self.page.suggest(css) if element is None else []
            if element is not None:
                holds_now = f"it holds {normalize_text(element.get_text())!r}"
            elif suggestions:
                shown = " or ".join(repr(s) for s in suggestions)
                holds_now = f"no element matches it (did you mean {shown}?)"
            else:
                holds_now = "no element matches it"
            raise WaitTimeout(
                f"waited {timeout}s for {css!r} to contain {text!r}; {holds_now}", self.frames
            ) from None

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 2.0) -> None:
        """Wait until ``predicate()`` is true, checking after each frame applied."""

        def locked() -> bool:
            with self._lock:
                return predicate()

        await self._socket.wait_for(locked, timeout)

    # Connection

    @property
    def frames(self) -> list[dict[str, Any]]:
        """Every frame the server sent, in order."""
        return self._socket.frames

    @property
    def sent(self) -> list[dict[str, Any]]:
        """Every message sent, in order, each as the browser would have sent it."""
        return self._socket.sent

    @property
    def close_code(self) -> int | None:
        return self._socket.close_code

    async def drop(self) -> None:
        """The connection is lost (as when the network goes): the server sees the socket
        close abnormally; messages not acknowledged are kept to be replayed."""
        await self._socket.drop()

    async def reconnect(self) -> None:
        """Open a new socket for the same page and room, then send what the browser
        sends first: messages written and not acknowledged, flagged ``replay``, then
        those made while disconnected; returns once all are acknowledged."""
        await self._socket.reconnect()

    async def close(self) -> None:
        """Close the socket as a tab closing does (code 1001). The page stays readable."""
        await self._socket.close()

    async def __aenter__(self) -> AsyncLiveClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # Internals

    def _submits(self, element: Tag) -> bool:
        if element.name == "button":
            return str(element.get("type", "submit")).lower() == "submit"
        return element.name == "input" and forms.type_of(element) in ("submit", "image")

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

    async def _call(
        self, description: str, calls: list[tuple[Tag, str]], initialise: Tag | None = None
    ) -> list[dict[str, Any]]:
        """Send for each (element, function), and the init calls under ``initialise``;
        return once all are acknowledged."""
        errors_before = len(self.page.errors)
        with self._lock:
            messages = [self._message(element, function) for element, function in calls]
        for message in messages:
            await self._socket.send(message)
        if initialise is not None:
            await self._initialise(initialise)
        await self._settle(description, errors_before)
        return messages

    async def _settle(self, description: str, errors_before: int) -> None:
        """Wait for the acknowledgements; fail on the error frames received meanwhile."""
        await self._socket.settle(description)
        new_errors = self.page.errors[errors_before:]
        if new_errors and self.raise_server_errors:
            shown = "; ".join(str(frame.get("error")) for frame in new_errors)
            raise ServerError(
                f"{description}: the server answered with an error: {shown}", self.frames
            )

    def _message(self, element: Tag, function: str) -> dict[str, Any]:
        """``send`` in ``client.js``: the message the browser builds for ``element``."""
        page = self.page
        fields, form_id, missing = forms.find_fields(element, page.soup)
        if missing:
            page.console.append(f'no element with id "{form_id}" for data-liveview-form-id')
        message = self._message_for(
            function, forms.encode_fields(fields), forms.custom_data(element), form_id
        )
        # File inputs among the fields: the browser uploads their files first and names
        # them under "files"; this client uploads nothing, so each input names none.
        file_inputs = [
            field
            for field in fields
            if field.name == "input" and str(field.get("type", "")).lower() == "file"
        ]
        if file_inputs:
            message["files"] = {str(field.get("name", "")): [] for field in file_inputs}
        return message

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

    async def _receive(self, frame: dict[str, Any]) -> None:
        with self._lock:
            applied = self.page.apply(frame)
            old = {
                (str(el.get("id")), binding_signature(el))
                for removed in applied.removed
                for el in [removed, *with_attribute(removed, "data-liveview-init")]
                if el.get("id") and el.has_attr("data-liveview-init")
            }
        for inserted in applied.inserted:
            await self._initialise(inserted, old)

    async def _initialise(self, root: Tag, kept: set[tuple[str, str]] | None = None) -> None:
        """``data-liveview-init`` of ``root`` and its descendants, in document order; an
        element a morph kept (same id, same bindings) is not a new one."""
        with self._lock:
            elements = [root] if root.has_attr("data-liveview-init") else []
            elements += with_attribute(root, "data-liveview-init")
            messages = [
                self._message(element, str(element["data-liveview-init"]))
                for element in elements
                if element["data-liveview-init"]
                and (str(element.get("id")), binding_signature(element)) not in (kept or set())
            ]
        for message in messages:
            await self._socket.send(message)
