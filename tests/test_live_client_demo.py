"""The demo's pages, tested with LiveClient (their Playwright tests are in tests/browser/)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_events_page_routes_each_event_as_stimulus_does(live_client):
    live_client.get("/events/")
    live_client.click("#ev-click")
    live_client.fill("#ev-input", "a")
    live_client.fill("#ev-submit-text", "sent by submit")
    live_client.click("#ev-submit")
    live_client.select("#ev-change", live_client.text("#ev-change option:last-child"))
    live_client.press("#ev-keydown", "Enter")
    live_client.click("#ev-bubbles")
    log = [li["data-event"] for li in live_client.query_all("#event-log li")]
    assert log == ["click", "input", "submit", "change", "keydown", "box click"]
    assert "sent by submit" in live_client.text("#event-log li[data-event=submit]")


def test_events_page_stop_and_missing_function(live_client):
    live_client.get("/events/")
    with pytest.raises(AssertionError, match="no data-action binds click->page#run"):
        live_client.click("#ev-stops")
    with pytest.raises(AssertionError, match="no data-liveview-function"):
        live_client.click("#ev-missing")
    assert live_client.query_all("#event-log li") == []


def test_init_page_loads_its_widgets_once_each(live_client):
    live_client.get("/init/")
    assert "Loaded by init_widget for stats" in live_client.text("#init-stats")
    live_client.click("#add-widget")
    live_client.click("#add-widget")
    assert live_client.text("#init-extra-1 .calls") == "1"
    assert "extra-2" in live_client.text("#init-extra-2")
    assert live_client.text("#init-stats .calls") == "1"


def test_intersection_page_reports_appear_and_disappear(live_client):
    live_client.get("/intersection/")
    live_client.scroll_into_view("#watched")
    assert live_client.text("#watched-status") == "on screen (1)"
    live_client.scroll_out_of_view("#watched")
    assert live_client.text("#watched-status") == "off screen (1)"
    live_client.scroll_into_view("#marker-early")
    assert live_client.text("#marker-early-status") == "seen"


def test_keyboard_page_global_and_scoped_maps(live_client):
    live_client.get("/keyboard/")
    before = live_client.text("#board-position")
    live_client.press("body", "d")
    assert live_client.text("#board-position") != before
    live_client.fill("#note", "remember the milk")
    live_client.press("#note", "ctrl+s")
    assert "remember the milk" in live_client.text("#note-status")
    live_client.press("#note", "esc")
    assert live_client.text("#note-status") == "Closed without saving."


def test_history_page_moves_url_and_title(live_client):
    live_client.get("/history/")
    live_client.click("#step-2")
    assert live_client.url == "/history/?step=2"
    assert live_client.title.startswith("Step 2")
    live_client.click("#go-french")
    assert live_client.url == "/history/?lang=fr"
    assert live_client.scripts[-1] == 'document.documentElement.lang = "fr";'


def test_chat_topic_and_presence_between_two_clients(live_client_factory):
    ada, bob = live_client_factory(), live_client_factory()
    for client, nick in ((ada, "ada"), (bob, "bob")):
        client.get("/chat/")
        client.fill("#nick", nick)
        client.click("#chat-controls button[data-data-chat]")
    ada.wait_for_text("#who", "bob")
    bob.wait_for_text("#who", "ada")
    ada.fill("#chat-form input[name=text]", "hello bob")
    ada.submit("#chat-form form")
    bob.wait_for_text("#chat-log", "hello bob")
    assert ada.value("#chat-form input[name=text]") == ""
