from __future__ import annotations

import pytest

from liveview.consumers import LiveViewConsumer
from liveview.routing import get_liveview_path, get_liveview_urlpatterns


def test_default_urlpatterns():
    (pattern,) = get_liveview_urlpatterns()
    assert str(pattern.pattern) == "ws/liveview/<str:room_name>/"
    assert pattern.callback.consumer_class is LiveViewConsumer


def test_custom_path():
    pattern = get_liveview_path("live/<str:room_name>/")
    assert str(pattern.pattern) == "live/<str:room_name>/"
    assert pattern.resolve("live/abc/").kwargs == {"room_name": "abc"}


def test_custom_path_without_room_name_raises():
    with pytest.raises(ValueError, match="room_name"):
        get_liveview_path("live/")
