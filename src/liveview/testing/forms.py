"""What the browser client sends for an element: ``form``, ``data`` and ``formId``.

The rules are those of ``frontend/src/form_values.js`` and ``protocol.js``, on a
parsed page instead of a live DOM; ``tests/fixtures/messages/*.json`` runs the same
cases through both. A field's state (what the user typed, checked or selected) is
kept in its attributes, as the page was rendered with it: ``value``, ``checked``,
``selected``, and a textarea's text.
"""

from __future__ import annotations

import re
from typing import Any

from bs4 import Tag

FIELD_TAGS = frozenset({"input", "select", "textarea"})
#: Buttons say which action was taken, not what was entered; files cannot travel as JSON.
SKIPPED_INPUT_TYPES = frozenset({"submit", "button", "reset", "image", "file"})
#: What ``input.type`` reports for these; anything else is "text".
INPUT_TYPES = frozenset(
    {
        "hidden", "text", "search", "tel", "url", "email", "password", "date", "month",
        "week", "time", "datetime-local", "number", "range", "color", "checkbox", "radio",
        "file", "submit", "image", "reset", "button",
    }
)  # fmt: skip
#: Form-associated elements that ``form.elements`` lists (besides the fields).
LISTED_TAGS = frozenset({"button", "fieldset", "input", "object", "output", "select", "textarea"})
#: Types whose value loses line breaks (the HTML value sanitization algorithm).
_NO_NEWLINES = frozenset({"text", "search", "tel", "password", "url", "email", "hidden"})
_NEWLINES = re.compile("[\r\n]")
_FLOAT = re.compile(r"^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$")
_SPACES = re.compile(r"[ \t\n\f\r]+")
_DATASET_DASH = re.compile(r"-([a-z])")


def type_of(field: Tag) -> str:
    """``field.type`` as the DOM reports it."""
    if field.name == "select":
        return "select-multiple" if field.has_attr("multiple") else "select-one"
    if field.name == "textarea":
        return "textarea"
    kind = str(field.get("type", "text")).strip().lower()
    return kind if kind in INPUT_TYPES else "text"


def is_sendable(field: Tag) -> bool:
    """Named, enabled (as in a native submit), a field and not a button."""
    if field.name not in FIELD_TAGS:
        return False
    if not field.get("name") or field.has_attr("disabled"):
        return False
    return type_of(field) not in SKIPPED_INPUT_TYPES


def options_of(select: Tag) -> list[Tag]:
    return [option for option in select.find_all("option") if isinstance(option, Tag)]


def option_value(option: Tag) -> str:
    value = option.get("value")
    if value is not None:
        return str(value)
    return _SPACES.sub(" ", option.get_text()).strip(" \t\n\f\r")


def selected_options(select: Tag) -> list[Tag]:
    """The selected options; a single select without a ``selected`` option shows (and
    submits) its first enabled option, with several it keeps the last."""
    options = options_of(select)
    chosen = [option for option in options if option.has_attr("selected")]
    if select.has_attr("multiple"):
        return chosen
    if chosen:
        return chosen[-1:]
    size = str(select.get("size", "1"))
    if size.isdigit() and int(size) > 1:
        return []
    first = next((option for option in options if not option.has_attr("disabled")), None)
    return [first] if first is not None else []


def field_value(field: Tag) -> str:
    """``field.value``."""
    kind = type_of(field)
    if kind == "textarea":
        text = field.get_text()
        # The parser keeps the newline right after <textarea>; the DOM drops it.
        text = text[1:] if text.startswith("\n") else text
        return text.replace("\r\n", "\n").replace("\r", "\n")
    if kind.startswith("select"):
        chosen = selected_options(field)
        return option_value(chosen[0]) if chosen else ""
    raw = field.get("value")
    if raw is None:
        return "on" if kind in ("checkbox", "radio") else ""
    value = str(raw)
    if kind in _NO_NEWLINES:
        value = _NEWLINES.sub("", value)
    if kind in ("url", "email"):
        value = value.strip(" \t\n\f\r")
    if kind == "number" and not _FLOAT.match(value):
        value = ""
    return value


