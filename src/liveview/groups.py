"""Names of the channel-layer groups liveview uses.

Two names come from the original Django LiveView and are public in practice:
every socket joins ``"broadcast"``, and ``f"room_{room}"`` when it legitimately
shares that room (see rooms.py). Server code may ``group_send`` to either.

Channels accepts only ``[a-zA-Z0-9-_.]`` in group names, under 100 characters,
so other names (topics such as ``chat:42``, odd room names) are hashed into
that alphabet.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

#: Every liveview socket joins this group; ``broadcast=True`` sends to it. The
#: original's name, so ``group_send("broadcast", ...)`` reaches every browser.
BROADCAST_GROUP = "broadcast"

#: Groups whose names start with this serve one socket of one process: they are
#: never subscribed on the channel layer.
LOCAL_PREFIX = "liveview.socket."

MAX_TOPIC_LENGTH = 200

_VALID_GROUP = re.compile(r"[a-zA-Z0-9\-_.]{1,99}")


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:40]


def topic_group(topic: str) -> str:
    """The group behind a topic name such as ``"chat:42"``."""
    if not isinstance(topic, str) or not topic or len(topic) > MAX_TOPIC_LENGTH:
        raise ValueError(
            f"A topic must be a non-empty str of at most {MAX_TOPIC_LENGTH} characters, got {topic!r}."
        )
    return f"liveview.topic.{_digest(topic)}"


def room_group(room: str) -> str:
    """The shared group of ``room``: the original's ``room_<room>``, hashed when
    channels would refuse that name. Only legitimate members join it."""
    name = f"room_{room}"
    if _VALID_GROUP.fullmatch(name):
        return name
    return f"liveview.room.{_digest(room)}"


def private_room_group(room: str, session_key: str) -> str:
    """The group of the tabs of one session that asked for ``room`` without
    being its legitimate members: they share it with nobody else."""
    return f"liveview.private.{_digest(f'{session_key}|{room}')}"


def socket_group(socket_id: str) -> str:
    """A room group of one socket (no session to share it with)."""
    return LOCAL_PREFIX + socket_id


def user_group(pk: Any) -> str:
    """The group of every socket of the user with primary key ``pk``."""
    return f"liveview.user.{_digest(str(pk))}"
