"""The LiveClient examples of docs/testing.md pass against the demo: its quick-start
page ("/") and its broadcast page, as the examples expect."""

from __future__ import annotations

import io
import unittest

import pytest

from tests.docs_examples import example

pytestmark = pytest.mark.django_db(transaction=True)


def test_pytest_examples_pass(live_client_factory):
    namespace: dict = {}
    exec(example("testing.md", 0, contains="def test_say_hello(live_client)"), namespace)
    namespace["test_say_hello"](live_client_factory())
    namespace["test_a_post_reaches_the_other_tab"](live_client_factory)


def test_testcase_example_passes():
    namespace: dict = {"__name__": "docs_testing_1"}
    exec(example("testing.md", 1, contains="class HelloTests(TransactionTestCase)"), namespace)
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(namespace["HelloTests"])
    output = io.StringIO()
    result = unittest.TextTestRunner(stream=output).run(suite)
    assert result.testsRun == 1
    assert result.wasSuccessful(), output.getvalue()


async def test_async_example_passes():
    namespace: dict = {}
    exec(example("testing.md", 2, contains="AsyncLiveClient()"), namespace)
    await namespace["test_say_hello"]()
