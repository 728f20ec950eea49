"""Testing liveview pages and handlers.

``LiveClient`` (and its async twin ``AsyncLiveClient``) is a browser tab without a
browser: it fetches a page through Django, connects to the real consumer in process,
and sends for ``click``/``fill``/``submit``/``press`` exactly what the JavaScript
client sends; it needs the ``testing`` extra (``pip install django-liveview[testing]``).
``LiveViewCommunicator`` speaks the protocol raw.
"""

from __future__ import annotations

from typing import Any

from liveview.testing.communicator import TEST_ORIGIN, LiveViewCommunicator

__all__ = [
    "TEST_ORIGIN",
    "AsyncLiveClient",
    "LiveClient",
    "LiveClientError",
    "LiveViewCommunicator",
]


def __getattr__(name: str) -> Any:
    # The client needs the ``testing`` extra; the communicator does not.
    if name == "LiveClient":
        from liveview.testing.sync import LiveClient

        return LiveClient
    if name == "AsyncLiveClient":
        from liveview.testing.client import AsyncLiveClient

        return AsyncLiveClient
    if name == "LiveClientError":
        from liveview.testing.exceptions import LiveClientError

        return LiveClientError
    raise AttributeError(f"module 'liveview.testing' has no attribute {name!r}")
