"""A live feed of group messages that a tab can be cut off from and restored to: what it
missed arrives in order, once, or the page re-syncs when the server's log no longer holds
it (docs/reliability.md, "Server pushes across reconnects")."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html

from liveview import apush, liveview_handler, send

#: Tickers publishing at once in this process; more are refused until one ends.
MAX_TICKERS = 20
MAX_TICKER_COUNT = 200
MAX_OVERFLOW = 5000
#: How long an overflow waits for its tab to be cut off before publishing anyway.
OVERFLOW_WAIT = 10.0

_tickers: set[asyncio.Task[None]] = set()


def _bounded(value: Any, default: int, low: int, high: int) -> int:
    try:
        return max(low, min(high, int(value)))
    except (TypeError, ValueError):
        return default


def _item(series: str, n: int, of: int, via: str) -> dict[str, Any]:
    html = format_html(
        '<li data-series="{}" data-n="{}">{} · {} of {} <small>({})</small></li>',
        series,
        n,
        series,
        n,
        of,
        via,
    )
    return {"target": "#feed-log", "html": html, "append": True}


def log_size() -> int:
    """The number of frames each group's log keeps (the documented setting)."""
    return int(getattr(settings, "LIVEVIEW", {}).get("FEED_MAX_FRAMES", 1000))


def overflow_count() -> int:
    """Enough messages to push the first ones out of the log."""
    return min(log_size() + 50, MAX_OVERFLOW)


def _start(consumer: Any, work: Any) -> bool:
    """Run ``work`` (a coroutine) as one of the process's tickers; False if too many run."""
    if len(_tickers) >= MAX_TICKERS:
        work.close()
        send(consumer, {"target": "#feed-error", "html": "Too many feeds running; try again soon."})
        return False
    task = asyncio.create_task(work)
    _tickers.add(task)  # a reference while it runs, dropped when it ends
    task.add_done_callback(_tickers.discard)
    send(consumer, {"target": "#feed-error", "html": ""})
    return True


async def _publish_to_room(room: str, count: int, interval: float, via: str) -> None:
    series = secrets.token_hex(2)
    for n in range(1, count + 1):
        await apush(_item(series, n, count, via), room=room)
        await asyncio.sleep(interval)


@liveview_handler("feed_ticker")
async def feed_ticker(consumer: Any, content: dict[str, Any]) -> None:
    """Publish ``count`` numbered messages (at most 200) to this tab's room, one every
    ``interval`` ms: the ticker runs on the server, whether the tab is connected or not."""
    count = _bounded(content["data"].get("count"), 20, 1, MAX_TICKER_COUNT)
    interval = _bounded(content["data"].get("interval"), 250, 50, 1000) / 1000
    _start(consumer, _publish_to_room(consumer.room, count, interval, "ticker, to this tab's room"))


@liveview_handler("feed_burst")
def feed_burst(consumer: Any, content: dict[str, Any]) -> None:
    """Ten numbered broadcasts at once: every open feed page gets them."""
    series = secrets.token_hex(2)
    for n in range(1, 11):
        send(consumer, _item(series, n, 10, "broadcast"), broadcast=True)


@liveview_handler("feed_overflow")
async def feed_overflow(consumer: Any, content: dict[str, Any]) -> None:
    """Once this tab is cut off (the page drops its socket after this message is
    acknowledged), publish more messages to its room than the log keeps: the tab
    cannot be replayed what it missed and re-syncs when it is restored."""
    count = overflow_count()

    async def overflow() -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + OVERFLOW_WAIT
        while not consumer.closed and loop.time() < deadline:
            await asyncio.sleep(0.05)
        await _publish_to_room(consumer.room, count, 0, "more than the log keeps")

    _start(consumer, overflow())


@liveview_handler("feed_synced")
def feed_synced(consumer: Any, content: dict[str, Any]) -> None:
    """The page's ``data-liveview-init`` handler: run at load and, by default, again after
    a re-sync. It marks the feed where the page (re)started from the server's state."""
    resync = content["data"].get("reason") == "resync"
    at = timezone.localtime().strftime("%H:%M:%S")
    text = (
        f"Re-synced at {at}: the server's log no longer held what this tab missed."
        if resync
        else f"Feed since {at}."
    )
    html = format_html(
        '<li class="feed-mark" data-synced="{}">{}</li>', "resync" if resync else "load", text
    )
    send(consumer, {"target": "#feed-log", "html": html, "append": True})
