"""A channels communicator that speaks the liveview protocol.

``LiveViewCommunicator`` is channels' ``WebsocketCommunicator`` with the
liveview route, a valid signed room, the Origin/Host headers of Django's test
client (``testserver``) and the message shape filled in::

    async with LiveViewCommunicator(application) as comm:
        await comm.call("say_hello", form={"name": "Django"})
        assert (await comm.receive_json_from())["target"] == "#greeting"
"""

from __future__ import annotations

import itertools
from types import TracebackType
from typing import Any

from channels.testing import WebsocketCommunicator

from liveview.rooms import issue_room

TEST_ORIGIN = "http://testserver"
_clients = itertools.count()


class LiveViewCommunicator(WebsocketCommunicator):  # type: ignore[misc]
    """A WebSocket test client for ``/ws/liveview/<room>/``."""

    def __init__(
        self,
        application: Any,
        room: str | None = None,
        *,
        session_key: str = "",
        path: str = "/ws/liveview/{room}/",
        origin: str | None = TEST_ORIGIN,
        headers: list[tuple[bytes, bytes]] | None = None,
        subprotocols: list[str] | None = None,
    ) -> None:
        """``room`` defaults to a fresh room signed for ``session_key`` (sent as
        the ``sessionid`` cookie when given). ``origin=None`` sends no Origin.
        ``subprotocols`` are offered in the handshake (liveview.js offers
        ``liveview.resume`` to get numbered group frames)."""
        self.room = room if room is not None else issue_room(session_key)
        all_headers = list(headers or [])
        if origin is not None:
            host = origin.split("://", 1)[1]
            all_headers += [(b"origin", origin.encode()), (b"host", host.encode())]
        if session_key:
            all_headers.append((b"cookie", f"sessionid={session_key}".encode()))
        super().__init__(
            application, path.format(room=self.room), headers=all_headers, subprotocols=subprotocols
        )
        # Each communicator is its own client (a TEST-NET-2 address), as each browser
        # is: a test suite opening many sockets is not one client flooding handshakes.
        self.scope["client"] = (f"198.51.100.{next(_clients) % 254 + 1}", 50000)

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
