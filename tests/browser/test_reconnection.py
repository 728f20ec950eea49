"""SPEC 4.9 across real outages: the demo server process is stopped (its port freed, so
connections are refused) and started again on the same port while the page stays open."""

from __future__ import annotations

import datetime
import re
import shutil
import signal

import pytest
from playwright.sync_api import expect

from tests.browser.support import configure, open_page, wait_connected, watch
from tests.servers import DemoServer

START = datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)

# Small delays without jitter, so the schedule is exact: 100, 150, 225, 338, then 400.
FAST = "reconnectDelay: 100, reconnectMultiplier: 1.5, reconnectMaxDelay: 400, jitter: 0"
SCHEDULE = [100, 150, 225, 338, 400]


@pytest.fixture(scope="module")
def server(migrated_db, tmp_path_factory):
    """This module's own server: its tests stop and restart it."""
    database = tmp_path_factory.mktemp("outages") / "demo.sqlite3"
    shutil.copy(migrated_db, database)
    server = DemoServer(database)
    server.start()
    yield server
    server.close()


@pytest.fixture
def outage(server):
    """Stops the server for the test's outage; starts it again if the test did not."""
    state = {"down": False}

    class Outage:
        def begin(self, sig=signal.SIGTERM):
            server.pause(sig)
            state["down"] = True

        def end(self):
            server.resume()
            state["down"] = False

    yield Outage()
    if state["down"]:
        server.resume()


def banner(page):
    return page.locator("#no-connection")


def shown(page):
    expect(banner(page)).to_have_class(re.compile(r"\bno-connection--show\b"))
    expect(banner(page)).not_to_have_class(re.compile(r"\bno-connection--hide\b"))


def hidden(page):
    expect(banner(page)).to_have_class(re.compile(r"\bno-connection--hide\b"))
    expect(banner(page)).not_to_have_class(re.compile(r"\bno-connection--show\b"))


def send_note(page, text):
    page.fill("#note", text)
    page.click("#send-note")


def notes(page):
    return page.locator("#notes li")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["stopped", "crashed"])
def test_reconnects_with_backoff_when_the_server_is_back(server, outage, page, sig):
    watcher = watch(page)
    configure(page, f"{{{FAST}, maxReconnectAttempts: Infinity}}")
    open_page(page, server.url + "/connection/")
    hidden(page)
    url = page.evaluate("window.myWebSocket.url")
    outage.begin(sig)
    shown(page)
    expect(page.locator("#connection-status")).to_contain_text("disconnected; retrying in")
    watcher.wait_for("liveview:disconnected", 3)  # the first drop and two refused attempts
    outage.end()
    watcher.wait_for("liveview:connected", 2)
    wait_connected(page)  # window.myWebSocket is the new socket
    hidden(page)
    expect(page.locator("#connection-status")).to_have_text("connected")
    drops = watcher.events("liveview:disconnected")
    assert drops[0]["code"] == (1012 if sig == signal.SIGTERM else 1006)
    assert all(drop["willReconnect"] for drop in drops)
    delays = [drop["delay"] for drop in drops]
    assert delays == (SCHEDULE + [400] * len(delays))[: len(delays)]
    attempts = [e["attempt"] for e in watcher.events("liveview:connecting")]
    assert attempts == list(range(len(drops) + 1))
    assert watcher.events("liveview:connected") == [{"url": url}, {"url": url}]
    # Same room, and the server answers again.
    send_note(page, "after the outage")
    expect(notes(page)).to_have_text(["after the outage"])


def test_messages_sent_while_disconnected_are_sent_in_order_on_reconnection(server, outage, page):
    watcher = watch(page)
    configure(page, f"{{{FAST}, maxReconnectAttempts: Infinity}}")
    open_page(page, server.url + "/connection/")
    outage.begin()
    shown(page)
    for text in ("one", "two", "three"):
        send_note(page, text)
    assert [e["size"] for e in watcher.events("liveview:queued")] == [1, 2, 3]
    expect(page.locator("#queued-count")).to_have_text("3")
    assert watcher.count("liveview:sent") == 0
    outage.end()
    expect(notes(page)).to_have_text(["one", "two", "three"])
    assert [m["form"]["note"] for m in watcher.calls("queue_note")] == ["one", "two", "three"]


def test_full_queue_drops_the_oldest_and_says_so(server, outage, page):
    watcher = watch(page)
    configure(page, f"{{{FAST}, maxReconnectAttempts: Infinity, queueMaxSize: 2}}")
    open_page(page, server.url + "/connection/")
    outage.begin()
    shown(page)
    for text in ("one", "two", "three"):
        send_note(page, text)
    dropped = watcher.wait_for("liveview:queue-dropped")
    assert dropped["reason"] == "size"
    assert dropped["count"] == 1
    assert [m["form"]["note"] for m in dropped["messages"]] == ["one"]
    outage.end()
    expect(notes(page)).to_have_text(["two", "three"])


