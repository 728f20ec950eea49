"""A sample of the Playwright tests, mirrored with LiveClient: no browser, no server.

Each test names its twin in tests/browser/; both must agree. bench/testclient.py times
the two sets. Their handlers write nothing to the database, so a plain ``django_db``
(each test rolled back) does: no flush of every table between tests, as
``transaction=True`` would do."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


def received(client, strategy):
    """What the form-values handler got (its reply, on the page)."""
    got = json.loads(client.text("#form-result"))
    assert got["strategy"] == strategy
    return got


@pytest.fixture
def form_page(live_client):
    live_client.get("/form-values/")
    return live_client


# tests/browser/test_demo_pages.py


def test_quickstart_say_hello(live_client):
    live_client.get("/")
    live_client.fill("#name", "Django")
    live_client.click("button[data-liveview-function=say_hello]")
    assert "Hello, Django!" in live_client.text("#greeting")
    assert live_client.value("#name") == "Django"


def test_broadcast_reaches_a_second_tab(live_client_factory):
    first, second = live_client_factory(), live_client_factory()
    for tab in (first, second):
        tab.get("/broadcast/")
    first.fill("input[name=author]", "Ada")
    first.fill("input[name=message]", "hello from tab one")
    first.click("button[type=submit]")
    for tab in (first, second):
        tab.wait_for_text("#messages", "hello from tab one")
        assert len(tab.query_all("#messages li")) == 1


def test_post_from_a_server_thread_reaches_every_tab(live_client_factory):
    tabs = [live_client_factory(), live_client_factory()]
    for tab in tabs:
        tab.get("/broadcast/")
    tabs[0].fill("input[name=message]", "tick from a thread")
    tabs[0].click("#from-thread")
    for tab in tabs:
        tab.wait_for_text("#messages", "tick from a thread")


def test_broadcast_empty_message_shows_error_only_to_sender(live_client_factory):
    first, second = live_client_factory(), live_client_factory()
    for tab in (first, second):
        tab.get("/broadcast/")
    first.click("button[type=submit]")
    assert first.text("#post-error") == "Write something first."
    assert second.text("#post-error") == ""


def test_form_validation_errors_then_success(live_client):
    live_client.get("/form/")
    live_client.fill("input[name=name]", "Ada")
    live_client.fill("input[name=email]", "not-an-email")
    live_client.fill("input[name=age]", "9")
    live_client.click("button[type=submit]")
    assert live_client.exists(".error[data-field=email]")
    assert live_client.exists(".error[data-field=age]")
    live_client.fill("input[name=email]", "ada@example.com")
    live_client.fill("input[name=age]", "36")
    live_client.click("button[type=submit]")
    assert "Thanks, Ada!" in live_client.text(".success")


# tests/browser/test_form_values.py


def test_form_element_sends_all_its_fields(form_page):
    form_page.click("#send-profile")
    got = received(form_page, "the form element")
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
    [message] = [m for m in form_page.sent if m["function"] == "show_form"]
    assert message["form"] == got["form"]
    assert "formId" not in message


def test_form_values_follow_what_the_user_entered(form_page):
    form_page.fill("input[name=name]", "Grace")
    form_page.check("input[name=terms]")
    form_page.uncheck("input[name=newsletter]")
    form_page.check("input[name=colour][value=blue]")
    form_page.select("select[name=toppings]", "cream", "sprinkles")
    form_page.check("input[name=day][value=tue]")
    form_page.click("#send-profile")
    form = received(form_page, "the form element")["form"]
    assert form["name"] == "Grace"
    assert form["terms"] is True
    assert form["newsletter"] is False
    assert form["colour"] == "blue"
    assert form["toppings"] == ["cream", "sprinkles"]
    assert form["day"] == ["mon", "tue", "wed"]


def test_element_inside_a_form_sends_that_form(form_page):
    form_page.click("#send-inside")
    assert received(form_page, "inside a form")["form"] == {
        "title": "Engineer",
        "team": "Analytical",
    }


def test_field_sends_only_its_own_value(form_page):
    form_page.fill("#city", "Paris")
    form_page.blur("#city")  # commits the value: change fires
    assert received(form_page, "the field itself")["form"] == {"city": "Paris"}


def test_checkbox_field_alone_sends_a_boolean(form_page):
    form_page.check("#agree")
    assert received(form_page, "the field itself")["form"] == {"agree": True}


def test_fields_beside_the_element_are_sent(form_page):
    form_page.click("#send-address")
    got = received(form_page, "fields beside the element")
    assert got["form"] == {"street": "1 Main St", "zip": "12345"}


def test_button_alone_sends_no_field_of_other_sections(form_page):
    form_page.fill("#account-password", "hunter2")
    form_page.click("#send-alone")
    assert received(form_page, "nothing beside the element")["form"] == {}
    assert "hunter2" not in json.dumps(form_page.sent)


def test_form_id_sends_the_named_form_and_says_so(form_page):
    form_page.click("#send-remote")
    got = received(form_page, "data-liveview-form-id")
    assert got["form"] == {"coupon": "SPRING", "quantity": "3"}
    assert got["form_id"] == "remote-form"
    assert form_page.sent[-1]["formId"] == "remote-form"


# tests/browser/test_custom_data.py


def test_custom_data_reaches_the_handler_under_both_keys(live_client):
    live_client.get("/custom-data/")
    live_client.click("#like-123")
    assert live_client.text("#likes-123") == "1"
    data = json.loads(live_client.text("#data-result"))
    assert data["comment_id"] == "123"
    assert data["data_comment_id"] == "123"
    assert data["author_name"] == data["data_author_name"] == "Ada"
    [message] = [m for m in live_client.sent if m["function"] == "like_comment"]
    assert message["data"] == {"dataCommentId": "123", "dataAuthorName": "Ada"}


def test_each_element_sends_its_own_data(live_client):
    live_client.get("/custom-data/")
    live_client.click("#like-456")
    assert live_client.text("#likes-456") == "1"
    live_client.click("#like-456")
    assert live_client.text("#likes-456") == "2"
    assert live_client.text("#likes-123") == "0"
    assert json.loads(live_client.text("#data-result"))["comment_id"] == "456"
