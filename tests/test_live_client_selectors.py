"""The selectors LiveClient matches itself find what soupsieve finds, on a page full of
the cases where the rules differ from a plain comparison (ASCII case of names, HTML's
case-insensitive attribute values, class lists split on CSS whitespace, ``<template>``
content, repeated ids)."""

from __future__ import annotations

import re

import pytest
import soupsieve
from hypothesis import given, settings
from hypothesis import strategies as st

from liveview.testing.dom import Page, parse
from liveview.testing.selectors import compile_simple

PAGE = """<!DOCTYPE html><html lang="en-GB"><head><title>t</title></head><body>
<form id="f" class="c  wide" method="POST">
  <input name="n" type="TEXT" value="Ada Lovelace" data-x="a-b c">
  <input name="m" type="checkbox" checked data-x="" class="c">
  <button type="Submit" id="go" data-liveview-function="say_hello">Go</button>
  <select name="s"><option value="1" selected>One</option><option>Two</option></select>
</form>
<template id="tpl"><p id="in-template" class="c">hidden</p><input name="n"></template>
<div id="dup" class="a&#9;b&#12;c"><p id="dup" lang="en">x</p>
  <ul><li class="item first">1</li><li class="item" data-x="a&#160;b">2</li></ul></div>
<svg viewBox="0 0 1 1"><rect id="r" class="c"/></svg>
<p ID="upper" DATA-X="Yes" lang="EN-us">u</p>
</body></html>"""

_IDENT = re.compile(r"-?[A-Za-z_][A-Za-z0-9_-]*")
TYPES = [None, "*", "p", "P", "input", "li", "form", "template", "svg", "rect", "Button", "ul"]
IDS = ["f", "go", "dup", "Dup", "tpl", "in-template", "r", "upper", "nope"]
CLASSES = ["c", "C", "wide", "item", "first", "a", "b", "x"]
ATTRIBUTES = ["name", "type", "TYPE", "value", "data-x", "checked", "lang", "id", "class"]
ATTRIBUTES += ["method", "selected", "viewbox", "viewBox", "data-liveview-function", "nope"]
OPERATORS = ["", "=", "~=", "|=", "^=", "$=", "*="]
VALUES = ["", "n", "text", "TEXT", "Submit", "submit", "a-b", "a", "b c", "Ada", "Lovelace"]
VALUES += ["en", "EN", "post", "c", "1", "say_hello", "a b", "yes", "Yes", "a\u00a0b"]


@st.composite
def attribute_selectors(draw: st.DrawFn) -> str:
    name, operator = draw(st.sampled_from(ATTRIBUTES)), draw(st.sampled_from(OPERATORS))
    if not operator:
        return f"[{name}]"
    value = draw(st.sampled_from(VALUES))
    quotes = ['"', "'"] + ([""] if _IDENT.fullmatch(value) else [])
    quote = draw(st.sampled_from(quotes))
    space = draw(st.sampled_from(["", " "]))
    return f"[{space}{name}{space}{operator}{space}{quote}{value}{quote}{space}]"


@st.composite
def compounds(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(IDS).map("#{}".format),
                st.sampled_from(CLASSES).map(".{}".format),
                attribute_selectors(),
            ),
            max_size=3,
        )
    )
    tag = draw(st.sampled_from(TYPES if parts else [t for t in TYPES if t]))
    return (tag or "") + "".join(parts)


@st.composite
def selector_lists(draw: st.DrawFn) -> str:
    def complex_selector() -> str:
        chosen = draw(st.lists(compounds(), min_size=1, max_size=3))
        text = chosen[0]
        for compound in chosen[1:]:
            text += draw(st.sampled_from([" ", " > ", ">", "\n\t"])) + compound
        return text

    alternatives = [complex_selector() for _ in range(draw(st.integers(1, 2)))]
    return draw(st.sampled_from([", ", ",", " ,"])).join(alternatives)


SOUP = parse(PAGE)


@settings(max_examples=400, deadline=None)
@given(selector_lists())
def test_a_simple_selector_finds_what_soupsieve_finds(css):
    selector = compile_simple(css)
    assert selector is not None, css
    ours = [id(tag) for tag in selector.select(SOUP)]
    theirs = [id(tag) for tag in soupsieve.select(css, SOUP)]
    assert ours == theirs, css


@pytest.mark.parametrize(
    ("css", "count"),
    [
        ("#dup", 2),
        ("#in-template, template p", 0),
        ("[type=submit]", 1),
        ("input[type=text]", 1),
        ("[data-x~=b]", 0),  # the no-break space separates nothing
        (".b", 1),  # a tab and a form feed do
        ("#upper[data-x=yes]", 0),  # data-* values keep their case
        ("[lang|=en]", 3),  # the page, the paragraph, and "EN-us" (lang ignores case)
        ("svg rect.c", 1),
        ("body > template", 1),
    ],
)
def test_the_rules_that_differ_from_a_plain_comparison(css, count):
    selector = compile_simple(css)
    assert selector is not None
    assert len(list(selector.select(SOUP))) == count == len(soupsieve.select(css, SOUP))


@pytest.mark.parametrize(
    "css",
    [
        "input:checked",
        "li:nth-child(2)",
        "p + ul",
        "p ~ ul",
        "[type=submit i]",
        "#a\\:b",
        "svg|rect",
        " #f",
        "#f ",
        "#f,",
        "[data-x='a,b']",
        "[x!=y]",
        "#1f",
    ],
)
def test_other_selectors_are_left_to_soupsieve(css):
    assert compile_simple(css) is None


def test_the_page_answers_other_selectors_through_soupsieve():
    page = Page(PAGE, "/")
    assert page.query("input:checked") is page.query("[name=m]")
    assert [tag.get_text() for tag in page.query_all("li:nth-child(2), p + ul li")] == ["1", "2"]
    with pytest.raises(ValueError, match="not a valid CSS selector"):
        page.query("#1f")
