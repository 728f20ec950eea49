"""A TCP proxy in front of a test server that a test can cut off and restore: what a
phone going through a tunnel, or a Wi-Fi hand-over, does to a tab's connection."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading

from tests.servers import listening_socket


def _reset(sock: socket.socket) -> None:
    """Close with a TCP reset, as a dropped network path looks to the peer. The shutdown
    wakes the threads reading it (a close alone would not)."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()


class TcpProxy:
    """Forwards 127.0.0.1:<port> to the backend port; ``cut()`` resets every
    connection and refuses new ones until ``restore()``."""

    def __init__(self, backend_port: int) -> None:
        self.backend_port = backend_port
        self._listener = listening_socket()
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._open = True
        self._sockets: set[socket.socket] = set()
        self._stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cut(self) -> None:
        with self._lock:
            self._open = False
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            _reset(sock)

    def restore(self) -> None:
        with self._lock:
            self._open = True

    def close(self) -> None:
        self._stopped = True
        self.cut()
        self._listener.close()

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                if not self._open:
                    _reset(client)
                    continue
                try:
                    backend = socket.create_connection(("127.0.0.1", self.backend_port))
                except OSError:
                    _reset(client)
                    continue
                self._sockets.update((client, backend))
            for source, sink in ((client, backend), (backend, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            with self._lock:
                self._sockets.discard(sock)
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
