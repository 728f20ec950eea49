"""Test helpers that speak the liveview protocol.

``LiveViewCommunicator`` is channels' ``WebsocketCommunicator`` with the
liveview route and message shape filled in::

    async with LiveViewCommunicator(application, room="test-room") as comm:
        await comm.call("say_hello", form={"name": "Django"})
        assert (await comm.receive_json_from())["target"] == "#greeting"
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

from channels.testing import WebsocketCommunicator


class LiveViewCommunicator(WebsocketCommunicator):  # type: ignore[misc]
    """A WebSocket test client for ``/ws/liveview/<room>/``."""

    def __init__(
        self,
        application: Any,
        room: str = "test-room",
        *,
        path: str = "/ws/liveview/{room}/",
        headers: list[tuple[bytes, bytes]] | None = None,
    ) -> None:
        self.room = room
        super().__init__(application, path.format(room=room), headers=headers)

    async def call(
        self,
        function: str,
        *,
        form: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        lang: str = "en",
        **extra: Any,
    ) -> None:
        """Send what the browser sends when an element calls ``function``."""
        await self.send_json_to(
            {
                "function": function,
                "form": form or {},
                "data": data or {},
                "lang": lang,
                "room": self.room,
                **extra,
            }
        )

    async def __aenter__(self) -> LiveViewCommunicator:
        connected, code = await self.connect()
        if not connected:
            raise AssertionError(f"The liveview socket refused the connection (code {code}).")
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.disconnect()
