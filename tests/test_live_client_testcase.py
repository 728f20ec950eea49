"""LiveClient in Django's own test classes, as docs/testing.md shows it."""
# ruff: noqa: PT009  (the unittest assertions are the point: this is how TestCase users write it)

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import TestCase, TransactionTestCase

from liveview.testing import LiveClient


class HelloPageTests(TransactionTestCase):
    def setUp(self):
        self.client = LiveClient()
        self.addCleanup(self.client.close)

    def test_say_hello(self):
        self.client.get("/")
        self.client.fill("#name", "Ada")
        self.client.click("button[data-liveview-function=say_hello]")
        self.assertIn("Hello, Ada", self.client.text("#greeting"))

    def test_signed_in_user_reaches_the_account_page(self):
        user = User.objects.create_user("grace", password="x")
        self.client.force_login(user)
        self.client.get("/account/")
        self.assertEqual(self.client.text("#account-name"), "grace")
        self.client.click("#diary-2")
        self.assertIn("grace", self.client.text("#diary"))
        self.assertEqual(self.client.url, "/account/?page=2")


class PlainTestCaseTests(TestCase):
    """One uncommitted transaction per test: the handshake's session and user are loaded
    on the test's own connection, so a force_login is seen and SQLite locks nothing."""

    def test_signed_in_user_in_a_plain_test_case(self):
        user = User.objects.create_user("ada", password="x")
        with LiveClient() as client:
            client.force_login(user)
            client.get("/account/")
            client.click("#diary-1")
            self.assertIn("Private diary of ada", client.text("#diary"))
        self.assertEqual(User.objects.count(), 1)
