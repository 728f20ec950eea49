from __future__ import annotations

import dataclasses

import pytest

from liveview.limits import (
    NO_ADDRESS,
    ConnectionCounter,
    HandshakeLimiter,
    TokenBucket,
    client_key,
)


def test_bucket_allows_burst_then_refuses():
    bucket = TokenBucket(rate=10, burst=5, now=0.0)
    assert [bucket.take(0.0) for _ in range(6)] == [True] * 5 + [False]


def test_bucket_refills_at_rate():
    bucket = TokenBucket(rate=10, burst=5, now=0.0)
    for _ in range(5):
        bucket.take(0.0)
    assert not bucket.take(0.0)
    assert bucket.take(0.1)  # 0.1 s at 10/s is one token


def test_bucket_never_exceeds_burst():
    bucket = TokenBucket(rate=10, burst=3, now=0.0)
    assert [bucket.take(100.0) for _ in range(4)] == [True, True, True, False]


def test_strikes_grow_with_drops_and_drain_over_time():
    bucket = TokenBucket(rate=1, burst=1, now=0.0)
    bucket.take(0.0)
    for _ in range(5):
        bucket.take(0.0)
    assert bucket.strikes == 5
    bucket.take(3.0)  # 3 s later: refilled, strikes drained by 3
    assert bucket.strikes == 2


def test_connection_counter_caps_and_releases():
    counter = ConnectionCounter()
    assert counter.acquire("1.2.3.4", 2)
    assert counter.acquire("1.2.3.4", 2)
    assert not counter.acquire("1.2.3.4", 2)
    assert counter.acquire("5.6.7.8", 2)
    counter.release("1.2.3.4")
    assert counter.acquire("1.2.3.4", 2)
    assert counter.count("1.2.3.4") == 2


def _cfg(**overrides):
    from liveview.conf import config

    return dataclasses.replace(config.get(), **overrides)


@pytest.mark.parametrize(
    ("client", "key"),
    [
        (("203.0.113.7", 1), "203.0.113.7"),
        (("2001:db8:1:2:aaaa::1", 1), "2001:db8:1:2::/64"),
        (("2001:db8:1:2:ffff:1:2:3", 1), "2001:db8:1:2::/64"),
        (("::ffff:203.0.113.7", 1), "203.0.113.7"),
        (("not-an-ip", 1), "not-an-ip"),
        (None, NO_ADDRESS),  # per-client limits do not apply
    ],
)
def test_client_key(client, key):
    assert client_key({"client": client, "headers": []}, _cfg()) == key


def test_client_key_reads_the_proxy_header_only_without_a_client_address():
    headers = [(b"x-real-ip", b"198.51.100.4")]
    cfg = _cfg(client_ip_header="x-real-ip")
    assert client_key({"client": None, "headers": headers}, cfg) == "198.51.100.4"
    # A client with an address of its own cannot pick its key with the header.
    assert client_key({"client": ("203.0.113.7", 1), "headers": headers}, cfg) == "203.0.113.7"


def test_handshake_limiter_refuses_past_the_burst_then_refills():
    limiter = HandshakeLimiter()
    cfg = _cfg(handshake_rate=10, handshake_burst=5)
    assert [limiter.allow("a", cfg, 0.0) for _ in range(6)] == [True] * 5 + [False]
    assert limiter.allow("b", cfg, 0.0)
    assert limiter.allow("a", cfg, 0.1)
