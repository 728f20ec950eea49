"""``{% liveview_identity %}``: who a page is rendered for, as the client binds stored state to.

A digest of the session key (Django makes a new one at every login and logout), so the tab's
history snapshots and persisted messages are dropped when another user signs in in it. Not a
secret and not the key: a salted HMAC, shortened.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.crypto import salted_hmac

register = template.Library()


@register.simple_tag(takes_context=True)
def liveview_identity(context: Any) -> str:
    session = getattr(context.get("request"), "session", None)
    key = getattr(session, "session_key", None) or ""
    return salted_hmac("liveview.identity", key, algorithm="sha256").hexdigest()[:16]
