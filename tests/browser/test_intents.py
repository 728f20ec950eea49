"""Exactly-once intents: a message the server never acknowledged is re-sent after a reconnect
(or, for persistent functions, a reload) and runs once. The demo's ``place_order`` handler
creates one ``pages.Order`` row per run; rows are counted in the server's SQLite file."""

from __future__ import annotations

import re
import shutil
import signal

import pytest
from playwright.sync_api import expect

from tests.browser.loading_events import watch_loading
from tests.browser.support import configure, open_page
from tests.servers import DemoServer, count_orders

FAST = "{reconnectDelay: 100, reconnectMultiplier: 1.5, reconnectMaxDelay: 400, jitter: 0, maxReconnectAttempts: Infinity}"


@pytest.fixture(scope="module")
def server(migrated_db, tmp_path_factory):
    """This module's own server: its tests kill and restart it. Its settings print the
    handlers' INFO logs ("Placing order <ref>"), which the tests wait for."""
    database = tmp_path_factory.mktemp("intents") / "demo.sqlite3"
    shutil.copy(migrated_db, database)
    server = DemoServer(database, settings="tests.reliability_settings")
    server.start()
    yield server
    server.close()


@pytest.fixture
def outage(server):
    """Stops the server; starts it again at the end if the test did not."""
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


def orders(server):
    return count_orders(server.database)


def wait_acked(page, ref):
    page.wait_for_function(
        "(ref) => window.__liveviewEvents.some((e) => e.type === 'liveview:ack' && e.detail.ref === ref)",
        arg=ref,
    )


def placed(count):
    """The text the place_order handler renders into #orders."""
    return f"{count} order{'s' if count != 1 else ''} placed"


def stored_intents(page):
    return page.evaluate("sessionStorage.getItem('liveview:intents')")


def test_sent_while_the_server_is_down_goes_out_after_restart_once(server, outage, page):
    watcher = watch_loading(page)
    configure(page, FAST)
    open_page(page, server.url + "/reliability/?slow=0")
    before = orders(server)
    outage.begin()
    watcher.wait_for("liveview:disconnected")
    page.fill("#item", "tea")
    page.click("#place-order")
    queued = watcher.wait_for("liveview:queued")["message"]
    expect(page.locator("#place-order")).to_have_attribute("aria-busy", "true")
    outage.end()
    wait_acked(page, queued["ref"])
    expect(page.locator("#orders")).to_have_text(placed(before + 1))
    assert orders(server) == before + 1
    # Never sent before: it goes out once, normally, not as a replay.
    frames = [m for m in watcher.calls("place_order") if m["ref"] == queued["ref"]]
    assert len(frames) == 1
    assert "replay" not in frames[0]
    assert page.get_attribute("#place-order", "aria-busy") is None
    assert stored_intents(page) is None


def test_server_killed_mid_handler_the_replay_runs_once(server, outage, page):
    watcher = watch_loading(page)
    configure(page, FAST)
    open_page(page, server.url + "/reliability/?slow=3")
    before = orders(server)
    page.fill("#item", "cake")
    page.click("#place-order")
    ref = watcher.sent_messages("place_order")[0]["ref"]
    server.process.wait_for(re.escape(f"Placing order {ref}"))
    outage.begin(signal.SIGKILL)  # a crash in the middle of the handler
    watcher.wait_for("liveview:disconnected")
    assert orders(server) == before
    outage.end()
    wait_acked(page, ref)
    frames = [m for m in watcher.calls("place_order") if m["ref"] == ref]
    assert [m.get("replay", False) for m in frames] == [False, True]
    acks = [e for e in watcher.events("liveview:ack") if e["ref"] == ref]
    assert acks == [{"ref": ref}]  # it ran: the killed run never finished
    assert orders(server) == before + 1
    expect(page.locator("#orders")).to_have_text(placed(before + 1))
    assert stored_intents(page) is None


def test_reload_mid_handler_replays_from_storage_and_runs_once(server, page):
    watcher = watch_loading(page)
    open_page(page, server.url + "/reliability/?slow=2")
    before = orders(server)
    page.fill("#item", "bread")
    page.click("#place-order")
    ref = watcher.sent_messages("place_order")[0]["ref"]
    assert ref in stored_intents(page)
    server.process.wait_for(re.escape(f"Placing order {ref}"))
    page.reload()  # the handler is still running on the server
    # The new page re-sends the stored message at once; the server waits for the run in
    # progress and answers that it is a duplicate.
    wait_acked(page, ref)
    acks = [e for e in watcher.events("liveview:ack") if e["ref"] == ref]
    assert acks == [{"ref": ref, "duplicate": True}]
    frames = [m for m in watcher.calls("place_order") if m["ref"] == ref]
    assert [m.get("replay", False) for m in frames] == [False, True]
    assert orders(server) == before + 1
    assert stored_intents(page) is None
    # The restored message showed as loading on the new page until its ack.
    assert watcher.events("liveview:loading-end")[0] == {
        "function": "place_order",
        "ref": ref,
        "element": None,
        "reason": "duplicate",
    }


def test_killed_mid_handler_then_reload_replays_once(server, outage, page):
    watcher = watch_loading(page)
    # No reconnection before the reload: the reloaded page is what re-sends.
    configure(page, "{reconnectDelay: 60000, jitter: 0}")
    open_page(page, server.url + "/reliability/?slow=3")
    before = orders(server)
    page.click("#place-order")
    ref = watcher.sent_messages("place_order")[0]["ref"]
    server.process.wait_for(re.escape(f"Placing order {ref}"))
    outage.begin(signal.SIGKILL)
    watcher.wait_for("liveview:disconnected")
    outage.end()
    page.reload()
    wait_acked(page, ref)
    assert [e for e in watcher.events("liveview:ack") if e["ref"] == ref] == [{"ref": ref}]
    assert orders(server) == before + 1
    expect(page.locator("#orders")).to_have_text(placed(before + 1))


def test_messages_of_other_functions_are_not_kept_across_a_reload(server, page):
    watcher = watch_loading(page)
    open_page(page, server.url + "/reliability/?slow=0")
    page.evaluate("document.querySelector('#place-order').removeAttribute('data-liveview-persist')")
    page.click("#place-order")
    assert stored_intents(page) is None
    watcher.settled()


def test_persist_functions_option_keeps_messages(server, page):
    watcher = watch_loading(page)
    configure(page, "{persistFunctions: ['place_order']}")
    open_page(page, server.url + "/reliability/?slow=1")
    page.evaluate("document.querySelector('#place-order').removeAttribute('data-liveview-persist')")
    page.click("#place-order")
    ref = watcher.sent_messages("place_order")[0]["ref"]
    assert ref in stored_intents(page)
    wait_acked(page, ref)
    assert stored_intents(page) is None
