"""Closes a user's open sockets when that user logs out over HTTP."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

logger = logging.getLogger(__name__)


def user_group(pk: Any) -> str:
    """The channel-layer group of every socket of the user ``pk``."""
    digest = hashlib.sha256(str(pk).encode()).hexdigest()[:32]
    return f"liveview.user.{digest}"


@receiver(user_logged_out, dispatch_uid="liveview.revoke_on_logout")
def close_sockets_on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None or user.pk is None:
        return
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(user_group(user.pk), {"type": "liveview.revoke"})
    except Exception:
        # Logging out must succeed even when the channel layer is down.
        logger.exception("Could not close the sockets of user %s on logout.", user.pk)
