"""Per-connection rate limiting and the per-IP connection cap."""

from __future__ import annotations

from collections import Counter


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

    def total(self) -> int:
        """Slots held by every IP together (a metric; zero when no socket is open)."""
        return sum(self._open.values())


connections_per_ip = ConnectionCounter()
