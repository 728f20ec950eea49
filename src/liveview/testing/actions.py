"""Which elements a DOM event makes the browser client send for.

Stimulus routes an event to ``page#run`` on every element from the event's target up
to the document whose ``data-action`` names that event (or, with no event, the
element's default one), inside a ``data-controller="page"``; ``page#stop`` ends the
walk after its element. Keyboard maps follow ``bindings/keyboard.js``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from bs4 import Tag

from liveview.testing.forms import type_of

#: Stimulus's default event per element, used by a bare ``page#run``.
_DEFAULT_EVENTS = {
    "a": "click",
    "button": "click",
    "details": "toggle",
    "form": "submit",
    "select": "change",
    "textarea": "input",
}
_DESCRIPTOR = re.compile(
    r"^(?:(?P<event>[^.@>-][^.@]*?)(?:\.(?P<filter>[^@]+?))?(?:@(?P<global>window|document))?->)?"
    r"(?P<controller>[\w-]+)#(?P<method>\w+)(?::(?P<options>.*))?$"
)

#: ``bindings/keyboard.js``: map names of the named keys.
KEY_NAMES = (
    "esc", "enter", "space", "tab", "up", "down", "left", "right",
    "home", "end", "page_up", "page_down",
)  # fmt: skip
#: ``KeyboardEvent.key`` values accepted by ``press`` for the named keys.
DOM_KEYS = {
    "escape": "esc", "enter": "enter", " ": "space", "tab": "tab", "arrowup": "up",
    "arrowdown": "down", "arrowleft": "left", "arrowright": "right", "home": "home",
    "end": "end", "pageup": "page_up", "pagedown": "page_down",
}  # fmt: skip
_MODIFIERS = ("ctrl", "alt", "meta", "shift")
_SINGLE_KEY = re.compile(r"^[a-z0-9]$")


@dataclass(frozen=True)
class Call:
    """``page#run`` called with ``element`` as the event's currentTarget."""

    element: Tag


def default_event(element: Tag) -> str | None:
    if element.name == "input":
        return "click" if type_of(element) == "submit" else "input"
    return _DEFAULT_EVENTS.get(element.name)


def _in_page_controller(element: Tag) -> bool:
    node: Any = element
    while isinstance(node, Tag):
        if "page" in str(node.get("data-controller", "")).split():
            return True
        node = node.parent
    return False


def _actions(element: Tag, event: str, key: Combo | None) -> list[str]:
    """The ``page`` methods ``element``'s ``data-action`` binds to ``event``, in order;
    a key filter (``keydown.enter->``) must match the key pressed."""
    methods = []
    for descriptor in str(element.get("data-action", "")).split():
        match = _DESCRIPTOR.match(descriptor)
        if match is None or match["controller"] != "page" or match["global"]:
            continue
        if (match["event"] or default_event(element)) != event:
            continue
        if match["filter"] and key is not None and parse_combo(match["filter"]) != key:
            continue
        methods.append(match["method"])
    return methods


def route(target: Tag, event: str, key: Combo | None = None) -> tuple[list[Call], list[Tag]]:
    """The ``page#run`` calls an ``event`` dispatched on ``target`` makes, and the
    elements that bind it but are outside any ``data-controller="page"``."""
    calls: list[Call] = []
    orphans: list[Tag] = []
    node: Any = target
    while isinstance(node, Tag):
        methods = _actions(node, event, key)
        if methods and not _in_page_controller(node):
            orphans.append(node)
            methods = []
        calls += [Call(node) for method in methods if method == "run"]
        if "stop" in methods:
            break
        node = node.parent
    return calls, orphans


@dataclass(frozen=True)
class Combo:
    key: str
    ctrl: bool = False
    alt: bool = False
    meta: bool = False
    shift: bool = False

    def __str__(self) -> str:
        return "+".join([m for m in _MODIFIERS if getattr(self, m)] + [self.key])


def parse_combo(text: str) -> Combo | None:
    """``parseCombo``: "ctrl+shift+s" in any order and case; None if not a combination."""
    parts: dict[str, Any] = {"key": ""}
    for raw in text.lower().split("+"):
        part = raw.strip()
        if part in _MODIFIERS:
            parts[part] = True
        elif parts["key"] == "" and (_SINGLE_KEY.match(part) or part in KEY_NAMES):
            parts["key"] = part
        else:
            return None
    return Combo(**parts) if parts["key"] else None


def parse_pressed(key: str) -> Combo:
    """What ``press`` was given: a map-style combination ("ctrl+s", "esc") or a
    ``KeyboardEvent.key`` value ("Escape", "ArrowUp", "a")."""
    named = DOM_KEYS.get(key.lower()) if key != " " else "space"
    combo = parse_combo(named or key)
    if combo is None:
        raise ValueError(
            f"cannot press {key!r}: use a-z, 0-9, one of {', '.join(KEY_NAMES)} "
            "(or their KeyboardEvent.key names), with ctrl/alt/meta/shift+"
        )
    return combo


def keyboard_map(element: Tag) -> dict[Combo, str]:
    """The element's ``data-liveview-keyboard-map``, unusable entries left out."""
    try:
        raw = json.loads(str(element.get("data-liveview-keyboard-map", "")))
    except ValueError:
        return {}
    if not isinstance(raw, dict):
        return {}
    bindings: dict[Combo, str] = {}
    for text, function in raw.items():
        combo = parse_combo(text)
        if combo is not None and isinstance(function, str) and function and combo not in bindings:
            bindings[combo] = function
    return bindings


def _editable(element: Tag) -> bool:
    return element.name in ("input", "textarea", "select") or element.has_attr("contenteditable")


def key_binding(target: Tag, body: Tag, combo: Combo) -> tuple[Tag, str] | None:
    """The map element and function a key pressed on ``target`` calls: the nearest
    scoped map (the keydown bubbles up), then the page-wide one on ``<body>``, which
    ignores plain letters, digits and space typed into a field."""
    node: Any = target
    while isinstance(node, Tag):
        if node is not body and node.has_attr("data-liveview-keyboard-map"):
            function = keyboard_map(node).get(combo)
            if function:
                return node, function
        node = node.parent
    if body.has_attr("data-liveview-keyboard-map"):
        function = keyboard_map(body).get(combo)
        plain = not (combo.ctrl or combo.alt or combo.meta)
        typed = plain and bool(re.match(r"^([a-z0-9]|space)$", combo.key)) and _editable(target)
        if function and not typed:
            return body, function
    return None
