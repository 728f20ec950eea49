"""Playwright driving Debian's chromium. Missing chromium fails; it never skips."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

from tests.servers import DemoServer

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def chromium_path() -> str:
    path = os.environ.get("LIVEVIEW_CHROMIUM") or shutil.which("chromium")
    if not path:
        pytest.fail(
            "Debian's chromium is not installed, and browser tests need it. "
            "Install it with: apt-get install chromium (scripts/setup.sh does this as root), "
            "or point LIVEVIEW_CHROMIUM at a chromium binary.",
            pytrace=False,
        )
    return path


# Module scope, not session: Playwright's sync API keeps an event loop running in
# this thread while it is started, which would break the async tests of other
# modules. Browser modules hold only sync tests, and modules are never interleaved.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
    yield browser
    browser.close()


class PageErrors:
    """Collects uncaught page errors; any of them fails the test."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def watch(self, page: Page) -> Page:
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        return page


@pytest.fixture
def page_errors() -> Iterator[PageErrors]:
    errors = PageErrors()
    yield errors
    assert not errors.errors, f"uncaught errors in the page: {errors.errors}"


@pytest.fixture
def new_page(browser: Browser, page_errors: PageErrors) -> Iterator[Any]:
    """A factory of fresh pages (each in its own context, like separate tabs/users)."""
    contexts = []

    def make() -> Page:
        context = browser.new_context()
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page_errors.watch(page)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Any) -> Page:
    return new_page()


@pytest.fixture(scope="session")
def shared_server(
    migrated_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoServer]:
    """One demo server for every browser test that leaves it running as it found it.

    Each page gets its own signed room and session, so tests do not see each other.
    Tests that stop the server start their own (see test_reconnection.py).
    """
    database = tmp_path_factory.mktemp("live") / "demo.sqlite3"
    shutil.copy(migrated_db, database)
    server = DemoServer(database)
    server.start()
    yield server
    server.close()
