"""The demo's resumable feed page, tested with LiveClient (cutting a tab off and restoring
it needs the browser client: tests/browser/test_feed_demo.py)."""

from __future__ import annotations

import pytest

from pages.liveview_components import feed

pytestmark = pytest.mark.django_db(transaction=True)


def numbers(client):
    items = client.query_all("#feed-log li[data-n]")
    return [(item["data-series"], int(item["data-n"])) for item in items]


def test_the_page_marks_its_start_and_a_ticker_fills_the_feed_in_order(live_client):
    live_client.get("/feed/")
    assert "Feed since" in live_client.text("#feed-log .feed-mark")  # its init handler ran
    assert "Overflow the log" in live_client.text("#feed-overflow")
    live_client.call("feed_ticker", data={"count": "5", "interval": "50"})
    live_client.wait_for_text("#feed-log", "5 of 5")
    got = numbers(live_client)
    assert [n for _, n in got] == [1, 2, 3, 4, 5]
    assert len({series for series, _ in got}) == 1
    assert "ticker, to this tab's room" in live_client.text("#feed-log li[data-n]")


def test_a_burst_of_broadcasts_reaches_every_feed_tab_in_order(live_client_factory):
    ada, bob = live_client_factory(), live_client_factory()
    ada.get("/feed/")
    bob.get("/feed/")
    ada.click("#feed-burst")
    bob.wait_for_text("#feed-log", "10 of 10")
    assert [n for _, n in numbers(bob)] == list(range(1, 11))
    ada.wait_for_text("#feed-log", "10 of 10")


def test_a_ticker_goes_only_to_its_own_tab(live_client_factory):
    ada, bob = live_client_factory(), live_client_factory()
    ada.get("/feed/")
    bob.get("/feed/")
    ada.call("feed_ticker", data={"count": "2", "interval": "50"})
    ada.wait_for_text("#feed-log", "2 of 2")
    bob.click("#feed-burst")  # something bob does get, after ada's ticker ended
    bob.wait_for_text("#feed-log", "10 of 10")
    assert [n for _, n in numbers(bob)] == list(range(1, 11))


def test_tickers_are_bounded_per_process_and_a_finished_one_frees_its_place(
    live_client, monkeypatch
):
    monkeypatch.setattr(feed, "MAX_TICKERS", 1)
    # Only this test's tickers count: another test's may still hold a place in this process.
    monkeypatch.setattr(feed, "_tickers", set())
    live_client.get("/feed/")
    live_client.call("feed_ticker", data={"count": "3", "interval": "100"})
    live_client.call("feed_ticker", data={"count": "3", "interval": "100"})
    assert live_client.text("#feed-error") == "Too many feeds running; try again soon."
    live_client.wait_for_text("#feed-log", "3 of 3")
    live_client.wait_for(lambda: not feed._tickers)
    live_client.call("feed_ticker", data={"count": "1", "interval": "50"})
    assert live_client.text("#feed-error") == ""
    live_client.wait_for_text("#feed-log", "1 of 1")
    assert [n for _, n in numbers(live_client)] == [1, 2, 3, 1]


def test_the_init_handler_marks_a_resync(live_client):
    live_client.get("/feed/")
    live_client.call("feed_synced", data={"reason": "resync"})
    marks = live_client.query_all("#feed-log .feed-mark")
    assert [mark["data-synced"] for mark in marks] == ["load", "resync"]
    assert "no longer held what this tab missed" in marks[1].get_text()


def test_an_overflow_waits_for_its_tab_to_be_cut_off(live_client, monkeypatch):
    monkeypatch.setattr(feed, "OVERFLOW_WAIT", 0.2)
    monkeypatch.setattr(feed, "overflow_count", lambda: 3)
    live_client.get("/feed/")
    live_client.call("feed_overflow")
    # Not cut off: after the wait it publishes anyway, and the tab gets it live.
    live_client.wait_for_text("#feed-log", "3 of 3")
    assert [n for _, n in numbers(live_client)] == [1, 2, 3]
