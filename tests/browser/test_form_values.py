"""SPEC 4.2 and 3 (data-liveview-form-id): which fields an element sends, and how."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.support import open_page, watch


@pytest.fixture
def form_page(shared_server, page):
    watcher = watch(page)
    open_page(page, shared_server.url + "/form-values/")
    return page, watcher


def received(page, strategy):
    """What the handler got, once the reply for ``strategy`` is on the page."""
    result = page.locator("#form-result")
    expect(result).to_contain_text(f'"strategy": "{strategy}"')
    return json.loads(result.text_content())


def test_form_element_sends_all_its_fields(form_page):
    page, watcher = form_page
    page.click("#send-profile")
    got = received(page, "the form element")
    # Checkbox → bool, radio → the checked value, select multiple → list, repeated name → list,
    # checkbox group → the checked values; unnamed, disabled and button fields are left out.
    assert got["form"] == {
        "name": "Ada",
        "newsletter": True,
        "terms": False,
        "colour": "green",
        "toppings": ["nuts", "cherry"],
        "tag": ["django", "websockets"],
        "day": ["mon", "wed"],
        "bio": "Likes engines.",
    }
    assert "form_id" not in got
    [message] = watcher.calls("show_form")
    assert message["form"] == got["form"]
    assert "formId" not in message


def test_form_values_follow_what_the_user_entered(form_page):
    page, _ = form_page
    page.fill("input[name=name]", "Grace")
    page.check("input[name=terms]")
    page.uncheck("input[name=newsletter]")
    page.check("input[name=colour][value=blue]")
    page.select_option("select[name=toppings]", ["cream", "sprinkles"])
    page.check("input[name=day][value=tue]")
    page.click("#send-profile")
    form = received(page, "the form element")["form"]
    assert form["name"] == "Grace"
    assert form["terms"] is True
    assert form["newsletter"] is False
    assert form["colour"] == "blue"
    assert form["toppings"] == ["cream", "sprinkles"]
    assert form["day"] == ["mon", "tue", "wed"]


def test_element_inside_a_form_sends_that_form(form_page):
    page, _ = form_page
    page.click("#send-inside")
    assert received(page, "inside a form")["form"] == {"title": "Engineer", "team": "Analytical"}


def test_field_sends_only_its_own_value(form_page):
    page, _ = form_page
    page.fill("#city", "Paris")
    page.press("#city", "Tab")  # commits the value: change fires
    assert received(page, "the field itself")["form"] == {"city": "Paris"}


def test_checkbox_field_alone_sends_a_boolean(form_page):
    page, _ = form_page
    page.check("#agree")
    assert received(page, "the field itself")["form"] == {"agree": True}


def test_fields_beside_the_element_are_sent(form_page):
    """The docs' ``<div><input name><button></div>``: the button's parent holds the fields."""
    page, _ = form_page
    page.click("#send-address")
    got = received(page, "fields beside the element")
    assert got["form"] == {"street": "1 Main St", "zip": "12345"}


def test_button_alone_sends_no_field_of_other_sections(form_page):
    """A password typed in another part of the page never leaves with a lone button."""
    page, watcher = form_page
    page.fill("#account-password", "hunter2")
    page.click("#send-alone")
    assert received(page, "nothing beside the element")["form"] == {}
    [message] = watcher.calls("show_form")
    assert message["form"] == {}
    assert "hunter2" not in json.dumps(watcher.sent)


def test_form_id_sends_the_named_form_and_says_so(form_page):
    page, watcher = form_page
    page.click("#send-remote")
    got = received(page, "data-liveview-form-id")
    assert got["form"] == {"coupon": "SPRING", "quantity": "3"}
    assert got["form_id"] == "remote-form"
    [message] = watcher.calls("show_form")
    assert message["formId"] == "remote-form"
