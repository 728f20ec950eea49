"""The server side of live navigation and stale tabs (liveview/navigation.py): the page path
and build a handshake carries, ``{"navigate": path}`` messages, the ``{"build": id}`` notice."""

from __future__ import annotations

import asyncio

import pytest
from channels.routing import URLRouter
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.test import override_settings

from liveview import liveview_handler, send
from liveview.conf import config
from liveview.exceptions import ProtocolError
from liveview.navigation import page_of
from liveview.protocol import parse
from liveview.routing import get_liveview_urlpatterns
from liveview.testing import LiveViewCommunicator

application = URLRouter(get_liveview_urlpatterns())
pytestmark = pytest.mark.django_db(transaction=True)

PAGE = "/ws/liveview/{room}/?build=b1&path=%2Forders%2F%3Fpage%3D2"


@pytest.fixture
def app(registry):
    @liveview_handler("where")
    async def where(consumer, content):
        send(consumer, {"target": "#path", "html": str(consumer.path)})

    return application


def test_page_of_reads_path_and_build():
    scope = {"query_string": b"build=abc&path=%2Fa%2F%3Fq%3D1"}
    assert page_of(scope) == ("/a/?q=1", "abc")


@pytest.mark.parametrize(
    "query", [b"", b"path=https%3A%2F%2Fevil.example%2F", b"path=%2F%2Fevil.example%2F", b"x=1"]
)
def test_page_of_ignores_anything_but_a_local_path(query):
    assert page_of({"query_string": query}) == (None, None)


def test_parse_navigate_message():
    assert parse('{"navigate": "/next/?a=1"}') == {"navigate": "/next/?a=1"}


@pytest.mark.parametrize("value", ['"https://evil.example/"', '"//evil.example/"', "42", '""'])
def test_parse_navigate_refuses_what_is_not_a_local_path(value):
    with pytest.raises(ProtocolError, match="'navigate' must be a path"):
        parse(f'{{"navigate": {value}}}')


async def test_path_comes_from_the_handshake_then_from_navigations(app):
    async with LiveViewCommunicator(app, path=PAGE) as comm:
        await comm.call("where")
        assert (await comm.receive_json_from())["html"] == "/orders/?page=2"
        await comm.send_json_to({"navigate": "/orders/7/"})
        await comm.call("where")
        assert (await comm.receive_json_from())["html"] == "/orders/7/"


async def test_path_is_none_without_page_info(app):
    async with LiveViewCommunicator(app) as comm:
        await comm.call("where")
        assert (await comm.receive_json_from())["html"] == "None"


@override_settings(LIVEVIEW={"BUILD_ID": "b2"})
async def test_page_of_another_build_is_told_the_servers(app):
    async with LiveViewCommunicator(app, path=PAGE) as comm:
        assert await comm.receive_json_from() == {"build": "b2"}


@override_settings(LIVEVIEW={"BUILD_ID": "b1"})
async def test_page_of_the_same_build_hears_nothing(app):
    async with LiveViewCommunicator(app, path=PAGE) as comm:
        assert await comm.receive_nothing()


@override_settings(LIVEVIEW={"BUILD_ID": "b2"})
async def test_a_client_that_announces_no_build_hears_nothing(app):
    # The documented testing pattern: the first frame is the handler's reply.
    async with LiveViewCommunicator(app) as comm:
        assert await comm.receive_nothing()


@override_settings(LIVEVIEW={"BUILD_ID": "release-42"})
def test_build_tag_renders_the_setting():
    assert Template("{% load liveview %}{% liveview_build %}").render(Context()) == "release-42"


def test_build_tag_is_empty_without_a_build():
    assert config.get().build_id is None
    assert Template("{% load liveview %}{% liveview_build %}").render(Context()) == ""


@override_settings(LIVEVIEW={"BUILD_ID": ""})
def test_empty_build_setting_is_refused():
    with pytest.raises(ImproperlyConfigured, match="BUILD_ID"):
        config.get()


def test_build_comes_from_the_static_manifest(tmp_path, settings):
    from liveview.navigation import reset_manifest_hash

    (tmp_path / "staticfiles.json").write_text(
        '{"paths": {"a.css": "a.123.css"}, "version": "1.1", "hash": "feedbeef"}'
    )
    settings.STATIC_ROOT = str(tmp_path)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    try:
        assert config.get().build_id == "feedbeef"
    finally:
        reset_manifest_hash()


async def test_navigate_waits_behind_the_handler_sent_before_it(app):
    release = asyncio.Event()

    @liveview_handler("slow_where")
    async def slow_where(consumer, content):
        await release.wait()
        send(consumer, {"target": "#path", "html": str(consumer.path)})

    async with LiveViewCommunicator(app, path=PAGE) as comm:
        await comm.call("slow_where")
        await comm.send_json_to({"navigate": "/elsewhere/"})
        await comm.call("where")
        release.set()
        # The handler sent before the navigation sees the page it was sent from.
        assert (await comm.receive_json_from())["html"] == "/orders/?page=2"
        assert (await comm.receive_json_from())["html"] == "/elsewhere/"


async def test_navigate_is_not_acknowledged_nor_given_to_handlers(app):
    async with LiveViewCommunicator(app, path=PAGE) as comm:
        await comm.send_json_to({"navigate": "/elsewhere/"})
        assert await comm.receive_nothing()
