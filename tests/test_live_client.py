"""LiveClient: actions, frames applied to the page, several clients, failures."""

from __future__ import annotations

import asyncio
import threading

import pytest
from django.contrib.auth.models import User

from liveview import liveview_handler, push, send
from liveview.testing import AsyncLiveClient, LiveClient
from liveview.testing.exceptions import (
    ElementNotFound,
    NothingSent,
    ServerError,
    WaitTimeout,
)

# Sync handlers close stale database connections around each call: database access
# must be allowed (nothing here needs it committed).
pytestmark = pytest.mark.django_db

PAGE = """<!doctype html><html lang="en" data-room="{room}"><head><title>Start</title></head>
<body data-controller="page">{body}</body></html>"""


def page(body: str, room: str = "test-room") -> str:
    return PAGE.format(body=body, room=room)


@pytest.fixture
def client():
    with LiveClient() as client:
        yield client


# Actions and frames


def test_click_applies_every_frame_before_returning(client, registry):
    @liveview_handler("render")
    def render(consumer, content):
        send(consumer, {"target": "#out", "html": "<b>one</b>"})
        send(consumer, {"target": "#list", "html": "<li>two</li>", "append": True})
        send(consumer, {"target": "#gone", "remove": True})
        send(consumer, {"title": "Done", "url": "/next/?page=2"})
        send(consumer, {"event": "saved", "eventData": {"id": 7}})

    client.open(
        page(
            '<button id="go" data-action="click->page#run" data-liveview-function="render">Go</button>'
            '<div id="out">zero</div><ul id="list"><li>one</li></ul><p id="gone">bye</p>'
        ),
        url="/start/",
    )
    client.click("#go")
    assert client.text("#out") == "one"
    assert [li.get_text() for li in client.query_all("#list li")] == ["one", "two"]
    assert not client.exists("#gone")
    assert client.title == "Done"
    assert client.url == "/next/?page=2"
    assert client.history == ["/start/", "/next/?page=2"]
    assert [(e.name, e.detail) for e in client.events] == [("saved", {"id": 7})]


def test_frame_for_a_missing_target_changes_nothing(client, registry):
    @liveview_handler("miss")
    def miss(consumer, content):
        send(consumer, {"target": "#nowhere", "html": "x", "title": "Not applied"})

    client.open(
        page(
            '<button id="go" data-action="click->page#run" data-liveview-function="miss">Go</button>'
        )
    )
    client.click("#go")
    assert client.title == "Start"
    assert client.console == ["target not found; message ignored: '#nowhere'"]


def test_foreign_url_is_refused(client, registry):
    @liveview_handler("away")
    def away(consumer, content):
        send(consumer, {"url": "https://elsewhere.example/"})

    client.open(
        page(
            '<button id="go" data-action="click->page#run" data-liveview-function="away">Go</button>'
        ),
        url="/here/",
    )
    client.click("#go")
    assert client.url == "/here/"


def test_morph_keeps_what_the_user_typed_in_the_focused_field(client, registry):
    @liveview_handler("rerender")
    def rerender(consumer, content):
        send(
            consumer,
            {"target": "#box", "html": '<input id="q" name="q" value="server"><span>n=2</span>'},
        )

    client.open(
        page(
            '<div id="box"><input id="q" name="q" value="server"><span>n=1</span></div>'
            '<button id="go" data-action="click->page#run" data-liveview-function="rerender">Go</button>'
        )
    )
    client.fill("#q", "typed")
    client.click("#go")
    assert client.text("#box span") == "n=2"
    assert client.value("#q") == "typed"


def test_init_runs_for_an_inserted_element(client, registry):
    @liveview_handler("insert")
    def insert(consumer, content):
        send(
            consumer,
            {
                "target": "#slot",
                "html": '<div id="w" data-liveview-init="load_w" data-data-n="3"></div>',
            },
        )

    @liveview_handler("load_w")
    def load_w(consumer, content):
        send(consumer, {"target": "#w", "html": f"loaded {content['data']['n']}"})

    client.open(
        page(
            '<button id="go" data-action="click->page#run" data-liveview-function="insert">Go</button>'
            '<div id="slot"></div>'
        )
    )
    client.click("#go")
    assert client.text("#w") == "loaded 3"
    assert [m["function"] for m in client.sent] == ["insert", "load_w"]


