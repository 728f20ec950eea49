"""pytest fixtures for ``LiveClient``, registered through the ``pytest11`` entry point.

- ``live_client``: a ``LiveClient``, closed after the test.
- ``live_client_factory``: call it for each further tab (``live_client_factory()``);
  every client it made is closed after the test.
- ``redis_live_client`` / ``redis_live_client_factory``: the same with the channel
  layer switched to ``channels_redis`` at ``liveview_redis_url`` for the test.
- ``liveview_redis_url``: ``LIVEVIEW_TEST_REDIS_URL`` from the environment; override the
  fixture to start a Redis of your own. Without either, the Redis fixtures fail.

None of them enables the database: mark the test (``django_db``) as its handlers need.

Nothing is imported from Django or liveview until a fixture is used, so installing the
package never changes a test run that does not use them. The first one used pays, once
for the session (``liveview_warm_up``), what the first client would pay in its test.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session")
def liveview_warm_up() -> None:
    """Imports and first uses the clients need (see ``liveview.testing.sync.warm_up``)."""
    from liveview.testing.sync import warm_up

    warm_up()


@pytest.fixture
def live_client_factory(liveview_warm_up: None) -> Iterator[Callable[..., Any]]:
    from liveview.testing.sync import LiveClient

    clients: list[LiveClient] = []

    def make(**options: Any) -> LiveClient:
        client = LiveClient(**options)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def live_client(live_client_factory: Callable[..., Any]) -> Any:
    return live_client_factory()


@pytest.fixture
def liveview_redis_url() -> str:
    url = os.environ.get("LIVEVIEW_TEST_REDIS_URL", "")
    if not url:
        pytest.fail(
            "the Redis-backed live client needs a Redis: set LIVEVIEW_TEST_REDIS_URL "
            "(redis://host:port/db) or override the liveview_redis_url fixture"
        )
    return url


@pytest.fixture
def liveview_redis_layer(liveview_redis_url: str) -> Iterator[None]:
    """``CHANNEL_LAYERS`` pointed at ``channels_redis`` for the test, flushed after."""
    from django.test import override_settings

    layers = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [liveview_redis_url]},
        }
    }
    with override_settings(CHANNEL_LAYERS=layers):
        yield
        from channels.layers import get_channel_layer

        from liveview.testing.sync import close_layer

        close_layer(get_channel_layer())


@pytest.fixture
def redis_live_client_factory(
    liveview_redis_layer: None, live_client_factory: Callable[..., Any]
) -> Callable[..., Any]:
    return live_client_factory


@pytest.fixture
def redis_live_client(redis_live_client_factory: Callable[..., Any]) -> Any:
    return redis_live_client_factory()
