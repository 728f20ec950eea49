"""The page a ``LiveClient`` holds, and server frames applied to it as ``render.js`` does.

Parsing is lxml's (through Beautiful Soup), which closes ``<p>``, ``<li>`` and
``<option>`` as browsers do; selectors are soupsieve's, which matches CSS selectors
level 4 the way ``document.querySelector`` does (``:has()``, ``:is()``, ``:checked``); the
simple forms most tests use are matched by ``selectors.py``, by the same rules.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import soupsieve
from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from liveview.testing import selectors
from liveview.testing.exceptions import ElementNotFound

#: Elements whose content is text, not markup (``morph.js`` does not morph them either).
_TEXT_CONTENT = frozenset({"script", "style", "textarea", "title"})
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_WHITESPACE = re.compile(r"\s+")
_BINDING_PREFIXES = ("data-liveview-", "data-data-")


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml", multi_valued_attributes=None)


def fragment(html: str) -> list[Any]:
    """The nodes ``innerHTML = html`` would insert (``<head>`` ones first)."""
    soup = parse(html)
    nodes: list[Any] = []
    for part in (soup.head, soup.body):
        if part is not None:
            nodes.extend(part.contents)
    if soup.html is None:  # only text: lxml gives it back bare
        nodes.extend(soup.contents)
    return [node.extract() for node in list(nodes)]


def with_attribute(root: Tag, name: str) -> list[Tag]:
    """``root.querySelectorAll("[name]")``: the descendants having the attribute, in
    document order, not those in a ``<template>`` below ``root``."""
    return [tag for tag in selectors.elements(root) if tag.attrs.get(name) is not None]


def normalize_text(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def same_origin_path(raw: str, current: str) -> str | None:
    """``sameOriginUrl``: ``raw`` resolved against the page, as a path with its query and
    fragment, or None if the browser client would refuse it."""
    if not raw or _CONTROL.search(raw) or "\\" in raw:
        return None
    base = urljoin("http://testserver", current)
    resolved = urlsplit(urljoin(base, raw))
    if resolved.scheme not in ("http", "https") or resolved.netloc != urlsplit(base).netloc:
        return None
    path = resolved.path or "/"
    if resolved.query:
        path += "?" + resolved.query
    if resolved.fragment:
        path += "#" + resolved.fragment
    return path


def describe(element: Tag) -> str:
    """The element's opening tag, as a failure message quotes it."""
    attributes = "".join(f' {name}="{value}"' for name, value in element.attrs.items())
    text = f"<{element.name}{attributes}>"
    return text if len(text) <= 120 else text[:119] + "…>"


def binding_signature(element: Tag) -> str:
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


@dataclass(frozen=True)
class Event:
    """A server frame's ``event``: what ``document`` received as a ``CustomEvent``."""

    name: str
    detail: Any


@dataclass
class Applied:
    """What applying one frame did, for the client to act on."""

    inserted: list[Tag] = field(default_factory=list)
    removed: list[Tag] = field(default_factory=list)


