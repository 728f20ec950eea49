"""Issue #5 in a browser: chat topics, live presence across tabs and processes, and a
notice pushed by a management command running in its own process."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests.servers import EXAMPLE, ROOT, DemoServer


def connected(page, url):
    page.goto(url)
    page.wait_for_function("() => window.myWebSocket && window.myWebSocket.readyState === 1")
    return page


def enter(page, nick, chat="general"):
    page.fill("#nick", nick)
    page.click(f"button:has-text('#{chat}')")
    expect(page.locator("#chat h2")).to_have_text(f"#{chat}")


@pytest.fixture
def redis_servers(redis_server, migrated_db, tmp_path):
    servers = []
    for i in range(2):
        db = tmp_path / f"db{i}.sqlite3"
        shutil.copy(migrated_db, db)
        # A 2 s presence TTL, so a killed process drops out of the lists quickly.
        server = DemoServer(
            db,
            redis_url=redis_server.url,
            settings="tests.redis_settings",
            extra_env={"LIVEVIEW_TEST_PRESENCE_TTL": "2"},
        )
        server.start()
        servers.append(server)
    yield servers
    for server in servers:
        server.close()


def test_chat_messages_and_who_is_here_in_two_tabs(shared_server, new_page):
    ada, bob = (connected(new_page(), shared_server.url + "/chat/") for _ in range(2))
    enter(ada, "ada")
    expect(ada.locator("#who .who li")).to_have_text(["ada"])
    enter(bob, "bob")
    for tab in (ada, bob):
        expect(tab.locator("#who .who-count")).to_have_text("2 here")
        expect(tab.locator("#who .who li")).to_have_text(["ada", "bob"], ignore_case=False)
    bob.fill("input[name=text]", "hello ada")
    bob.press("input[name=text]", "Enter")
    for tab in (ada, bob):
        expect(tab.locator("#chat-log li")).to_contain_text(["hello ada"])
    expect(bob.locator("input[name=text]")).to_have_value("")  # a fresh form came back
    bob.close()
    expect(ada.locator("#who .who-count")).to_have_text("1 here")
    expect(ada.locator("#who .who li")).to_have_text(["ada"])


def test_switching_chat_leaves_the_other_list(shared_server, new_page):
    ada, bob = (connected(new_page(), shared_server.url + "/chat/") for _ in range(2))
    enter(ada, "ada2", "random")
    enter(bob, "bob2", "random")
    expect(ada.locator("#who .who-count")).to_have_text("2 here")
    enter(bob, "bob2", "help")
    expect(ada.locator("#who .who-count")).to_have_text("1 here")
    expect(bob.locator("#who .who li")).to_have_text(["bob2"])


def test_presence_across_two_processes_over_redis(redis_servers, new_page):
    one, two = redis_servers
    ada = connected(new_page(), one.url + "/chat/")
    bob = connected(new_page(), two.url + "/chat/")
    enter(ada, "ada")
    enter(bob, "bob")
    for tab in (ada, bob):
        expect(tab.locator("#who .who li")).to_have_text(["ada", "bob"])
    ada.fill("input[name=text]", "from process one")
    ada.press("input[name=text]", "Enter")
    expect(bob.locator("#chat-log")).to_contain_text("from process one")
    bob.close()  # a departure on process two reaches the tab on process one
    expect(ada.locator("#who .who li")).to_have_text(["ada"])


def notify(server, *args):
    """``manage.py notify``: another process sending the original's broadcast_message event
    to the group "broadcast" (or room_<room> with --room) over Redis."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "demo.settings",
        "DEMO_DB": str(server.database),
        "REDIS_URL": server.redis_url,
        "PYTHONPATH": os.pathsep.join([str(EXAMPLE), str(ROOT)]),
    }
    result = subprocess.run(
        [sys.executable, str(EXAMPLE / "manage.py"), "notify", *args],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_management_command_pushes_a_notice_to_open_pages(redis_servers, new_page):
    one, two = redis_servers
    tabs = [connected(new_page(), one.url + "/"), connected(new_page(), two.url + "/chat/")]
    notify(one, "Deploy at five")
    for tab in tabs:
        expect(tab.locator("#notices .notice")).to_contain_text("Deploy at five")


def test_management_command_pushes_to_one_room_only(redis_servers, new_page):
    one, two = redis_servers
    mine, other = connected(new_page(), two.url + "/"), connected(new_page(), two.url + "/")
    notify(one, "For this room", "--room", mine.get_attribute("html", "data-room"))
    expect(mine.locator("#notices .notice")).to_contain_text("For this room")
    notify(one, "For everyone")  # once every tab has this, the room notice had its chance
    expect(other.locator("#notices .notice")).to_contain_text("For everyone")
    expect(other.locator("#notices")).not_to_contain_text("For this room")


def test_notify_refuses_the_in_memory_layer(migrated_db):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "demo.settings", "DEMO_DB": str(migrated_db),
           "PYTHONPATH": os.pathsep.join([str(EXAMPLE), str(ROOT)])}  # fmt: skip
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [sys.executable, str(EXAMPLE / "manage.py"), "notify", "x"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


def test_a_killed_process_drops_out_of_the_presence_lists(redis_servers, new_page):
    one, two = redis_servers
    ada = connected(new_page(), one.url + "/chat/")
    bob = connected(new_page(), two.url + "/chat/")
    enter(ada, "ada", "help")
    enter(bob, "bob", "help")
    expect(ada.locator("#who .who li")).to_have_text(["ada", "bob"])
    two.stop(signal.SIGKILL)  # no goodbye: bob's entry stays in Redis until its TTL runs out
    # Someone else arrives on the surviving process while bob's process is still "alive"
    # in Redis, then again once its liveness key has expired (TTL 2 s here).
    carol = connected(new_page(), one.url + "/chat/")
    enter(carol, "carol", "help")
    expect(ada.locator("#who .who li")).to_contain_text(["ada", "carol"])
    dave = connected(new_page(), one.url + "/chat/")
    for _ in range(10):  # each entry re-renders the list; bob is gone once his key expired
        enter(dave, "dave", "general")
        enter(dave, "dave", "help")
        if "bob" not in ada.locator("#who").inner_text():
            break
        ada.wait_for_timeout(500)  # waiting for Redis to expire a key: there is no event
    expect(ada.locator("#who .who li")).to_have_text(["ada", "carol", "dave"])
