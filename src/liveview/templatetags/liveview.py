"""Template tags: ``{% load liveview %}``."""

from __future__ import annotations

import uuid

from django import template

register = template.Library()


@register.simple_tag
def liveview_room_uuid() -> str:
    """A fresh random room id (32 hex digits) for each render."""
    return uuid.uuid4().hex
