"""What a user changes in a field: the text typed, the box checked, the options chosen.

The state is written where ``forms.py`` reads it (the attributes the page would have
been rendered with); each function refuses what a user could not do to that element.
"""

from __future__ import annotations

from bs4.element import NavigableString, Tag

from liveview.testing import forms
from liveview.testing.dom import describe, normalize_text
from liveview.testing.exceptions import LiveClientError

_NOT_TYPED_INTO = frozenset({"checkbox", "radio", "submit", "button", "reset", "image", "file"})


def type_into(field: Tag, value: str) -> None:
    """Replace what an input or textarea holds with ``value``."""
    if field.name not in ("input", "textarea") or forms.type_of(field) in _NOT_TYPED_INTO:
        raise LiveClientError(f"cannot fill {describe(field)}: not a text field")
    if field.name == "textarea":
        field.clear()
        field.append(NavigableString(value))
    else:
        field["value"] = value


def set_checked(field: Tag, checked: bool, root: Tag) -> None:
    """Check or uncheck a checkbox; check a radio (and uncheck its group in its form)."""
    kind = forms.type_of(field)
    if kind not in ("checkbox", "radio"):
        raise LiveClientError(f"cannot check {describe(field)}: not a checkbox or radio")
    if kind == "radio":
        if not checked:
            raise LiveClientError(f"cannot uncheck {describe(field)}: check another radio")
        owner = forms.form_owner(field, root)
        name = str(field.get("name", ""))
        for other in root.find_all("input", attrs={"name": name}) if name else []:
            if (
                isinstance(other, Tag)
                and forms.type_of(other) == "radio"
                and forms.form_owner(other, root) is owner
                and other.has_attr("checked")
            ):
                del other["checked"]
    if checked:
        field["checked"] = ""
    elif field.has_attr("checked"):
        del field["checked"]


def choose(select: Tag, values: tuple[str, ...]) -> None:
    """Select exactly the options with these values (or labels)."""
    if select.name != "select":
        raise LiveClientError(f"cannot select in {describe(select)}: not a <select>")
    options = forms.options_of(select)
    chosen = []
    for wanted in values:
        match = next((o for o in options if forms.option_value(o) == wanted), None)
        match = match or next((o for o in options if normalize_text(o.get_text()) == wanted), None)
        if match is None:
            known = ", ".join(repr(forms.option_value(o)) for o in options)
            raise LiveClientError(f"{describe(select)} has no option {wanted!r} (options: {known})")
        chosen.append(match)
    if len(chosen) > 1 and not select.has_attr("multiple"):
        raise LiveClientError(f"cannot select {len(chosen)} options in {describe(select)}")
    for option in options:
        if any(option is c for c in chosen):
            option["selected"] = ""
        elif option.has_attr("selected"):
            del option["selected"]
