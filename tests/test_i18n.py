"""The message's lang is the active language inside the handler (liveview/i18n.py).

The catalogs are the demo's (example/pages/locale, French and German among them),
compiled by scripts/setup.sh with gettext's msgfmt.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from channels.routing import URLRouter
from django.template import Context, Template
from django.test import override_settings
from django.utils import translation
from django.utils.translation import get_language, gettext

from liveview import liveview_handler, send
from liveview.i18n import resolve
from liveview.routing import get_liveview_urlpatterns
from liveview.testing import LiveViewCommunicator

pytestmark = pytest.mark.django_db(transaction=True)
application = URLRouter(get_liveview_urlpatterns())

LOCALE = Path(__file__).resolve().parent.parent / "example" / "pages" / "locale"
SENTENCE = "This sentence was translated on the server, in the page's language."
TEMPLATE = Template('{% load i18n %}{% translate "' + SENTENCE.replace("'", "\\'") + '" %}')


@pytest.fixture(autouse=True, scope="module")
def _catalogs_compiled():
    for lang in ("fr", "de"):
        mo = LOCALE / lang / "LC_MESSAGES" / "django.mo"
        if not mo.is_file():
            pytest.fail(
                f"{mo} is missing: run scripts/setup.sh (it compiles the catalogs with "
                "gettext's msgfmt: sudo apt-get install gettext)."
            )


def _speak(consumer, content):
    send(
        consumer,
        {
            "target": "#out",
            "html": f"{get_language()}|{gettext('Hello')}|{TEMPLATE.render(Context())}",
        },
    )


async def _answer(comm, lang):
    await comm.call("speak", lang=lang)
    return (await comm.receive_json_from())["html"].split("|")


async def test_sync_handler_speaks_the_message_language(registry):
    liveview_handler("speak")(_speak)
    async with LiveViewCommunicator(application) as comm:
        assert await _answer(comm, "fr") == [
            "fr",
            "Bonjour",
            "Cette phrase a été traduite sur le serveur, dans la langue de la page.",
        ]
        assert await _answer(comm, "de") == [
            "de",
            "Hallo",
            "Dieser Satz wurde auf dem Server übersetzt, in der Sprache der Seite.",
        ]
        assert await _answer(comm, "en") == ["en", "Hello", SENTENCE]


async def test_async_handler_speaks_the_message_language(registry):
    @liveview_handler("speak")
    async def speak(consumer, content):
        _speak(consumer, content)

    async with LiveViewCommunicator(application) as comm:
        assert (await _answer(comm, "de"))[:2] == ["de", "Hallo"]
        assert (await _answer(comm, "fr"))[:2] == ["fr", "Bonjour"]


async def test_middleware_runs_in_the_message_language(registry):
    seen = []
    registry.add_middleware(lambda consumer, content, name: seen.append(get_language()))
    liveview_handler("speak")(_speak)
    async with LiveViewCommunicator(application) as comm:
        await _answer(comm, "fr")
    assert seen == ["fr"]


async def test_regional_variant_falls_back_to_its_language(registry):
    liveview_handler("speak")(_speak)
    async with LiveViewCommunicator(application) as comm:
        assert (await _answer(comm, "fr-CA"))[:2] == ["fr", "Bonjour"]


@pytest.mark.parametrize("lang", ["xx", "", "fr" * 40, "../../etc"])
async def test_unsupported_lang_falls_back_to_language_code(registry, lang):
    liveview_handler("speak")(_speak)
    async with LiveViewCommunicator(application) as comm:
        assert await _answer(comm, lang) == ["en", "Hello", SENTENCE]


async def test_two_sockets_keep_their_own_languages(registry):
    started = asyncio.Event()
    release = asyncio.Event()

    @liveview_handler("speak")
    async def speak(consumer, content):
        if content["lang"] == "fr":
            started.set()
            await release.wait()  # the German call runs meanwhile, on the same loop
        _speak(consumer, content)

    async with LiveViewCommunicator(application) as fr, LiveViewCommunicator(application) as de:
        await fr.call("speak", lang="fr")
        await started.wait()
        assert (await _answer(de, "de"))[:2] == ["de", "Hallo"]
        release.set()
        assert (await fr.receive_json_from())["html"].startswith("fr|Bonjour|")


@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_queued_messages_each_speak_their_own_language(registry, kind):
    # Sent back to back, the messages wait in one socket's inbox and run one after the
    # other; a handler that activates another language itself changes none of the next.
    def speak_then_switch(consumer, content):
        _speak(consumer, content)
        translation.activate("de")

    async def speak_then_switch_async(consumer, content):
        speak_then_switch(consumer, content)

    liveview_handler("speak")(speak_then_switch if kind == "sync" else speak_then_switch_async)
    async with LiveViewCommunicator(application) as comm:
        for lang in ("fr", "fr", "xx", "en"):
            await comm.call("speak", lang=lang)
        answers = [(await comm.receive_json_from())["html"].split("|")[:2] for _ in range(4)]
    assert answers == [["fr", "Bonjour"], ["fr", "Bonjour"], ["en", "Hello"], ["en", "Hello"]]


async def test_the_language_is_deactivated_after_the_handler(registry):
    liveview_handler("speak")(_speak)
    with translation.override("en"):
        async with LiveViewCommunicator(application) as comm:
            await _answer(comm, "de")
        assert get_language() == "en"


@override_settings(LANGUAGE_CODE="de")
def test_fallback_is_language_code():
    assert resolve("xx") == "de"
    assert resolve(None) == "de"
    assert resolve("fr") == "fr"


@override_settings(USE_I18N=False)
def test_nothing_is_activated_without_i18n():
    assert resolve("fr") is None
