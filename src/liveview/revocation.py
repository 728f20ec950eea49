"""Closes a user's open sockets when that user logs out over HTTP."""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from liveview.groups import user_group
from liveview.protocol import GroupEvent

logger = logging.getLogger(__name__)


@receiver(user_logged_out, dispatch_uid="liveview.revoke_on_logout")
def close_sockets_on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None or user.pk is None:
        return
    layer = get_channel_layer()
    if layer is None:
        return
    group = user_group(user.pk)
    event: GroupEvent = {
        "type": "liveview.group",
        "group": group,
        "origin": "logout",
        "action": "revoke",
    }
    try:
        # Through the layer even in this process: every process's hub hears it.
        async_to_sync(layer.group_send)(group, event)
    except Exception:
        # Logging out must succeed even when the channel layer is down.
        logger.exception("Could not close the sockets of user %s on logout.", user.pk)
