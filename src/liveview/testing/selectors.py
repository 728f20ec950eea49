"""The selectors tests use most, matched without soupsieve's compiler.

``#id``, ``tag``, ``.class``, ``[attr]``, ``[attr=value]`` (and ``~=``, ``|=``, ``^=``,
``$=``, ``*=``), compounds of them, the descendant and child combinators and lists
(``a, b``) are matched here, with soupsieve's rules for an HTML document: tag and
attribute names ignore ASCII case, attribute values keep it except for the attributes
HTML defines as case-insensitive (``type``, ``method``, ...), and the content of a
``<template>`` is no part of the page. Any other selector (pseudo-classes, sibling
combinators, escapes, namespaces, case flags) goes to soupsieve, which compiles its
patterns on first use in a process (about 0.1 s): ``compile_simple`` answers None.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from bs4 import BeautifulSoup
from bs4.element import Tag
from soupsieve import css_parser

#: HTML's attributes whose values selectors compare ignoring ASCII case. A soupsieve too
#: old to have the list has older rules too (``type`` alone, ``[a^=""]`` matching): then
#: every selector goes to it.
_CASE_INSENSITIVE: frozenset[str] | None = getattr(
    css_parser, "HTML_CASE_INSENSITIVE_ATTRIBUTES", None
)

_IDENT = r"-?[A-Za-z_][A-Za-z0-9_-]*"
_WS = "[ \t\r\n\f]"
_VALUE = rf"""(?P<ident>{_IDENT})|"(?P<dq>[^"\\\r\n\f]*)"|'(?P<sq>[^'\\\r\n\f]*)'"""
_PART = re.compile(
    rf"""\#(?P<id>{_IDENT})|\.(?P<cls>{_IDENT})|\[{_WS}*(?P<attr>{_IDENT}){_WS}*"""
    rf"""(?:(?P<op>[~|^$*]?=){_WS}*(?:{_VALUE}){_WS}*)?\]"""
)
_TYPE = re.compile(rf"{_IDENT}|\*")
_COMBINATOR = re.compile(rf"{_WS}*(?P<child>>){_WS}*|{_WS}+(?![,>]|$)")
_COMMA = re.compile(rf"{_WS}*,{_WS}*")
_SPACES = re.compile(f"{_WS}+")
_NOT_SPACE = re.compile("[^ \t\r\n\f]+")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _lower(text: str) -> str:
    """ASCII letters lowered, nothing else (as CSS does for names)."""
    return text.lower() if text.isascii() else text.translate(_ASCII_LOWER)


def _attribute(element: Tag, name: str) -> str | list[str] | None:
    """The value of the first attribute whose name is ``name`` ignoring ASCII case
    (``""`` for one without a value), as Beautiful Soup holds it."""
    for key, value in element.attrs.items():
        if _lower(key) == name:
            return "" if value is None else value
    return None


@dataclass(frozen=True)
class _Attribute:
    name: str
    op: str
    value: str
    ignore_case: bool

    def matches(self, element: Tag) -> bool:
        raw = _attribute(element, self.name)
        if raw is None:
            return False
        if not self.op:
            return True
        found = raw if isinstance(raw, str) else " ".join(raw)
        if self.ignore_case:
            found = _lower(found)
        value = self.value
        if self.op == "=":
            return found == value
        if self.op == "|=":
            return found == value or found.startswith(value + "-")
        if not value:  # ^= $= *= ~= with an empty value match nothing
            return False
        if self.op == "^=":
            return found.startswith(value)
        if self.op == "$=":
            return found.endswith(value)
        if self.op == "*=":
            return value in found
        return _SPACES.search(value) is None and value in re.split(_WS, found)  # ~=


@dataclass(frozen=True)
class _Compound:
    tag: str | None
    ids: tuple[str, ...]
    classes: tuple[str, ...]
    attributes: tuple[_Attribute, ...]

    def matches(self, element: Tag) -> bool:
        if self.tag is not None and _lower(element.name) != self.tag:
            return False
        for ident in self.ids:
            if _attribute(element, "id") != ident:  # a list of ids is never one id
                return False
        if self.classes:
            raw = _attribute(element, "class")
            have = _NOT_SPACE.findall(raw) if isinstance(raw, str) else raw or []
            if not all(name in have for name in self.classes):
                return False
        return all(attribute.matches(element) for attribute in self.attributes)


