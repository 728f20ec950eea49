"""Names of the channel-layer groups liveview uses.

Channels accepts only ``[a-zA-Z0-9-_.]`` in group names, under 100 characters,
so topic and room names (``chat:42``) are hashed into that alphabet.
"""

from __future__ import annotations

import hashlib
from typing import Any

#: Every liveview socket joins this group; ``broadcast=True`` sends to it.
BROADCAST_GROUP = "liveview.broadcast"

MAX_TOPIC_LENGTH = 200


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
    """The group of every socket (every tab) in ``room``."""
    return f"liveview.room.{_digest(room)}"


def user_group(pk: Any) -> str:
    """The group of every socket of the user with primary key ``pk``."""
    return f"liveview.user.{_digest(str(pk))}"
