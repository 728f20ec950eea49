"""Per-connection rate limiting, per-client caps (sockets, handshakes), inbox bounds."""

from __future__ import annotations

import ipaddress
import logging
from collections import Counter, OrderedDict, deque
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from liveview.conf import Config

logger = logging.getLogger(__name__)

#: The key of every socket without a client address (a Unix socket with no proxy
#: header configured): they share one set of per-client limits.
#: The key of a socket with no client address: per-client limits do not apply to it.
NO_ADDRESS = ""
#: Clients whose handshake rate is tracked at once (least recently seen forgotten first).
HANDSHAKE_CLIENTS_MAX = 10_000
_warned_no_address = False


def client_key(scope: dict[str, Any], cfg: Config) -> str:
    """Who a socket's client is, for per-client limits.

    IPv4 addresses as they are; IPv6 addresses by their /64 (one subscriber's
    network: clients rotate addresses within it); IPv4-mapped IPv6 as IPv4. With
    ``LIVEVIEW["CLIENT_IP_HEADER"]`` set, a socket *without* a client address (a
    Unix socket, only reachable by a local reverse proxy) is keyed by that header's
    last value, which the proxy sets. Without either, the socket gets ``NO_ADDRESS``
    and no per-client limit applies to it (said once in the log): all such sockets
    sharing one key would refuse every visitor of a Unix-socket server together
    once a single limit filled up, and in-process test communicators have no
    address either.
    """
    client = scope.get("client")
    host: str | None = str(client[0]) if client else None
    if host is None and cfg.client_ip_header is not None:
        wanted = cfg.client_ip_header.encode("latin-1")
        for name, value in scope.get("headers", ()):
            if name == wanted:
                host = value.decode("latin-1").rsplit(",", 1)[-1].strip() or None
    if host is None:
        global _warned_no_address
        if not _warned_no_address:
            _warned_no_address = True
            logger.warning(
                "A WebSocket came without a client address (a Unix socket?): per-client "
                "limits (sockets, handshakes, worker share) do not apply to such sockets. "
                "Run the server with proxy headers (uvicorn --proxy-headers "
                "--forwarded-allow-ips='*') or set LIVEVIEW['CLIENT_IP_HEADER'] to the "
                "header your proxy sets."
            )
        return NO_ADDRESS
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:100]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


class TokenBucket:
    """``rate`` messages per second on average, bursts of up to ``burst``.

    ``strikes`` counts dropped messages and drains by one per second, so a
    client that keeps pushing past the limit is told to stop once and then
    disconnected, while one that bursts now and then is only slowed down.
    """

    __slots__ = ("burst", "last", "rate", "strikes", "tokens")

    def __init__(self, rate: float, burst: int, now: float) -> None:
        self.rate = rate
        self.burst = burst
        self.tokens = float(burst)
        self.last = now
        self.strikes = 0.0

    def take(self, now: float) -> bool:
        """Spend one token; False when none is left (the message is to be dropped)."""
        elapsed = now - self.last
        self.last = now
        self.tokens = min(self.burst, self.tokens + elapsed * self.rate)
        if self.strikes:
            self.strikes = max(0.0, self.strikes - elapsed)
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        self.strikes += 1.0
        return False

    def refund(self) -> None:
        """Give back the token of a message that turned out not to count."""
        self.tokens = min(self.burst, self.tokens + 1.0)


class ConnectionCounter:
    """Open sockets per client IP in this process."""

    def __init__(self) -> None:
        self._open: Counter[str] = Counter()

    def acquire(self, ip: str, limit: int) -> bool:
        if self._open[ip] >= limit:
            return False
        self._open[ip] += 1
        return True

    def release(self, ip: str) -> None:
        self._open[ip] -= 1
        if self._open[ip] <= 0:
            del self._open[ip]

    def count(self, ip: str) -> int:
        return self._open[ip]

    def total(self) -> int:
        """Slots held by every IP together (a metric; zero when no socket is open)."""
        return sum(self._open.values())


connections_per_ip = ConnectionCounter()


#: Messages waiting for a slow handler on one socket before new ones are refused.
MAX_PENDING = 100
#: Characters of frames waiting for a slow handler on one socket (eight frames of the
#: default MAX_MESSAGE_SIZE); a parsed frame holds at most MAX_KEYS nodes, so this also
#: bounds the Python objects the backlog keeps alive.
MAX_PENDING_CHARS = 512 * 1024


class Inbox:
    """One socket's messages waiting for its handler, bounded in count and characters.

    The queue exists only while messages wait: an idle socket holds no deque."""

    __slots__ = ("_chars", "_items")

    def __init__(self) -> None:
        self._items: deque[tuple[Any, int]] | None = None
        self._chars = 0

    def accepts(self, size: int) -> bool:
        """Whether a frame of ``size`` characters may wait here now."""
        return len(self) < MAX_PENDING and self._chars + size <= MAX_PENDING_CHARS

    def append(self, message: Any, size: int) -> None:
        items = self._items
        if items is None:
            items = self._items = deque()
        items.append((message, size))
        self._chars += size

    def popleft(self) -> Any:
        items = self._items
        if items is None:
            raise IndexError("pop from an empty inbox")
        message, size = items.popleft()
        self._chars -= size
        if not items:
            self._items = None
        return message

    def clear(self) -> None:
        self._items = None
        self._chars = 0

    def __len__(self) -> int:
        items = self._items
        return 0 if items is None else len(items)


class HandshakeLimiter:
    """Handshakes per client: ``HANDSHAKE_RATE`` per second, bursts of ``HANDSHAKE_BURST``.

    Every handshake costs database queries (session, user) before a socket exists, so
    the per-client socket cap alone does not bound them: a client that opens and
    closes sockets in a loop never holds many at once.
    """

    def __init__(self) -> None:
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def allow(self, key: str, cfg: Config, now: float) -> bool:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = self._buckets[key] = TokenBucket(cfg.handshake_rate, cfg.handshake_burst, now)
            if len(self._buckets) > HANDSHAKE_CLIENTS_MAX:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
        if bucket.take(now):
            return True
        if bucket.strikes <= 1.0:  # once per episode, not once per refusal
            logger.warning(
                "Refusing WebSocket handshakes from %s: over %d per second.",
                key,
                cfg.handshake_rate,
            )
        return False


handshakes = HandshakeLimiter()
