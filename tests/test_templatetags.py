from __future__ import annotations

import re

from django.template import Context, Template


def test_liveview_room_uuid_is_fresh_hex_each_render():
    template = Template("{% load liveview %}{% liveview_room_uuid %}")
    first, second = template.render(Context()), template.render(Context())
    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second
