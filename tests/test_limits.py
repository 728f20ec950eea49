from __future__ import annotations

from liveview.limits import ConnectionCounter, TokenBucket


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