def test_scroll_into_view_calls_appear_once_until_it_leaves(client, registry):
    seen = []

    @liveview_handler("appear")
    def appear(consumer, content):
        seen.append("appear")

    @liveview_handler("disappear")
    def disappear(consumer, content):
        seen.append("disappear")

    client.open(
        page(
            '<div id="more" data-liveview-intersect-appear="appear" '
            'data-liveview-intersect-disappear="disappear"></div>'
        )
    )
    client.scroll_into_view("#more")
    client.scroll_into_view("#more")
    client.scroll_out_of_view("#more")
    client.scroll_into_view("#more")
    assert seen == ["appear", "disappear", "appear"]


def test_press_on_a_global_map_ignores_letters_typed_into_fields(client, registry):
    calls = []

    @liveview_handler("move_up")
    def move_up(consumer, content):
        calls.append("up")

    client.open(
        page('<input id="field" name="f"><div id="board">board</div>').replace(
            '<body data-controller="page">',
            """<body data-controller="page" data-liveview-keyboard-map='{"w": "move_up"}'>""",
        )
    )
    client.press("#board", "w")
    with pytest.raises(NothingSent, match="no keyboard map binds 'w'"):
        client.press("#field", "w")
    assert calls == ["up"]


# Failures that read well


def test_missing_element_suggests_the_closest_selector(client):
    client.open(page('<div id="greeting">hi</div>'))
    with pytest.raises(
        ElementNotFound, match=r"no element matches '#greetng' \(did you mean '#greeting'\?\)"
    ):
        client.text("#greetng")


def test_click_without_function_says_so_with_the_last_frames(client, registry):
    @liveview_handler("hello")
    def hello(consumer, content):
        send(consumer, {"target": "#out", "html": "hello"})

    client.open(
        page(
            '<button id="hello" data-action="click->page#run" data-liveview-function="hello">Hi</button>'
            '<button id="save" data-action="click->page#run">Save</button><p id="out"></p>'
        )
    )
    client.click("#hello")
    with pytest.raises(NothingSent) as raised:
        client.click("#save")
    message = str(raised.value)
    assert "click on '#save' sent nothing: no data-liveview-function" in message
    assert '{"target": "#out", "html": "hello"}' in message


def test_click_without_binding_says_so(client):
    client.open(page('<button id="save">Save</button>'))
    with pytest.raises(NothingSent, match=r"no data-action binds click->page#run"):
        client.click("#save")


def test_binding_outside_the_page_controller_says_so(client):
    client.open(
        page(
            '<button id="save" data-action="click->page#run" data-liveview-function="x">S</button>'
        ).replace(' data-controller="page"', "")
    )
    with pytest.raises(NothingSent, match='not inside data-controller="page"'):
        client.click("#save")


def test_server_error_fails_the_action(client, registry):
    @liveview_handler("boom")
    def boom(consumer, content):
        raise ZeroDivisionError

    client.open(
        page(
            '<button id="go" data-action="click->page#run" data-liveview-function="boom">Go</button>'
        )
    )
    with pytest.raises(
        ServerError, match="click on '#go': the server answered with an error: Internal error"
    ):
        client.click("#go")
    assert client.errors[0]["function"] == "boom"


def test_server_errors_can_be_asserted_instead(registry):
    with LiveClient(raise_server_errors=False) as client:
        client.open(
            page(
                '<button id="go" data-action="click->page#run" data-liveview-function="nope">Go</button>'
            )
        )
        client.click("#go")
        assert client.errors == [{"error": "Unknown function"}]


# Frames that arrive on their own


def test_wait_for_text_sees_a_push_from_a_thread(client, registry):
    @liveview_handler("later")
    def later(consumer, content):
        threading.Thread(
            target=lambda: push({"target": "#out", "html": "pushed"}, broadcast=True)
        ).start()

    client.open(
        page(
            '<button id="go" data-action="click->page#run" data-liveview-function="later">Go</button><p id="out"></p>'
        )
    )
    client.click("#go")
    client.wait_for_text("#out", "pushed")


def test_wait_for_text_fails_with_what_the_element_holds(client):
    client.open(page('<p id="out">still old</p>'))
    with pytest.raises(
        WaitTimeout, match=r"waited 0.1s for '#out' to contain 'new'; it holds 'still old'"
    ):
        client.wait_for_text("#out", "new", timeout=0.1)


