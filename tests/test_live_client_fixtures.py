"""LiveClient sends, for every shared fixture, the message the browser client sends."""

from __future__ import annotations

from typing import Any

import pytest

from liveview import liveview_handler
from liveview.testing import LiveClient
from tests.message_fixtures import comparable, expected_message, load_all, page_html

CASES = load_all()


async def ignore(consumer, content):
    """An async handler: it needs no database access (sync ones close stale connections)."""


def perform(client: LiveClient, step: dict[str, Any]) -> list[dict[str, Any]]:
    css = f"#{step['target']}"
    kind = step["kind"]
    if kind == "click":
        return client.click(css)
    if kind == "submit":
        return client.submit(css)
    if kind == "fill":
        return client.fill(css, step["value"])
    if kind == "check":
        return client.check(css)
    if kind == "select":
        return client.select(css, step["value"])
    if kind == "press":
        return client.press(css, step["key"])
    if kind == "load":
        return client.sent
    raise AssertionError(f"unknown action {kind!r}")


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_message_equals_the_browsers(name, registry):
    case = CASES[name]
    liveview_handler(case["expected"]["function"])(ignore)
    with LiveClient() as client:
        client.open(page_html(case))
        for step in case.get("before", []):
            perform(client, step)
        sent = perform(client, case["action"])
        assert len(sent) == 1, sent
        assert comparable(sent[0]) == expected_message(case)
        assert sent[0]["room"] == "fixture-room"
