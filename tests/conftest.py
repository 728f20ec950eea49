"""Fixtures shared by every test: real Redis, real ASGI servers, a real browser."""

from __future__ import annotations

import asyncio
import inspect
import shutil
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from liveview import liveview_registry
from tests.servers import DemoServer, RedisServer, migrate, require_binary


async def close_hubs(loop: asyncio.AbstractEventLoop) -> None:
    """Stop the liveview hubs of ``loop``. A server's loop lives as long as the process
    (and asyncio.run cancels what is left); a test's loop is closed under whatever still
    runs on it, and a receive left there would fail later, during another test."""
    from liveview.hub import _hubs

    hubs = [h for h in _hubs if h.loop is loop]
    layers = {id(hub.layer): hub.layer for hub in hubs}
    for hub in hubs:
        await hub.aclose()
    for layer in layers.values():  # channels_redis: this loop's connections
        close_pools = getattr(layer, "close_pools", None)
        if close_pools is not None:
            await close_pools()


@pytest.fixture
async def _close_hubs_after() -> AsyncIterator[None]:
    yield
    await close_hubs(asyncio.get_running_loop())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Every async test closes the hubs it started while its event loop still runs.
    for item in items:
        if inspect.iscoroutinefunction(getattr(item, "obj", None)):
            item.fixturenames.append("_close_hubs_after")  # type: ignore[attr-defined]


@pytest.fixture
def registry() -> Iterator[object]:
    """The default registry, emptied for the test and restored afterwards."""
    saved_entries = dict(liveview_registry._entries)
    saved_middleware = list(liveview_registry._middleware)
    liveview_registry.clear()
    liveview_registry.clear_middleware()
    yield liveview_registry
    liveview_registry.clear()
    liveview_registry.clear_middleware()
    liveview_registry._entries.update(saved_entries)
    for middleware in saved_middleware:
        liveview_registry.add_middleware(middleware)


@pytest.fixture(scope="session")
def redis_binary() -> str:
    return require_binary("redis-server", "redis-server")


@pytest.fixture(scope="session")
def redis_server(redis_binary: str) -> Iterator[RedisServer]:
    """A redis-server of our own on a free port, for the whole session."""
    server = RedisServer(redis_binary)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def migrated_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file; each server gets a copy."""
    path = tmp_path_factory.mktemp("db") / "template.sqlite3"
    migrate(path)
    return path


@pytest.fixture
def demo_db(migrated_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite3"
    shutil.copy(migrated_db, path)
    return path


@pytest.fixture
def demo_server(demo_db: Path) -> Iterator[DemoServer]:
    """The demo under uvicorn with the in-memory channel layer."""
    server = DemoServer(demo_db)
    server.start()
    yield server
    server.close()


@pytest.fixture(scope="module")
def module_demo_server(
    migrated_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DemoServer]:
    """One demo server (as ``demo_server``) for the tests of a module that leave it as they
    found it: each opens its own page, so its own session and signed room, and none
    stops the server or spends the address's handshake or connection budget."""
    database = tmp_path_factory.mktemp("module") / "demo.sqlite3"
    shutil.copy(migrated_db, database)
    server = DemoServer(database)
    server.start()
    yield server
    server.close()


@pytest.fixture
def liveview_redis_url(redis_server: RedisServer) -> str:
    """The Redis-backed LiveClient fixtures of liveview's pytest plugin use our server."""
    return redis_server.url