def _single_value(field: Tag) -> Any:
    kind = type_of(field)
    if kind == "checkbox":
        return field.has_attr("checked")
    if kind == "radio":
        return field_value(field) if field.has_attr("checked") else None
    if kind == "select-multiple":
        return [option_value(option) for option in selected_options(field)]
    return field_value(field)


def _group_values(field: Tag) -> list[Any]:
    kind = type_of(field)
    if kind in ("checkbox", "radio"):
        return [field_value(field)] if field.has_attr("checked") else []
    if kind == "select-multiple":
        return [option_value(option) for option in selected_options(field)]
    return [field_value(field)]


def encode_fields(fields: list[Tag]) -> dict[str, Any]:
    """``{name: value}`` in document order, as ``encodeFields`` builds it: one field
    gives its value, a radio group its checked value (or None), any other repeated
    name a list (for checkboxes: the checked values)."""
    groups: dict[str, list[Tag]] = {}
    for field in fields:
        if is_sendable(field):
            groups.setdefault(str(field["name"]), []).append(field)
    encoded: dict[str, Any] = {}
    for name, group in groups.items():
        if len(group) == 1:
            encoded[name] = _single_value(group[0])
        elif all(type_of(field) == "radio" for field in group):
            checked = next((f for f in group if f.has_attr("checked")), None)
            encoded[name] = field_value(checked) if checked is not None else None
        else:
            encoded[name] = [value for field in group for value in _group_values(field)]
    return encoded


def form_owner(field: Tag, root: Tag) -> Tag | None:
    """The form a field belongs to: its ``form="id"`` if given, else its ancestor form."""
    form_id = field.get("form")
    if form_id is not None:
        owner = by_id(root, str(form_id))
        return owner if owner is not None and owner.name == "form" else None
    return closest(field, "form")


def form_elements(form: Tag, root: Tag) -> list[Tag]:
    """``form.elements``, the fields only: descendants and ``form="id"`` fields elsewhere."""
    return [
        tag
        for tag in root.find_all(list(LISTED_TAGS))
        if isinstance(tag, Tag)
        and tag.name in FIELD_TAGS
        and not (tag.name == "input" and type_of(tag) == "image")
        and form_owner(tag, root) is form
    ]


def _fields_in(container: Tag, root: Tag) -> list[Tag]:
    if container.name == "form":
        return form_elements(container, root)
    return [tag for tag in container.find_all(list(FIELD_TAGS)) if isinstance(tag, Tag)]


def find_fields(element: Tag, root: Tag) -> tuple[list[Tag], str | None, bool]:
    """``findFields``: (fields, formId, whether the formId names nothing)."""
    form_id = element.get("data-liveview-form-id")
    if form_id:
        owner = by_id(root, str(form_id))
        return (_fields_in(owner, root) if owner is not None else []), str(form_id), owner is None
    if element.name == "form":
        return _fields_in(element, root), None, False
    form = closest(element, "form")
    if form is not None:
        return _fields_in(form, root), None, False
    if element.name in FIELD_TAGS:
        return [element], None, False
    parent = element.parent
    if not isinstance(parent, Tag) or parent.name == "[document]":
        return [], None, False
    return [field for field in _fields_in(parent, root) if is_sendable(field)], None, False


def dataset_key(attribute: str) -> str:
    """``data-data-comment-id`` → ``dataCommentId``, as ``element.dataset`` names it."""
    return _DATASET_DASH.sub(lambda match: match.group(1).upper(), attribute[len("data-") :])


def custom_data(element: Tag) -> dict[str, str]:
    """``collectCustomData``: the ``data-data-*`` attributes, keyed as the dataset does."""
    data: dict[str, str] = {}
    for attribute, value in element.attrs.items():
        if not attribute.startswith("data-"):
            continue
        key = dataset_key(attribute)
        if re.match(r"^data[A-Z]", key):
            data[key] = value if isinstance(value, str) else " ".join(value)
    return data


def closest(element: Tag, name: str) -> Tag | None:
    node: Any = element
    while isinstance(node, Tag):
        if node.name == name:
            return node
        node = node.parent
    return None


def by_id(root: Tag, element_id: str) -> Tag | None:
    found = root.find(id=element_id)
    return found if isinstance(found, Tag) else None