class Page:
    """A parsed page. Not thread-safe: its client serialises access."""

    def __init__(self, html: str, url: str) -> None:
        self.soup = parse(html)
        self.url = url
        self.history: list[str] = [url]
        self.events: list[Event] = []
        self.scripts: list[str] = []
        self.errors: list[dict[str, Any]] = []
        self.console: list[str] = []
        self.scrolled_to: str | None = None
        #: The field last filled: a morph keeps what the user typed into it.
        self.active: Tag | None = None

    # Reading

    @property
    def document(self) -> Tag:
        return self.soup.html if self.soup.html is not None else self.soup

    @property
    def body(self) -> Tag:
        return self.soup.body if self.soup.body is not None else self.document

    @property
    def title(self) -> str:
        title = self.soup.title
        return normalize_text(title.get_text()) if title is not None else ""

    @property
    def lang(self) -> str:
        return str(self.document.get("lang", ""))

    def query(self, css: str) -> Tag | None:
        simple = selectors.compile_simple(css)
        if simple is not None:  # the common forms, without soupsieve's compiler
            return next(simple.select(self.soup), None)
        try:
            found = soupsieve.select_one(css, self.soup)
        except soupsieve.SelectorSyntaxError as exc:
            raise ValueError(f"{css!r} is not a valid CSS selector: {exc}") from None
        return found if isinstance(found, Tag) else None

    def query_all(self, css: str) -> list[Tag]:
        simple = selectors.compile_simple(css)
        if simple is not None:
            return list(simple.select(self.soup))
        try:
            return [tag for tag in soupsieve.select(css, self.soup) if isinstance(tag, Tag)]
        except soupsieve.SelectorSyntaxError as exc:
            raise ValueError(f"{css!r} is not a valid CSS selector: {exc}") from None

    def require(self, css: str) -> Tag:
        """The first element matching ``css``; raises ``ElementNotFound`` naming the
        closest selectors the page does have."""
        element = self.query(css)
        if element is None:
            raise ElementNotFound(css, self.suggest(css))
        return element

    def suggest(self, css: str) -> list[str]:
        candidates: set[str] = set()
        for tag in self.soup.find_all(True):
            if tag.get("id"):
                candidates.add(f"#{tag['id']}")
            for name in str(tag.get("class", "")).split():
                candidates.add(f".{name}")
            if tag.get("name"):
                candidates.add(f'[name="{tag["name"]}"]')
            candidates.add(tag.name)
        return difflib.get_close_matches(css, sorted(candidates), n=3, cutoff=0.6)

    # Frames

    def apply(self, frame: dict[str, Any]) -> Applied:
        """Apply one server frame as ``render.js`` does; a target that matches nothing
        changes nothing at all (and is reported in ``console``)."""
        applied = Applied()
        target: Tag | None = None
        if isinstance(frame.get("target"), str):
            try:
                target = self.query(frame["target"])
            except ValueError:
                target = None
            if target is None:
                self.console.append(f"target not found; message ignored: {frame['target']!r}")
                return applied
        if isinstance(frame.get("url"), str):
            path = same_origin_path(frame["url"], self.url)
            if path is None:
                self.console.append(f"url refused: not a same-origin http(s) URL: {frame['url']!r}")
            else:
                self.url = path
                self.history.append(path)
        if target is not None:
            self._apply_to_target(target, frame, applied)
        if isinstance(frame.get("title"), str):
            self._set_title(frame["title"])
        if isinstance(frame.get("scroll"), str):
            if self.query(frame["scroll"]) is None:
                self.console.append(f"scroll target not found: {frame['scroll']!r}")
            else:
                self.scrolled_to = frame["scroll"]
        if frame.get("scrollTop"):
            self.scrolled_to = None
        if isinstance(frame.get("script"), str):
            self.scripts.append(frame["script"])
        if isinstance(frame.get("event"), str):
            detail = frame.get("eventData")
            self.events.append(Event(frame["event"], {} if detail is None else detail))
        if frame.get("error") is not None:
            self.errors.append(frame)
        return applied

    def _apply_to_target(self, target: Tag, frame: dict[str, Any], applied: Applied) -> None:
        if frame.get("remove"):
            applied.removed.append(target)
            target.extract()
            return
        html = frame.get("html")
        if html is None:
            return
        html = str(html)
        if target.name in _TEXT_CONTENT and not frame.get("append"):
            target.clear()
            target.append(NavigableString(html))
            return
        nodes = fragment(html)
        if not frame.get("append"):
            kept = self._typed_value(target) if self._morphs(target, frame) else None
            applied.removed.extend(child for child in target.contents if isinstance(child, Tag))
            target.clear()
            if kept is not None:
                self._restore_typed_value(nodes, *kept)
        for node in nodes:
            target.append(node)
            if isinstance(node, Tag):
                applied.inserted.append(node)
        for node in nodes:
            if isinstance(node, Tag):
                self.scripts.extend(
                    script.get_text()
                    for script in ([node] if node.name == "script" else node.find_all("script"))
                    if str(script.get("type", "text/javascript")).lower() == "text/javascript"
                )

    @staticmethod
    def _morphs(target: Tag, frame: dict[str, Any]) -> bool:
        if frame.get("morph") is False:
            return False
        node: Any = target
        while isinstance(node, Tag):
            flag = node.get("data-liveview-morph")
            if flag is not None:
                return flag != "false"
            node = node.parent
        return True

    def _typed_value(self, target: Tag) -> tuple[str, str, str] | None:
        """The focused field inside ``target``: a morph keeps what the user typed there."""
        active = self.active
        if active is None or not any(parent is target for parent in active.parents):
            return None
        key = "id" if active.get("id") else "name"
        if not active.get(key):
            return None
        value = active.get_text() if active.name == "textarea" else str(active.get("value", ""))
        return key, str(active[key]), value

    def _restore_typed_value(self, nodes: list[Any], key: str, ident: str, value: str) -> None:
        for node in nodes:
            if not isinstance(node, Tag):
                continue
            match = node if node.get(key) == ident else node.find(True, attrs={key: ident})
            if isinstance(match, Tag) and match.name == (self.active.name if self.active else ""):
                if match.name == "textarea":
                    match.clear()
                    match.append(NavigableString(value))
                else:
                    match["value"] = value
                self.active = match
                return

    def _set_title(self, title: str) -> None:
        element = self.soup.title
        if element is None:
            head = self.soup.head
            if head is None:
                return
            element = self.soup.new_tag("title")
            head.append(element)
        element.clear()
        element.append(NavigableString(title))
