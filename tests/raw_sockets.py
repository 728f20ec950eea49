"""A WebSocket client made of raw TCP, for tests that must end a socket the way a
dropped mobile connection does: a reset (RST) at any moment, handshake included."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import socket
import struct
import urllib.request
from typing import Any

from tests.servers import DemoServer


def upgrade_request(server: DemoServer, room: str, headers: dict[str, str]) -> bytes:
    """The upgrade request a page's script sends for ``room`` (Origin and cookie included)."""
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [
        f"GET /ws/liveview/{room}/ HTTP/1.1",
        f"Host: 127.0.0.1:{server.port}",
        "Upgrade: websocket",
        "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}",
        "Sec-WebSocket-Version: 13",
        *(f"{name}: {value}" for name, value in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def client_frame(payload: bytes, opcode: int = 0x1) -> bytes:
    """One masked, final frame, as every client frame must be."""
    mask = os.urandom(4)
    size = len(payload)
    if size < 126:
        header = bytes([0x80 | opcode, 0x80 | size])
    elif size < 65536:
        header = bytes([0x80 | opcode, 0x80 | 126]) + struct.pack("!H", size)
    else:
        header = bytes([0x80 | opcode, 0x80 | 127]) + struct.pack("!Q", size)
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def call_frame(function: str, **data: Any) -> bytes:
    message = {"function": function, "form": {}, "data": data}
    return client_frame(json.dumps(message).encode())


CLOSE_FRAME = client_frame(struct.pack("!H", 1000), opcode=0x8)


class RawSocket:
    """One client connection; ``source`` picks the loopback address it comes from
    (any of 127.0.0.0/8 reaches a server bound to 127.0.0.1 on Linux)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, server: DemoServer, source: str = "127.0.0.1") -> RawSocket:
        reader, writer = await asyncio.open_connection(
            "127.0.0.1", server.port, local_addr=(source, 0)
        )
        return cls(reader, writer)

    async def write(self, data: bytes) -> None:
        self.writer.write(data)
        await self.writer.drain()

    async def status(self, timeout: float = 10) -> int:
        """The handshake's HTTP status (101 when accepted), headers consumed."""
        head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), timeout)
        return int(head.split(b" ", 2)[1])

    async def read_frame(self, timeout: float = 10) -> tuple[int, bytes]:
        """The next server frame: (opcode, payload)."""
        first, second = await asyncio.wait_for(self.reader.readexactly(2), timeout)
        size = second & 0x7F
        if size == 126:
            (size,) = struct.unpack("!H", await self.reader.readexactly(2))
        elif size == 127:
            (size,) = struct.unpack("!Q", await self.reader.readexactly(8))
        return first & 0x0F, await self.reader.readexactly(size)

    def reset(self) -> None:
        """End the connection with a TCP reset, as a phone losing its network does."""
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.writer.transport.abort()

    async def close(self) -> None:
        """A clean close: close frame, the server's answer, then FIN."""
        try:
            await self.write(CLOSE_FRAME)
            while (await self.read_frame())[0] != 0x8:
                pass
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        self.writer.close()


def resources(server: DemoServer) -> dict[str, Any]:
    """What the server process holds for sockets, from the test-only endpoint of
    tests/resource_urls.py."""
    with urllib.request.urlopen(server.url + "/_test/resources/", timeout=10) as response:
        return dict(json.load(response))


async def until_resources(
    server: DemoServer,
    expected: dict[str, int],
    timeout: float = 30,
    at_most: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Poll the server until every count in ``expected`` has that value and none in
    ``at_most`` is above its value; fail with the last counts at the deadline."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    bounds = at_most or {}
    while True:
        held = await asyncio.to_thread(resources, server)
        if all(held[name] == value for name, value in expected.items()) and all(
            held[name] <= value for name, value in bounds.items()
        ):
            return held
        if loop.time() > deadline:
            raise AssertionError(
                f"the server still holds {held}, expected {expected}, at most {bounds}"
            )
        await asyncio.sleep(0.05)  # a polling interval, not a synchronisation
