"""Every Python example in README.md and docs/ is executed by a test.

Most stand on their own and run here, with Django set up and a clean handler registry.
The others need something around them, and the test named in ``RUN_BY`` gives it: the
environment a settings fragment reads, the application an ``asgi.py`` line wraps, a
socket to receive what a broadcast sends, the demo for the LiveClient examples
(tests/test_docs_live_client.py), a user's project (tests/test_docs_project.py) or a
browser (tests/browser/test_docs_browser.py)."""

from __future__ import annotations

import ast
import os
import threading
from pathlib import Path
from types import SimpleNamespace
from unittest.mock import patch

import pytest
from asgiref.sync import sync_to_async
from channels.auth import AuthMiddlewareStack
from channels.routing import URLRouter
from django.utils.module_loading import import_string

from liveview import join, liveview_handler, send
from liveview.routing import get_liveview_urlpatterns
from liveview.testing import LiveViewCommunicator
from tests.docs_examples import PAGES, blocks, example

#: Examples run by a test of their own, in this module unless the name says where.
RUN_BY = {
    ("broadcasting.md", 1): "test_push_example_reaches_everyone_a_topic_and_a_room",
    ("broadcasting.md", 2): "test_apush_example_reaches_everyone",
    ("broadcasting.md", 3): "test_game_loop_example_broadcasts_from_its_thread_until_stopped",
    ("deployment.md", 0): "test_redis_settings_examples_read_the_environment",
    ("deployment.md", 1): "test_redis_settings_examples_read_the_environment",
    ("deployment.md", 2): "test_redis_settings_examples_read_the_environment",
    ("deployment.md", 3): "test_hypercorn_proxy_fix_example_applies_forwarded_headers",
    ("handlers.md", 1): "test_thread_example_sends_progress_from_its_thread",
    ("handlers.md", 2): "test_middleware_example_refuses_anonymous_users",
    ("handlers.md", 3): "test_docs_project.py::test_user_project_tests_from_the_docs_pass",
    ("handlers.md", 4): "test_docs_project.py::test_user_project_tests_from_the_docs_pass",
    ("testing.md", 0): "test_docs_live_client.py::test_pytest_examples_pass",
    ("testing.md", 1): "test_docs_live_client.py::test_testcase_example_passes",
    ("testing.md", 2): "test_docs_live_client.py::test_async_example_passes",
    ("testing.md", 3): "test_docs_project.py::test_user_project_tests_from_the_docs_pass",
    ("testing.md", 4): "test_docs_project.py::test_user_project_tests_from_the_docs_pass",
    ("testing.md", 5): "test_docs_project.py::test_user_project_tests_from_the_docs_pass",
    ("testing.md", 6): "test_docs_project.py::test_user_project_tests_from_the_docs_pass",
    ("testing.md", 7): "browser/test_docs_browser.py::test_playwright_example_passes",
}

application = AuthMiddlewareStack(URLRouter(get_liveview_urlpatterns()))


def examples():
    for page in PAGES:
        for index, code in enumerate(blocks(page.name)):
            yield pytest.param(page.name, index, code, id=f"{page.name}#{index}")


EXAMPLES = list(examples())


def test_examples_run_elsewhere_exist_and_name_existing_tests():
    assert set(RUN_BY) <= {(p.values[0], p.values[1]) for p in EXAMPLES}
    for test in RUN_BY.values():
        module, _, name = test.rpartition("::")
        source = (Path(__file__).parent / (module or "test_docs.py")).read_text()
        assert f"def {name}(" in source, test


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "index", "code"), EXAMPLES)
def test_example_runs(page, index, code, registry):
    tree = compile(
        code, f"{page}#{index}", "exec", ast.PyCF_ALLOW_TOP_LEVEL_AWAIT | ast.PyCF_ONLY_AST
    )
    if (page, index) in RUN_BY:
        return  # parsed here, run by its own test
    exec(compile(tree, f"{page}#{index}", "exec"), {"__name__": f"docs_example_{index}"})


async def new_session() -> str:
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    await sync_to_async(store.create)()
    return store.session_key


pytestmark_db = pytest.mark.django_db(transaction=True)


@pytestmark_db
async def test_push_example_reaches_everyone_a_topic_and_a_room(registry):
    code = example("broadcasting.md", 1, contains="push(")

    @liveview_handler("follow")
    def follow(consumer, content):
        join(consumer, content["data"]["topic"])
        send(consumer, {"following": content["data"]["topic"]})

    async with LiveViewCommunicator(application, session_key=await new_session()) as comm:
        await comm.call("follow", data={"topic": "order:7"})
        assert await comm.receive_json_from() == {"following": "order:7"}
        # push is for sync code: a view, a task, a thread.
        namespace = {"order": SimpleNamespace(pk=7), "room_id": comm.room}
        await sync_to_async(exec)(code, namespace)
        assert await comm.receive_json_from() == {
            "target": "#notices",
            "html": "Deploy in 5 minutes",
            "append": True,
        }
        assert await comm.receive_json_from() == {"target": "#order-status", "html": "Shipped"}
        assert await comm.receive_json_from() == {"title": "(1) new message"}


