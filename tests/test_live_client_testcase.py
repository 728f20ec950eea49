"""LiveClient in Django's own test classes, as docs/testing.md shows it."""
# ruff: noqa: PT009  (the unittest assertions are the point: this is how TestCase users write it)

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import TransactionTestCase

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
