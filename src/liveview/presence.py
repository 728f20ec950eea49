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

from liveview.conf import config
from liveview.groups import topic_group
from liveview.hub import Hub, daemon_task, get_hub, running_hubs
from liveview.protocol import dumps

if TYPE_CHECKING:
    from liveview.consumers import LiveViewConsumer

logger = logging.getLogger(__name__)

_KEY = "liveview:presence:"


@dataclass(frozen=True)
class _Render:
    target: str
    template: str


class Presence:
    """The presence lists of one hub (one process and event loop)."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.redis = hub.intents.redis
        self.local: dict[str, dict[str, Any]] = {}  # group -> {socket id: meta}
        self.renders: dict[str, _Render] = {}
        self.ttl = config.get().presence_ttl
        self._heartbeat: asyncio.Task[None] | None = None

    async def track(self, group: str, socket_id: str, meta: dict[str, Any]) -> None:
        self.local.setdefault(group, {})[socket_id] = meta
        if self.redis is not None:
            if self._heartbeat is None:
                self._heartbeat = daemon_task(self.hub.loop, self._beat())
                await self._alive()
            await self.redis.hset(_KEY + group, f"{self.hub.origin}:{socket_id}", dumps(meta))
        await self.changed(group)

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
        await self.changed(group)

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

    async def changed(self, group: str) -> None:
        render = self.renders.get(group)
        if render is None:
            return
        try:
            members = await self.members(group)
            html = render_to_string(render.template, {"members": members, "count": len(members)})
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
        hub = hubs[0]
        try:
            on_loop = asyncio.get_running_loop() is hub.loop
        except RuntimeError:
            on_loop = False
        if on_loop:
            raise RuntimeError("present() was called from async code; use `await apresent(...)`.")
        group = topic_group(topic)
        future = asyncio.run_coroutine_threadsafe(presence_of(hub).members(group), hub.loop)
        return future.result(timeout=10)
    return list(async_to_sync(apresent)(topic))


def new_socket_id() -> str:
    return secrets.token_hex(8)
