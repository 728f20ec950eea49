"""The demo's settings plus a test-only endpoint reporting what the server holds for
its sockets (tests/resource_urls.py). Never shipped: it lives in the tests."""

from __future__ import annotations

from demo.settings import *  # noqa: F403

ROOT_URLCONF = "tests.resource_urls"
