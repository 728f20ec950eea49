from __future__ import annotations

import pytest
from django.test import override_settings

from liveview.conf import config
from liveview.origins import origin_allowed


def headers(origin, host="example.com"):
    result = []
    if origin is not None:
        result.append((b"origin", origin if isinstance(origin, bytes) else origin.encode()))
    if host is not None:
        result.append((b"host", host.encode()))
    return result


@pytest.fixture
def cfg():
    with override_settings(ALLOWED_HOSTS=["example.com", ".example.org"], DEBUG=False):
        yield config.get()


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        ("https://example.com", "example.com"),
        ("http://example.com:8000", "example.com:8000"),
        ("https://shop.example.org", "shop.example.org"),
    ],
)
def test_same_origin_allowed(cfg, origin, host):
    assert origin_allowed(headers(origin, host), cfg)


@pytest.mark.parametrize(
    "origin",
    [
        "https://evil.example.com.attacker.tld",
        "https://attackerexample.com",
        "https://example.com.",
        "null",
        "https://EXAMPLE.com",
        "HTTPS://example.com",
        "https://example.com:8443",  # port variant: another origin on the same host
        "https://user@example.com",
        "https://example.com/path",
        "https://example.com\r\nX: y",
        "https://exam\x00ple.com",
        "https://example.com\t",
        "ftp://example.com",
        "",
        "https://",
        b"https://ex\xe4mple.com",
    ],
)
def test_bad_origins_refused(cfg, origin):
    assert not origin_allowed(headers(origin, "example.com"), cfg)


def test_origin_must_match_host_header(cfg):
    # Both hosts are allowed, but a page of shop.example.org may not open a socket
    # on example.com: that is a cross-origin handshake.
    assert not origin_allowed(headers("https://shop.example.org", "example.com"), cfg)


def test_missing_host_header_refused(cfg):
    assert not origin_allowed(headers("https://example.com", None), cfg)


def test_repeated_origin_header_refused(cfg):
    both = [*headers("https://example.com"), (b"origin", b"https://evil.tld")]
    assert not origin_allowed(both, cfg)


def test_missing_origin_served_by_default(cfg):
    # Browsers always send Origin on a WebSocket handshake: a client without one is a
    # script or a test, which could send any Origin it liked. Refusing it stops nothing.
    assert origin_allowed(headers(None), cfg)


def test_missing_origin_refused_when_strict():
    with override_settings(ALLOWED_HOSTS=["example.com"], LIVEVIEW={"ALLOW_MISSING_ORIGIN": False}):
        assert not origin_allowed(headers(None), config.get())


def test_foreign_origin_refused_even_with_wildcard_allowed_hosts():
    with override_settings(ALLOWED_HOSTS=["*"]):
        cfg = config.get()
        assert not origin_allowed(headers("https://evil.example", "example.com"), cfg)
        assert origin_allowed(headers("https://example.com", "example.com"), cfg)


def test_explicit_allowed_origins():
    with override_settings(
        ALLOWED_HOSTS=["example.com"], LIVEVIEW={"ALLOWED_ORIGINS": ["https://app.example.net"]}
    ):
        cfg = config.get()
        assert origin_allowed(headers("https://app.example.net", "example.com"), cfg)
        assert not origin_allowed(headers("https://app.example.net:1", "example.com"), cfg)


def test_debug_with_empty_allowed_hosts_allows_localhost_only():
    with override_settings(ALLOWED_HOSTS=[], DEBUG=True):
        cfg = config.get()
        assert origin_allowed(headers("http://localhost:8000", "localhost:8000"), cfg)
        assert origin_allowed(headers("http://127.0.0.1:8000", "127.0.0.1:8000"), cfg)
        assert not origin_allowed(headers("http://example.com", "example.com"), cfg)
