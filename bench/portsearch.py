"""The kernel's cost of connect() as sockets from one address to one port pile up.

    python3 bench/portsearch.py 19000        # every socket from 127.0.0.1
    python3 bench/portsearch.py 19000 4      # from 127.0.0.2-5 (as loadgen.py --per-source)

Plain blocking sockets and a listener in a forked child: no event loop, no WebSocket, no
server code. Prints, per 1,000 connects, wall time and the process's user and kernel CPU
per connect. On Linux, with the default ip_local_port_range (32768-60999) and connect()
taking even ports first, the kernel CPU per connect jumps past ~14,000 sockets from one
address (docs/performance.md, row 7). Needs an open-file limit above the count.
"""

from __future__ import annotations

import os
import resource
import socket
import sys
import time

IP_BIND_ADDRESS_NO_PORT = 24


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 19000
    sources = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4096)
    port = listener.getsockname()[1]
    child = os.fork()
    if child == 0:  # accepts and holds every connection
        held = []
        while len(held) < n:
            held.append(listener.accept()[0])
        time.sleep(2)
        os._exit(0)
    listener.close()
    clients = []

    def usage() -> tuple[float, float]:
        r = resource.getrusage(resource.RUSAGE_SELF)
        return r.ru_utime, r.ru_stime

    t0, (u0, s0) = time.perf_counter(), usage()
    for i in range(n):
        c = socket.socket()
        if sources:
            c.setsockopt(socket.IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, 1)
            c.bind((f"127.0.0.{2 + i % sources}", 0))
        c.connect(("127.0.0.1", port))
        clients.append(c)
        if (i + 1) % 1000 == 0:
            t1, (u1, s1) = time.perf_counter(), usage()
            print(
                f"{i + 1:6d} sockets: wall {(t1 - t0) * 1e3:6.0f} µs/connect, "
                f"user {(u1 - u0) * 1e3:5.0f}, kernel {(s1 - s0) * 1e3:6.0f}",
                flush=True,
            )
            t0, u0, s0 = t1, u1, s1
    for c in clients:  # reset, not FIN: no TIME_WAIT left behind
        c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        c.close()
    os.waitpid(child, 0)


if __name__ == "__main__":
    main()
