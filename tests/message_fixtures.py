"""The shared message fixtures (tests/fixtures/messages/*.json): a page, an action,
and the message the browser client sends for it. The same files are run by the node
tests of form_values.js, by LiveClient's tests and by a Playwright test."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures" / "messages"


def load_all() -> dict[str, dict[str, Any]]:
    return {path.stem: json.loads(path.read_text()) for path in sorted(FIXTURES.glob("*.json"))}


def page_html(case: dict[str, Any], head: str = "") -> str:
    return (
        f'<!doctype html><html lang="{case["lang"]}" data-room="fixture-room"><head>'
        f"<title>fixture</title>{head}</head>"
        f'<body data-controller="page">{case["html"]}</body></html>'
    )


def expected_message(case: dict[str, Any]) -> dict[str, Any]:
    return {**case["expected"], "lang": case["lang"]}


def comparable(message: dict[str, Any]) -> dict[str, Any]:
    """The message without what differs per tab (its ref, its room)."""
    return {key: value for key, value in message.items() if key not in ("ref", "room")}
