"""The Playwright example of docs/testing.md passes against the demo in chromium."""

from __future__ import annotations

from tests.docs_examples import example


def test_playwright_example_passes(shared_server, page):
    namespace: dict = {}
    exec(example("testing.md", 7, contains="def test_say_hello_in_a_browser("), namespace)
    namespace["test_say_hello_in_a_browser"](page, shared_server.url + "/")
