"""Per-connection rate limiting and the per-IP connection cap."""

from __future__ import annotations

from collections import Counter, deque
from typing import Any


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


connections_per_ip = ConnectionCounter()


#: Messages waiting for a slow handler on one socket before new ones are refused.
MAX_PENDING = 100
#: Characters of frames waiting for a slow handler on one socket (eight frames of the
#: default MAX_MESSAGE_SIZE); a parsed frame holds at most MAX_KEYS nodes, so this also
#: bounds the Python objects the backlog keeps alive.
MAX_PENDING_CHARS = 512 * 1024


class Inbox:
    """One socket's messages waiting for its handler, bounded in count and characters."""

    __slots__ = ("_chars", "_items")

    def __init__(self) -> None:
        self._items: deque[tuple[Any, int]] = deque()
        self._chars = 0

    def accepts(self, size: int) -> bool:
        """Whether a frame of ``size`` characters may wait here now."""
        return len(self._items) < MAX_PENDING and self._chars + size <= MAX_PENDING_CHARS

    def append(self, message: Any, size: int) -> None:
        self._items.append((message, size))
        self._chars += size

    def popleft(self) -> Any:
        message, size = self._items.popleft()
        self._chars -= size
        return message

    def clear(self) -> None:
        self._items.clear()
        self._chars = 0

    def __len__(self) -> int:
        return len(self._items)