@pytestmark_db
async def test_apush_example_reaches_everyone(registry):
    namespace: dict = {}
    exec(example("broadcasting.md", 2, contains="await apush("), namespace)
    async with LiveViewCommunicator(application) as a, LiveViewCommunicator(application) as b:
        await namespace["announce_deploy"]()
        for comm in (a, b):
            assert await comm.receive_json_from() == {
                "target": "#notices",
                "html": "Deploy in 5 minutes",
            }


@pytestmark_db
async def test_game_loop_example_broadcasts_from_its_thread_until_stopped(registry):
    code = example("broadcasting.md", 3, contains="def game_loop(")
    boards = iter(range(1, 1_000_000))
    namespace = {"render_board": lambda: f"<pre>board {next(boards)}</pre>"}
    async with LiveViewCommunicator(application) as comm:
        exec(code, namespace)
        (loop_thread,) = [t for t in threading.enumerate() if t.name.endswith("(game_loop)")]
        try:
            for number in (1, 2):
                frame = await comm.receive_json_from(timeout=5)
                assert frame == {"target": "#canvas", "html": f"<pre>board {number}</pre>"}
        finally:
            namespace["stop"].set()
            await sync_to_async(loop_thread.join)()
    assert not loop_thread.is_alive()


REDIS_ENVIRONMENT = {
    "REDIS_URL": "redis://:s3cret@10.0.0.5:6379/2",
    "SENTINEL_PASSWORD": "sentinel-secret",
    "REDIS_PASSWORD": "master-secret",
}


@pytest.mark.parametrize("index", [0, 1, 2])
def test_redis_settings_examples_read_the_environment(index):
    code = example("deployment.md", index, contains='os.environ["')
    with patch.dict(os.environ, REDIS_ENVIRONMENT):
        namespace: dict = {}
        exec(code, namespace)
    settings = namespace["CHANNEL_LAYERS"]["default"]
    host = settings["CONFIG"]["hosts"][0]
    if index == 1:
        assert host["sentinel_kwargs"] == {"password": "sentinel-secret"}
        assert host["password"] == "master-secret"
    else:
        assert host == "redis://:s3cret@10.0.0.5:6379/2"
    # channels_redis accepts the configuration as written (it connects lazily).
    layer = import_string(settings["BACKEND"])(**settings["CONFIG"])
    assert layer is not None


async def test_hypercorn_proxy_fix_example_applies_forwarded_headers():
    seen = []

    async def application(scope, receive, send):
        seen.append(scope)

    namespace = {"application": application}
    exec(example("deployment.md", 3, contains="ProxyFixMiddleware"), namespace)
    scope = {
        "type": "websocket",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "scheme": "ws",
        "path": "/ws/liveview/room/",
        "raw_path": b"/ws/liveview/room/",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"app.example.com"), (b"x-forwarded-for", b"203.0.113.9")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "subprotocols": [],
        "extensions": {},
    }
    await namespace["application"](scope, None, None)
    assert seen[0]["client"][0] == "203.0.113.9"


@pytestmark_db
async def test_thread_example_sends_progress_from_its_thread(registry):
    exec(example("handlers.md", 1, contains="threading.Thread(target=work)"), {})
    async with LiveViewCommunicator(application) as comm:
        await comm.call("start_import")
        for percent in range(0, 101, 10):
            assert await comm.receive_json_from() == {"target": "#progress", "html": f"{percent}%"}


@pytestmark_db
async def test_middleware_example_refuses_anonymous_users(registry, django_user_model):
    @liveview_handler("secret")
    def secret(consumer, content):
        send(consumer, {"target": "#secret", "html": "for members"})

    exec(example("handlers.md", 2, contains="add_middleware(require_login)"), {})
    async with LiveViewCommunicator(application) as comm:
        await comm.call("secret")
        assert await comm.receive_json_from() == {"target": "#flash", "html": "Please log in."}
        assert await comm.receive_nothing(timeout=0.1)
    member = await sync_to_async(django_user_model.objects.create_user)("ada", password="x")
    comm = LiveViewCommunicator(application)
    comm.scope["user"] = member
    async with comm:
        await comm.call("secret")
        assert await comm.receive_json_from() == {"target": "#secret", "html": "for members"}
