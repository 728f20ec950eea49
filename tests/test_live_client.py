from __future__ import annotations

import pytest

from liveview.testing import LiveClient

pytestmark = pytest.mark.django_db(transaction=True)


def test_hello_greets_the_name_typed():
    with LiveClient() as client:
        client.get("/")
        client.fill("#name", "Ada")
        client.click("button[data-liveview-function=say_hello]")
        assert "Hello, Ada" in client.text("#greeting")
