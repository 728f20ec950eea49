"""A minimal WebSocket client on asyncio.Protocol, for the load generator.

Why not the ``websockets`` library: the load generator has one core for
hundreds of connections and must stay well below the server's cost per
message, or it measures itself. This client does only what the benchmark
needs: the HTTP upgrade (with an Origin header), unfragmented text frames out,
text/ping/close frames in, and a pong for every ping (uvicorn pings every 20 s).

Client frames are masked with an all-zero key, so the payload is sent as is.
That is valid framing and every server accepts it; RFC 6455 wants an
unpredictable key to protect proxies, which do not exist on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import base64
import os
import socket
import struct
from collections.abc import Callable

_ZERO_MASK = b"\x00\x00\x00\x00"
_PACK_16 = struct.Struct("!BBH").pack
_PACK_64 = struct.Struct("!BBQ").pack
_UNPACK_16 = struct.Struct("!H").unpack_from
_UNPACK_64 = struct.Struct("!Q").unpack_from


class HandshakeError(Exception):
    pass


def encode_text(text: str) -> bytes:
    """One masked (zero key), final text frame."""
    payload = text.encode()
    n = len(payload)
    if n < 126:
        header = bytes((0x81, 0x80 | n))
    elif n < 65536:
        header = _PACK_16(0x81, 0xFE, n)
    else:
        header = _PACK_64(0x81, 0xFF, n)
    return header + _ZERO_MASK + payload


def _control(opcode: int, payload: bytes = b"") -> bytes:
    return bytes((0x80 | opcode, 0x80 | len(payload))) + _ZERO_MASK + payload


class WSClient(asyncio.Protocol):
    """One connection. ``on_text(client, payload_bytes)`` is called per text frame."""

    __slots__ = (
        "_frag",
        "_handshaken",
        "_request",
        "buf",
        "close_code",
        "closed",
        "on_text",
        "opened",
        "transport",
        "user",
    )

    def __init__(
        self,
        request: bytes,
        on_text: Callable[[WSClient, bytes], None],
        loop: asyncio.AbstractEventLoop,
    ):
        self.transport: asyncio.Transport | None = None
        self.buf = bytearray()
        self.opened: asyncio.Future[WSClient] = loop.create_future()
        self.closed: asyncio.Future[None] = loop.create_future()
        self.close_code: int | None = None
        self.on_text = on_text
        self._request = request
        self._handshaken = False
        self._frag: bytearray | None = None
        self.user = None  # free slot for the scenario's per-connection state

    # asyncio.Protocol ------------------------------------------------------------

    def connection_made(self, transport):  # type: ignore[override]
        self.transport = transport
        transport.write(self._request)

    def connection_lost(self, exc):  # type: ignore[override]
        if not self.opened.done():
            self.opened.set_exception(HandshakeError(f"connection lost during handshake: {exc!r}"))
        if not self.closed.done():
            self.closed.set_result(None)

    def data_received(self, data: bytes) -> None:  # type: ignore[override]
        buf = self.buf
        buf += data
        if not self._handshaken:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            status = bytes(buf[: buf.find(b"\r\n")])
            if b" 101 " not in status:
                if not self.opened.done():
                    self.opened.set_exception(HandshakeError(status.decode(errors="replace")))
                self.transport.close()
                return
            del buf[: end + 4]
            self._handshaken = True
            self.opened.set_result(self)
        pos = 0
        size = len(buf)
        while size - pos >= 2:
            b0 = buf[pos]
            n = buf[pos + 1] & 0x7F
            head = 2
            if n == 126:
                if size - pos < 4:
                    break
                n = _UNPACK_16(buf, pos + 2)[0]
                head = 4
            elif n == 127:
                if size - pos < 10:
                    break
                n = _UNPACK_64(buf, pos + 2)[0]
                head = 10
            if buf[pos + 1] & 0x80:  # servers never mask; tolerate it anyway
                head += 4
            end = pos + head + n
            if end > size:
                break
            payload = bytes(buf[pos + head : end])
            pos = end
            opcode = b0 & 0x0F
            fin = b0 & 0x80
            if opcode == 1 or opcode == 0:
                if not fin:
                    self._frag = (self._frag or bytearray()) + payload
                    continue
                if self._frag is not None:
                    payload = bytes(self._frag + payload)
                    self._frag = None
                self.on_text(self, payload)
            elif opcode == 9:  # ping
                self.transport.write(_control(0xA, payload))
            elif opcode == 8:  # close
                self.close_code = _UNPACK_16(payload, 0)[0] if len(payload) >= 2 else 1005
                if not self.transport.is_closing():
                    self.transport.write(_control(0x8, payload[:2]))
                    self.transport.close()
        if pos:
            del buf[:pos]

    # API ---------------------------------------------------------------------------

    def send_frame(self, frame: bytes) -> None:
        if self.transport.is_closing():
            raise ConnectionError(
                f"the server closed the connection (close code {self.close_code})"
            )
        self.transport.write(frame)

    def send_text(self, text: str) -> None:
        self.transport.write(encode_text(text))

    def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            try:
                self.transport.write(_control(0x8, b"\x03\xe8"))
            finally:
                self.transport.close()

    def abort(self) -> None:
        if self.transport is not None:
            self.transport.abort()


def upgrade_request(host: str, port: int, path: str, origin: str) -> bytes:
    key = base64.b64encode(os.urandom(16)).decode()
    return (
        f"GET {path} HTTP/1.1\r\n"
        f"Host: {host}:{port}\r\n"
        "Upgrade: websocket\r\n"
        "Connection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\n"
        "Sec-WebSocket-Version: 13\r\n"
        f"Origin: {origin}\r\n"
        "\r\n"
    ).encode()


#: Linux's IP_BIND_ADDRESS_NO_PORT (not in Python's socket module): bind() takes the
#: address only and leaves the port to connect(), which may then reuse it toward
#: another destination.
IP_BIND_ADDRESS_NO_PORT = 24


async def _tcp_from(source: str, host: str, port: int) -> socket.socket:
    """A TCP socket connected from the address ``source`` (any port)."""
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setblocking(False)
        sock.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
        sock.bind((source, 0))
        await loop.sock_connect(sock, (host, port))
    except BaseException:
        sock.close()
        raise
    return sock


async def connect(
    host: str,
    port: int,
    path: str,
    on_text: Callable[[WSClient, bytes], None],
    timeout: float = 10.0,
    source: str | None = None,
) -> WSClient:
    """Open a WebSocket; ``source`` is a local address to connect from (loopback
    has all of 127.0.0.0/8): see ``source_address`` in loadgen.py for why."""
    loop = asyncio.get_running_loop()
    request = upgrade_request(host, port, path, f"http://{host}:{port}")

    def factory() -> WSClient:
        return WSClient(request, on_text, loop)

    async def tcp():
        if source is None:
            return await loop.create_connection(factory, host, port)
        return await loop.create_connection(factory, sock=await _tcp_from(source, host, port))

    _, client = await asyncio.wait_for(tcp(), timeout)
    return await asyncio.wait_for(client.opened, timeout)