@dataclass(frozen=True)
class _Complex:
    """Compounds left to right; ``children[i]`` says whether compound ``i + 1`` is a
    child (``>``) of compound ``i`` rather than a descendant."""

    compounds: tuple[_Compound, ...]
    children: tuple[bool, ...]

    def matches(self, element: Tag, last: int | None = None) -> bool:
        index = len(self.compounds) - 1 if last is None else last
        if not self.compounds[index].matches(element):
            return False
        if index == 0:
            return True
        parent = _parent(element)
        if self.children[index - 1]:
            return parent is not None and self.matches(parent, index - 1)
        while parent is not None:
            if self.matches(parent, index - 1):
                return True
            parent = _parent(parent)
        return False


def _is_template(element: Tag) -> bool:
    return _lower(element.name) == "template"


def _parent(element: Tag) -> Tag | None:
    """The parent a selector may reach: not the document. (No candidate is inside a
    ``<template>``, so no parent met going up is one.)"""
    parent = element.parent
    return None if isinstance(parent, BeautifulSoup) else parent


def elements(root: Tag) -> Iterator[Tag]:
    """The elements below ``root`` in document order, not entering a ``<template>``
    (``root`` itself may be one: its content is what selecting from it reaches)."""
    stack = [iter(root.contents)]
    while stack:
        for node in stack[-1]:
            if isinstance(node, Tag):
                yield node
                if node.contents and not _is_template(node):
                    stack.append(iter(node.contents))
                    break
        else:
            stack.pop()


class Selector:
    """A selector list ``compile_simple`` understood."""

    def __init__(self, alternatives: tuple[_Complex, ...]) -> None:
        self.alternatives = alternatives

    def matches(self, element: Tag) -> bool:
        return any(alternative.matches(element) for alternative in self.alternatives)

    def select(self, root: Tag) -> Iterator[Tag]:
        """``root.querySelectorAll``: matching elements below ``root``, in document order."""
        return (element for element in elements(root) if self.matches(element))


@lru_cache(maxsize=512)
def compile_simple(css: str) -> Selector | None:
    """``css`` as a ``Selector``, or None if it uses more than this module matches."""
    if _CASE_INSENSITIVE is None:
        return None
    alternatives = []
    for part in _COMMA.split(css):
        complex_selector = _complex(part)
        if complex_selector is None:
            return None
        alternatives.append(complex_selector)
    return Selector(tuple(alternatives))


def _complex(css: str) -> _Complex | None:
    compounds: list[_Compound] = []
    children: list[bool] = []
    position = 0
    while True:
        parsed = _compound(css, position)
        if parsed is None:
            return None
        compound, position = parsed
        compounds.append(compound)
        if position == len(css):
            return _Complex(tuple(compounds), tuple(children))
        combinator = _COMBINATOR.match(css, position)
        if combinator is None:
            return None
        children.append(combinator.group("child") is not None)
        position = combinator.end()


def _compound(css: str, position: int) -> tuple[_Compound, int] | None:
    tag: str | None = None
    type_match = _TYPE.match(css, position)
    if type_match is not None:
        tag = None if type_match.group() == "*" else _lower(type_match.group())
        position = type_match.end()
    ids: list[str] = []
    classes: list[str] = []
    attributes: list[_Attribute] = []
    while (part := _PART.match(css, position)) is not None:
        position = part.end()
        if part.group("id") is not None:
            ids.append(part.group("id"))
        elif part.group("cls") is not None:
            classes.append(part.group("cls"))
        else:
            attributes.append(_attribute_selector(part))
    if type_match is None and not (ids or classes or attributes):
        return None
    return _Compound(tag, tuple(ids), tuple(classes), tuple(attributes)), position


def _attribute_selector(part: re.Match[str]) -> _Attribute:
    name = _lower(part.group("attr"))
    op = part.group("op") or ""
    value = next((v for v in part.group("ident", "dq", "sq") if v is not None), "")
    ignore_case = name in (_CASE_INSENSITIVE or ())
    return _Attribute(name, op, _lower(value) if ignore_case else value, ignore_case)