def test_wait_for_text_on_a_missing_element_suggests_the_closest(client):
    client.open(page('<p id="greeting">hi</p>'))
    with pytest.raises(
        WaitTimeout,
        match=r"to contain 'hi'; no element matches it \(did you mean '#greeting'\?\)",
    ):
        client.wait_for_text("#greetng", "hi", timeout=0.1)


# Selectors answered without soupsieve: as document.querySelector would


def test_an_id_selector_finds_the_first_element_outside_template_content(client):
    client.open(
        page(
            '<template><p id="dup">in a template</p></template>'
            '<p id="dup">first</p><p id="dup">second</p>'
        )
    )
    assert client.text("#dup") == "first"
    assert client.text("p#dup") == "first"  # soupsieve's answer, for comparison


def test_init_elements_in_template_content_are_not_called(client, registry):
    calls = []

    @liveview_handler("mounted")
    def mounted(consumer, content):
        calls.append(content["data"])

    client.open(
        page(
            '<template><div data-liveview-init="mounted" data-data-where="template"></div>'
            '</template><div data-liveview-init="mounted" data-data-where="page"></div>'
        )
    )
    assert len(calls) == 1
    assert [message["data"] for message in client.sent] == [{"dataWhere": "page"}]


# The pytest plugin


def test_the_fixtures_warm_up_once_for_the_session(live_client, request):
    from liveview.testing import sync

    [definition] = request._fixturemanager.getfixturedefs("liveview_warm_up", request.node)
    assert definition.scope == "session"
    assert "liveview_warm_up" in request.fixturenames
    assert sync._loop is not None
    assert sync._loop.is_running()


def test_warm_up_leaves_a_broken_application_to_the_test_using_it(settings):
    from liveview.testing.sync import warm_up

    settings.ASGI_APPLICATION = "nowhere.asgi.application"
    warm_up()  # no failure here: the failure belongs to the test that uses the client
    with LiveClient() as client, pytest.raises(ImportError):
        client.get("/")


# Several clients, reconnects


@pytest.mark.django_db(transaction=True)
def test_broadcast_reaches_every_client(live_client_factory):
    alice, bob = live_client_factory(), live_client_factory()
    alice.get("/broadcast/")
    bob.get("/broadcast/")
    alice.fill("input[name=author]", "Alice")
    alice.fill("input[name=message]", "Hi all")
    alice.click("button[type=submit]")
    assert "Hi all" in alice.text("#messages")
    bob.wait_for_text("#messages", "Hi all")


def test_messages_made_while_dropped_are_sent_on_reconnect(client, registry):
    @liveview_handler("save")
    def save(consumer, content):
        send(consumer, {"target": "#out", "html": "saved"})

    client.open(
        page(
            '<button id="go" data-action="click->page#run" data-liveview-function="save">Go</button><p id="out"></p>'
        )
    )
    client.drop()
    assert client.click("#go")[0]["function"] == "save"
    assert client.text("#out") == ""
    client.reconnect()
    assert client.text("#out") == "saved"


async def test_a_message_in_flight_at_a_drop_is_replayed_and_runs_once(registry):
    entered, release = threading.Event(), threading.Event()
    runs = []

    @liveview_handler("slow_save")
    def slow_save(consumer, content):
        runs.append(content["ref"])
        entered.set()
        release.wait(5)

    async with AsyncLiveClient() as client:
        await client.open(
            page(
                '<button id="go" data-action="click->page#run" data-liveview-function="slow_save">Go</button>'
            )
        )
        click = asyncio.ensure_future(client.click("#go"))
        await asyncio.to_thread(entered.wait, 5)
        await client.drop()
        await click
        release.set()
        await client.reconnect()
    ref = client.sent[0]["ref"]
    assert runs == [ref]
    assert {"ack": ref, "duplicate": True} in client.frames


def test_redis_layer_broadcast_reaches_every_client(redis_live_client_factory, registry):
    @liveview_handler("shout")
    def shout(consumer, content):
        send(consumer, {"target": "#out", "html": content["form"]["text"]}, broadcast=True)

    html = page(
        '<div><input id="text" name="text"><button id="go" data-action="click->page#run" data-liveview-function="shout">Go</button></div><p id="out"></p>'
    )
    alice, bob = redis_live_client_factory(), redis_live_client_factory()
    alice.open(html)
    bob.open(html)
    alice.fill("#text", "over redis")
    alice.click("#go")
    bob.wait_for_text("#out", "over redis")


