"""Actions that must happen exactly once, even across reconnects and restarts."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from django.db import transaction

from liveview import liveview_handler, send
from pages.models import Order

logger = logging.getLogger(__name__)


@liveview_handler("place_order")
def place_order(consumer: Any, content: dict[str, Any]) -> None:
    # ``slow`` (seconds, at most 5) stands for a handler that takes time: long
    # enough to kill or restart the server in the middle of it.
    delay = min(float(content["data"].get("slow") or 0), 5.0)
    logger.info("Placing order %s.", content.get("ref"))
    with transaction.atomic():
        time.sleep(delay)
        Order.objects.create(item=str(content["form"].get("item") or "coffee")[:100])
    count = Order.objects.count()
    send(
        consumer, {"target": "#orders", "html": f"{count} order{'s' if count != 1 else ''} placed"}
    )


@liveview_handler("firehose")
async def firehose(consumer: Any, content: dict[str, Any]) -> None:
    """Push ``count`` updates (at most 3,000) of ``size`` bytes, 100 per second, to
    this tab: what a fast live feed looks like to a browser that cannot keep up."""
    count = min(int(content["data"].get("count") or 100), 3000)
    size = min(int(content["data"].get("size") or 100), 65536)

    async def feed() -> None:
        for number in range(count):
            if consumer.closed:
                return
            send(consumer, {"target": "#feed", "html": f"<b>{number}</b>" + "." * size})
            await asyncio.sleep(0.01)

    consumer.background = asyncio.create_task(feed())  # keep a reference while it runs
