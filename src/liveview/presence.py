"""Presence: who is connected to a topic, across processes (issue #5).

``track(consumer, topic, meta)`` joins the topic and lists the socket as
present with ``meta`` (a small JSON-serialisable dict). The list is kept by each
process's hub for its own sockets; with a channels_redis layer it is also
written to Redis (one hash per topic), next to a liveness key per process that
expires unless the process refreshes it. Readers skip, and delete, entries of
processes whose liveness key is gone, so a killed process drops out of every
list within ``LIVEVIEW["PRESENCE_TTL"]`` seconds (default 15; refreshed every third). Without Redis the list is this process's.

When a tracked socket arrives or leaves, and ``track`` was given a
``template`` and ``target``, the process where it happened renders the
template with ``members`` and ``count`` and sends it to the whole topic.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.template.loader import render_to_string

from liveview import workers
from liveview.conf import config
from liveview.groups import topic_group
from liveview.hub import Hub, daemon_task, get_hub, nearest_hub, running_hubs
from liveview.protocol import dumps

if TYPE_CHECKING:
    from liveview.consumers import LiveViewConsumer

logger = logging.getLogger(__name__)

_KEY = "liveview:presence:"
_ABSENT = object()


@dataclass(frozen=True)
class _Render:
    target: str
    template: str


#: Seconds between two renders of one topic's presence in one process: changes in
#: between are rendered together, from the latest state.
RENDER_INTERVAL = 0.25


class Presence:
    """The presence lists of one hub (one process and event loop).

    Renders are coalesced per topic: at most one in flight, then at most one per
    ``RENDER_INTERVAL``, always of the latest state, so a member that keeps changing
    its meta costs a few renders per second for the whole topic, not one frame per
    change per member. Templates render in a worker thread, off the event loop.
    A topic's template is the first one given for it while it has members in this
    process; ``track()`` with another template for the same topic logs a warning and
    does not replace it (one page's template is never sent to another page's topic).
    """

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.redis = hub.intents.redis
        self.local: dict[str, dict[str, Any]] = {}  # group -> {socket id: meta}
        self.renders: dict[str, _Render] = {}
        self.ttl = config.get().presence_ttl
        self._heartbeat: asyncio.Task[None] | None = None
        self._rendering: dict[str, asyncio.Task[None]] = {}
        self._again: set[str] = set()

    async def track(
        self, group: str, socket_id: str, meta: dict[str, Any], render: _Render | None = None
    ) -> None:
        if render is not None:
            self._set_render(group, render)
        members = self.local.setdefault(group, {})
        if members.get(socket_id, _ABSENT) == meta:
            return  # nothing changed: no write, no render
        members[socket_id] = meta
        if self.redis is not None:
            if self._heartbeat is None:
                self._heartbeat = daemon_task(self.hub.loop, self._beat())
                await self._alive()
            await self.redis.hset(_KEY + group, f"{self.hub.origin}:{socket_id}", dumps(meta))
        self.changed(group)

    async def untrack(self, group: str, socket_id: str) -> None:
        members = self.local.get(group)
        if members is None or members.pop(socket_id, None) is None:
            return
        if not members:
            del self.local[group]
        if self.redis is not None:
            try:
                await self.redis.hdel(_KEY + group, f"{self.hub.origin}:{socket_id}")
            except Exception:
                logger.warning("Could not remove a presence entry from Redis.", exc_info=True)
        self.changed(group)

    def _set_render(self, group: str, render: _Render) -> None:
        current = self.renders.get(group)
        if current is None:
            self.renders[group] = render
        elif current != render:
            logger.warning(
                "Presence of %s already renders %s into %s; ignoring %s into %s.",
                group,
                current.template,
                current.target,
                render.template,
                render.target,
            )

    async def members(self, group: str) -> list[dict[str, Any]]:
        if self.redis is None:
            return list(self.local.get(group, {}).values())
        entries = await self.redis.hgetall(_KEY + group)
        if not entries:
            return []
        fields = [f.decode() if isinstance(f, bytes) else f for f in entries]
        origins = sorted({field.split(":", 1)[0] for field in fields})
        alive = await self.redis.mget([_KEY + "alive:" + o for o in origins])
        living = {o for o, flag in zip(origins, alive, strict=True) if flag is not None}
        dead = [f for f in fields if f.split(":", 1)[0] not in living]
        if dead:
            await self.redis.hdel(_KEY + group, *dead)
        return [
            json.loads(v) for f, v in zip(fields, entries.values(), strict=True) if f not in dead
        ]

    def changed(self, group: str) -> None:
        """Render ``group``'s presence soon (coalesced; see the class)."""
        if group not in self.renders:
            return
        if group in self._rendering:
            self._again.add(group)
            return
        self._rendering[group] = self.hub.loop.create_task(self._render_loop(group))

    async def _render_loop(self, group: str) -> None:
        try:
            while True:
                self._again.discard(group)
                await self._render(group)
                await asyncio.sleep(RENDER_INTERVAL)
                if group not in self._again:
                    return
        finally:
            del self._rendering[group]
            if group not in self.local:
                self.renders.pop(group, None)  # an empty topic may get another template

    async def _render(self, group: str) -> None:
        render = self.renders.get(group)
        if render is None:
            return
        try:
            members = await self.members(group)
            context = {"members": members, "count": len(members)}
            html = await workers.pool.run(render_to_string, render.template, context)
        except Exception:
            logger.exception("Could not render presence of group %s.", group)
            return
        self.hub.publish(
            {
                "type": "liveview.group",
                "group": group,
                "text": dumps({"target": render.target, "html": html}),
            }
        )

    async def _alive(self) -> None:
        assert self.redis is not None
        await self.redis.set(_KEY + "alive:" + self.hub.origin, 1, ex=self.ttl)

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(self.ttl / 3)
            try:
                await self._alive()
                # Entries of this process may have been lost with a Redis restart.
                assert self.redis is not None
                for group, members in self.local.items():
                    if members:
                        await self.redis.hset(
                            _KEY + group,
                            mapping={
                                f"{self.hub.origin}:{sid}": dumps(m) for sid, m in members.items()
                            },
                        )
            except Exception:
                logger.warning("Could not refresh presence in Redis.", exc_info=True)


