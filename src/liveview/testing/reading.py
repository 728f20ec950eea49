"""What a test reads from a client's page; shared by ``LiveClient`` and its async twin.

Reads take the client's lock: a synchronous client's frames are applied by its event
loop's thread while the test's thread reads.
"""

from __future__ import annotations

import contextlib
from typing import Any

from bs4.element import Tag

from liveview.testing import forms
from liveview.testing.dom import Event, Page, normalize_text


class PageReading:
    """Mixed into the clients, which say how to read their page."""

    def locked_page(self) -> contextlib.AbstractContextManager[Page]:
        """The page, locked, for the ``with`` block; failures inside quote the frames."""
        raise NotImplementedError

    def query(self, css: str) -> Tag | None:
        """The first element matching ``css``, or None (a Beautiful Soup ``Tag``)."""
        with self.locked_page() as page:
            return page.query(css)

    def query_all(self, css: str) -> list[Tag]:
        with self.locked_page() as page:
            return page.query_all(css)

    def exists(self, css: str) -> bool:
        return self.query(css) is not None

    def text(self, css: str) -> str:
        """The element's text, whitespace collapsed (what a reader sees, roughly)."""
        with self.locked_page() as page:
            return normalize_text(page.require(css).get_text())

    def html(self, css: str) -> str:
        """The element's inner HTML."""
        with self.locked_page() as page:
            return page.require(css).decode_contents()

    def value(self, css: str) -> str:
        """A field's current value (``field.value``)."""
        with self.locked_page() as page:
            return forms.field_value(page.require(css))

    @property
    def url(self) -> str:
        """The page's path and query, moved by the server's ``url`` frames."""
        with self.locked_page() as page:
            return page.url

    @property
    def history(self) -> list[str]:
        """Every URL the page had, the first one included."""
        with self.locked_page() as page:
            return list(page.history)

    @property
    def title(self) -> str:
        with self.locked_page() as page:
            return page.title

    @property
    def events(self) -> list[Event]:
        """Every ``event`` the server dispatched, in order."""
        with self.locked_page() as page:
            return list(page.events)

    @property
    def scripts(self) -> list[str]:
        """JavaScript the server sent (``script`` frames and scripts in HTML); not run."""
        with self.locked_page() as page:
            return list(page.scripts)

    @property
    def errors(self) -> list[dict[str, Any]]:
        """The server's ``error`` frames."""
        with self.locked_page() as page:
            return list(page.errors)

    @property
    def console(self) -> list[str]:
        """What the browser client would have reported as errors (a missing target, a
        refused URL, a missing ``data-liveview-function``)."""
        with self.locked_page() as page:
            return list(page.console)
