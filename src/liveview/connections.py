"""``send()``: what handlers call to update the browser.

``send`` is a plain function that is safe from every place a handler runs: the
event loop (async handlers), a worker thread (sync handlers) and any thread a
handler starts. It never blocks: the message is queued on the consumer's
ordered outbox, so frames reach the browser in the order ``send`` was called.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from liveview.protocol import PushEvent, dumps

if TYPE_CHECKING:
    from liveview.consumers import LiveViewConsumer

logger = logging.getLogger(__name__)

#: The channel-layer group every liveview connection joins.
BROADCAST_GROUP = "liveview.broadcast"


def send(consumer: LiveViewConsumer, data: Any, broadcast: bool = False) -> None:
    """Send ``data`` (JSON-serialisable, usually an update dict) to the browser.

    With ``broadcast=True`` it goes to every connected client of every process
    sharing the channel layer, this one included. Returns at once; a
    non-serialisable ``data`` raises ``TypeError`` here, in the caller. Sends to a
    connection that has closed are dropped.
    """
    text = dumps(data)
    if broadcast:
        event: PushEvent = {"type": "liveview.push", "text": text}
        consumer.push_group(BROADCAST_GROUP, event)
    else:
        consumer.push_text(text)
