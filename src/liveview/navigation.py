"""What the server knows of the page a socket serves: its path and its build.

Pages rendered with ``{% liveview_build %}`` (``<html data-liveview-build>``) open
their socket with ``?build=<id>&path=<path>`` in the URL. ``consumer.path`` is the
path (and query string) of the page the tab shows: from the handshake, then from
every live navigation (``{"navigate": "/path"}``, docs/navigation.md). A page built
for another build than the server's is told ``{"build": "<server's id>"}`` right
after the handshake: the client reloads it at the next safe moment.

The build identifier is ``LIVEVIEW["BUILD_ID"]`` when set, else a digest of the
static files manifest (``ManifestStaticFilesStorage``: it changes whenever a static
file does), else there is none and nothing is ever reported stale.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

if TYPE_CHECKING:
    from liveview.protocol import Build

logger = logging.getLogger(__name__)

#: Longest path (with its query string) kept for ``consumer.path``; longer ones are cut.
MAX_PATH_LENGTH = 2048
#: Longest build identifier read from a handshake.
MAX_BUILD_LENGTH = 128


def page_of(scope: dict[str, Any]) -> tuple[str | None, str | None]:
    """The page path and build a handshake announced, each None when absent."""
    raw = scope.get("query_string", b"")
    if not raw:
        return None, None
    try:
        query = parse_qs(raw.decode("latin-1"), max_num_fields=8)
    except ValueError:
        return None, None
    path = query.get("path", [None])[0]
    build = query.get("build", [None])[0]
    return clean_path(path), (build[:MAX_BUILD_LENGTH] if build else None)


def clean_path(path: str | None) -> str | None:
    """A same-site path (starting with one ``/``), bounded; None for anything else."""
    if not path or not path.startswith("/") or path.startswith("//"):
        return None
    return path[:MAX_PATH_LENGTH]


def stale_notice(server_build: str) -> Build:
    """The frame telling a page of another build which build the server runs."""
    return {"build": server_build}


def build_id(setting: str | None) -> str | None:
    """The server's build identifier: the setting, else the static manifest's hash."""
    if setting:
        return setting
    return _manifest_hash()


@functools.cache
def _manifest_hash() -> str | None:
    # Read once per process: a new build is a new process.
    from django.contrib.staticfiles.storage import staticfiles_storage
    from django.core.exceptions import ImproperlyConfigured

    try:
        value = getattr(staticfiles_storage, "manifest_hash", "")
    except (OSError, ValueError, ImproperlyConfigured):  # no usable manifest: no build id
        logger.debug("No static files manifest to take a build id from.", exc_info=True)
        return None
    return str(value) if value else None


def reset_manifest_hash() -> None:
    """Forget the cached manifest hash (tests, or a storage swapped at run time)."""
    _manifest_hash.cache_clear()