def presence_of(hub: Hub) -> Presence:
    """The presence lists of ``hub``, created on first use."""
    if hub.presence is None:
        hub.presence = Presence(hub)
    return hub.presence


def track(
    consumer: LiveViewConsumer,
    topic: str,
    meta: dict[str, Any] | None = None,
    *,
    template: str | None = None,
    target: str | None = None,
) -> None:
    """Join ``topic`` and be listed in its presence with ``meta`` until the socket
    closes or ``untrack`` is called. With ``template`` and ``target``, every change
    re-renders ``template`` (context: ``members``, ``count``) into ``target`` on
    every socket of the topic. Callable from any thread, like ``send``."""
    if (template is None) != (target is None):
        raise TypeError("track() takes template= and target= together, or neither.")
    group = topic_group(topic)
    dumps(meta or {})  # fail here, in the caller, on a non-serialisable meta
    consumer._track_group(
        group, dict(meta or {}), _Render(target, template) if template and target else None
    )


def untrack(consumer: LiveViewConsumer, topic: str) -> None:
    """Remove this socket from ``topic``'s presence (it stays subscribed)."""
    consumer._untrack_group(topic_group(topic))


async def apresent(topic: str) -> list[dict[str, Any]]:
    """The ``meta`` of every socket tracked in ``topic``, across processes when the
    layer is Redis. From async code; must run in a process serving sockets or
    with a Redis layer."""
    group = topic_group(topic)
    hub = get_hub(get_channel_layer())
    return await presence_of(hub).members(group)


def present(topic: str) -> list[dict[str, Any]]:
    """``apresent`` for sync code (a view, a handler, a management command)."""
    layer = get_channel_layer()
    hubs = running_hubs(layer)
    if hubs:
        try:
            running: asyncio.AbstractEventLoop | None = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if any(hub.loop is running for hub in hubs):
            raise RuntimeError("present() was called from async code; use `await apresent(...)`.")
        hub = nearest_hub(hubs)
        group = topic_group(topic)
        future = asyncio.run_coroutine_threadsafe(presence_of(hub).members(group), hub.loop)
        return future.result(timeout=10)
    return list(async_to_sync(apresent)(topic))


def new_socket_id() -> str:
    return secrets.token_hex(8)