def run_until(page, watcher, name, count):
    """Advance the page's stopped clock one backoff step at a time until ``name`` happened
    ``count`` times. Each step fires the pending reconnection timer; the attempt then ends
    (connected or disconnected) in real time."""
    for _ in range(20):
        if watcher.count(name) >= count:
            return
        ended = watcher.count("liveview:connected") + watcher.count("liveview:disconnected")
        page.clock.run_for(1000)
        page.wait_for_function(
            "() => window.__liveviewEvents.filter((e) => e.type === 'liveview:connected'"
            f" || e.type === 'liveview:disconnected').length > {ended}"
        )
    raise AssertionError(f"{name} did not happen {count} times")


def test_queued_messages_older_than_queue_max_age_are_dropped(server, outage, page):
    watcher = watch(page)
    page.clock.install(time=START)
    page.clock.pause_at(START + datetime.timedelta(seconds=1))
    configure(page, f"{{{FAST}, maxReconnectAttempts: Infinity, queueMaxAge: 5000}}")
    open_page(page, server.url + "/connection/")
    outage.begin()
    watcher.wait_for("liveview:disconnected")
    send_note(page, "stale")
    run_until(page, watcher, "liveview:disconnected", 7)  # 6 s of refused attempts
    send_note(page, "fresh")
    dropped = watcher.wait_for("liveview:queue-dropped")
    assert dropped["reason"] == "age"
    assert [m["form"]["note"] for m in dropped["messages"]] == ["stale"]
    outage.end()
    run_until(page, watcher, "liveview:connected", 2)
    expect(notes(page)).to_have_text(["fresh"])


def test_documented_default_backoff(server, outage, page):
    """3 s first, times 1.5, at most 30 s, 5 attempts; each delay moved by up to 20 %."""
    watcher = watch(page)
    page.clock.install(time=START)
    page.clock.pause_at(START + datetime.timedelta(seconds=1))
    open_page(page, server.url + "/connection/")
    outage.begin()
    watcher.wait_for("liveview:disconnected")
    for attempt in range(1, 6):
        # Fire the pending timer (at most 30 s away), then wait for the attempt to fail.
        page.clock.run_for(30_000)
        watcher.wait_for("liveview:disconnected", attempt + 1)
    drops = watcher.events("liveview:disconnected")
    assert [d["willReconnect"] for d in drops] == [True] * 5 + [False]
    for drop, base in zip(drops[:5], [3000, 4500, 6750, 10125, 15187.5], strict=True):
        assert 0.8 * base - 1 <= drop["delay"] <= min(1.2 * base + 1, 30_000)
    assert watcher.count("liveview:connecting") == 6


def exhaust(page, watcher, outage):
    """Stop the server and let the client use up its two attempts (clock stopped)."""
    outage.begin()
    first = watcher.wait_for("liveview:disconnected")
    assert first["willReconnect"] is True
    run_until(page, watcher, "liveview:disconnected", 3)
    drops = watcher.events("liveview:disconnected")
    assert [d["willReconnect"] for d in drops] == [True, True, False]
    assert [d.get("delay") for d in drops] == [100, 150, None]
    expect(page.locator("#connection-status")).to_contain_text("gave up for now")
    outage.end()
    # The server is back, but the client gave up: ten minutes pass without an attempt.
    page.clock.run_for(10 * 60 * 1000)
    assert watcher.count("liveview:connecting") == 3
    shown(page)


@pytest.fixture
def exhausted(server, outage, page):
    """A page whose client gave up reconnecting during an outage; the server is back."""
    watcher = watch(page)
    page.clock.install(time=START)
    page.clock.pause_at(START + datetime.timedelta(seconds=1))
    configure(page, f"{{{FAST}, maxReconnectAttempts: 2}}")
    open_page(page, server.url + "/connection/")
    exhaust(page, watcher, outage)
    return page, watcher


def test_after_giving_up_the_online_event_reconnects(exhausted):
    page, watcher = exhausted
    page.context.set_offline(True)
    page.context.set_offline(False)
    assert watcher.wait_for("liveview:connected", 2)
    hidden(page)


def test_after_giving_up_the_tab_becoming_visible_reconnects(exhausted):
    page, watcher = exhausted
    # What the browser fires when the user comes back to the tab.
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    assert page.evaluate("document.visibilityState") == "visible"
    assert watcher.wait_for("liveview:connected", 2)
    hidden(page)


def test_after_giving_up_the_next_user_action_reconnects_and_is_delivered(exhausted):
    page, watcher = exhausted
    send_note(page, "wake up")
    expect(notes(page)).to_have_text(["wake up"])
    assert watcher.count("liveview:connected") == 2
    assert watcher.events("liveview:queued")[-1]["message"]["form"] == {"note": "wake up"}
    hidden(page)