# Auth and the async twin


@pytest.mark.django_db(transaction=True)
def test_force_login_reaches_the_handler(client, registry):
    user = User.objects.create_user("ada", password="x")
    seen = []

    @liveview_handler("whoami")
    def whoami(consumer, content):
        seen.append(consumer.scope["user"].username)

    client.force_login(user)
    client.get("/")
    client.call("whoami")
    assert seen == ["ada"]


@pytest.mark.django_db(transaction=True)
def test_login_and_logout_reach_the_handler(client, registry):
    User.objects.create_user("ada", password="pw")
    seen = []

    @liveview_handler("whoami")
    def whoami(consumer, content):
        seen.append(consumer.scope["user"].username)

    assert client.login(username="ada", password="pw")
    client.get("/")
    client.call("whoami")
    client.logout()
    client.get("/")
    client.call("whoami")
    assert seen == ["ada", ""]


@pytest.mark.django_db(transaction=True)
async def test_async_client_logs_in_and_out_as_django_s_client(registry):
    await User.objects.acreate_user("grace", password="pw")
    seen = []

    @liveview_handler("whoami")
    def whoami(consumer, content):
        seen.append(consumer.scope["user"].username)

    async with AsyncLiveClient() as client:
        assert await client.login(username="grace", password="pw")
        await client.get("/")
        await client.call("whoami")
        await client.logout()
        await client.get("/")
        await client.call("whoami")
    assert seen == ["grace", ""]


@pytest.mark.django_db(transaction=True)
async def test_async_client_greets():
    async with AsyncLiveClient() as client:
        await client.get("/")
        await client.fill("#name", "Ada")
        await client.click("button[data-liveview-function=say_hello]")
        assert "Hello, Ada" in client.text("#greeting")


def test_init_is_not_called_again_for_an_element_a_rerender_keeps(client, registry):
    calls = []

    @liveview_handler("load_w")
    def load_w(consumer, content):
        calls.append(content["data"]["v"])

    @liveview_handler("rerender")
    def rerender(consumer, content):
        version = content["data"]["v"]
        send(
            consumer,
            {
                "target": "#box",
                "html": f'<div id="w" data-liveview-init="load_w" data-data-v="{version}"></div>',
            },
        )

    client.open(
        page(
            '<div id="box"><div id="w" data-liveview-init="load_w" data-data-v="1"></div></div>'
            '<button id="same" data-action="click->page#run" data-liveview-function="rerender" data-data-v="1">S</button>'
            '<button id="new" data-action="click->page#run" data-liveview-function="rerender" data-data-v="2">N</button>'
        )
    )
    client.click("#same")
    assert calls == ["1"]
    client.click("#new")
    assert calls == ["1", "2"]


def test_the_pytest_plugin_is_registered_by_the_package():
    from importlib.metadata import entry_points

    [plugin] = [e for e in entry_points(group="pytest11") if e.name == "liveview"]
    assert plugin.value == "liveview.testing.pytest_plugin"


def test_a_refused_socket_says_what_to_check(settings):
    from channels.routing import URLRouter
    from channels.security.websocket import AllowedHostsOriginValidator

    from liveview.routing import get_liveview_urlpatterns

    settings.ALLOWED_HOSTS = ["example.com"]  # read when the validator is built
    application = AllowedHostsOriginValidator(URLRouter(get_liveview_urlpatterns()))
    client = LiveClient(application)
    with pytest.raises(
        AssertionError, match=r"refused the socket to '/ws/liveview/test-room/'.*ALLOWED_HOSTS"
    ):
        client.open(page("<p>hi</p>"))
    assert not client.connected


def test_a_disabled_button_cannot_be_clicked(client):
    client.open(
        page(
            '<button id="save" disabled data-action="click->page#run" data-liveview-function="save">S</button>'
        )
    )
    with pytest.raises(
        NothingSent, match=r"click on '#save' sent nothing: <button .*> is disabled"
    ):
        client.click("#save")
    assert client.sent == []
