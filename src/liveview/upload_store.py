"""The uploads of this process: partial files on disk, what they are, and who pays for them.

Each upload is two files in ``LIVEVIEW["UPLOAD_DIR"]``: ``<id>.part`` (the bytes
received so far, appended in order) and ``<id>.json`` (name, size, type, the
handler and input it is for, and its owner: a keyed hash of the session). The
offset to resume from is the size of the ``.part`` file, so nothing is written
per chunk but the chunk, and a process that was killed mid-upload leaves behind
exactly what it acknowledged or more. Any process of the machine finds an upload
there after a reconnect or a restart; machines share uploads only if they share
the directory (docs/uploads.md).

With the Redis channel layer the description lives in Redis instead of the
``.json`` file, and so do the per-user budgets (upload_state.py): records of such
uploads carry their ``shared`` state, and removing one releases it there.

Everything is bounded: bytes and files per user (``UPLOAD_MAX_USER_BYTES``,
``UPLOAD_MAX_USER_FILES``) and bytes of the whole process (``UPLOAD_MAX_PROCESS_BYTES``),
counted by the declared size before a byte is kept,
and every upload not written to for ``UPLOAD_TIMEOUT`` seconds is removed by a
sweep that also removes files left behind by processes that died.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import secrets
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

from liveview.upload_record import Record, release_shared, unlink_files
from liveview.upload_state import may_resume

if TYPE_CHECKING:
    from liveview.conf import Config
    from liveview.upload_state import SharedState

logger = logging.getLogger(__name__)

#: Seconds between two sweeps for abandoned uploads (at most; less with a short timeout).
SWEEP_INTERVAL = 30.0
_ID_HEX = 32


class UploadStore:
    """The uploads this process knows of, and the per-user budgets. Loop thread only
    (files are handed to handler threads as open file objects, never as records)."""

    def __init__(self) -> None:
        self._records: dict[str, Record] = {}
        self._bytes: Counter[str] = Counter()
        self._files: Counter[str] = Counter()
        self._total = 0  # declared bytes of every upload here
        self._sweep: asyncio.TimerHandle | None = None
        self._timeout = 600.0
        self._directory = ""

    def __len__(self) -> int:
        return len(self._records)

    def create(
        self,
        *,
        owner: str,
        budget: str,
        function: str,
        field: str,
        name: str,
        size: int,
        mime: str,
        cfg: Config,
        user: str = "",
        secret: str = "",
        shared: tuple[SharedState, str, str] | None = None,
    ) -> Record | str:
        """A new empty upload, or why not (the user's or the process's budget is spent).
        ``shared``: (state, upload id, holder) of an upload already reserved in Redis."""
        if not self._affordable(budget, size, cfg, shared is None):
            return "too many uploads in progress; finish or wait for the others"
        directory = cfg.upload_dir
        os.makedirs(directory, mode=0o700, exist_ok=True)
        upload_id = shared[1] if shared is not None else secrets.token_hex(16)
        record = Record(upload_id, owner, function, field, name, size, mime, directory)
        record.user, record.secret = user, secret
        fd = os.open(record.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        record.written = time.time()
        if shared is not None:
            record.shared, _, record.holder = shared
            self._add(record, budget, cfg)
            return record
        meta = {
            "owner": owner,
            "function": function,
            "field": field,
            "name": name,
            "size": size,
            "mime": mime,
            "user": user,
            "secret": secret,
        }
        with open(record.meta_path, "x", encoding="utf-8") as out:
            json.dump(meta, out)
        self._add(record, budget, cfg)
        return record

    def find(
        self, upload_id: str, who: tuple[str, str, str], budget: str, cfg: Config
    ) -> Record | None:
        """The upload ``upload_id`` if ``who`` (owner, user, resume secret) may resume
        it (``may_resume``): known here, or left on disk by another process (or by this
        one before a restart). None for anything else, the same answer whether it
        exists or not."""
        if len(upload_id) != _ID_HEX or not all(c in "0123456789abcdef" for c in upload_id):
            return None
        owner, user, secret = who
        record = self._records.get(upload_id)
        if record is not None:
            recorded = {"owner": record.owner, "user": record.user, "secret": record.secret}
            return record if may_resume(recorded, owner, user, secret) else None
        directory = cfg.upload_dir
        candidate = Record(upload_id, owner, "", "", "", 0, "", directory)
        try:
            with open(candidate.meta_path, encoding="utf-8") as source:
                meta: dict[str, Any] = json.load(source)
            offset = os.stat(candidate.path).st_size
        except (OSError, ValueError):
            return None
        if not may_resume({k: str(v) for k, v in meta.items()}, owner, user, secret):
            return None
        try:
            record = Record(
                upload_id,
                str(meta["owner"]),
                str(meta["function"]),
                str(meta["field"]),
                str(meta["name"]),
                int(meta["size"]),
                str(meta["mime"]),
                directory,
            )
            record.user, record.secret = str(meta.get("user", "")), str(meta.get("secret", ""))
        except (KeyError, TypeError, ValueError):
            return None
        if offset > record.size or not self._affordable(budget, record.size, cfg, True):
            return None
        record.offset = offset
        self._add(record, budget, cfg)
        return record

    def local(self, upload_id: str) -> Record | None:
        """The record this process has of ``upload_id`` (the caller checks the owner)."""
        return self._records.get(upload_id)

    def adopt(self, record: Record, cfg: Config) -> bool:
        """Take in an upload described in Redis (a resume of another process's, or of
        this one's before a restart); False when this process has no room for it."""
        if not self._affordable(record.budget, record.size, cfg, False):
            return False
        self._add(record, record.budget, cfg)
        return True

    def remove(self, record: Record) -> asyncio.Task[Any] | None:
        """Forget an upload and delete its files (a storage may have moved the bytes
        away already). Idempotent. With Redis: the release under way there, after
        which the files go."""
        if record.removed:
            return None
        record.removed = True
        if self._records.get(record.id) is record:
            del self._records[record.id]
        self._release(record.budget, record.size, record.shared is None)
        release = record.shared.spawn(release_shared(record)) if record.shared else None
        if release is None:
            unlink_files(record)
        return release

    def forget(self, record: Record) -> None:
        """Stop knowing an upload whose bytes and state another socket now holds."""
        if record.removed:
            return
        record.removed = True
        if self._records.get(record.id) is record:
            del self._records[record.id]
        self._release(record.budget, record.size, record.shared is None)

    def remove_all(self) -> None:
        """Remove every upload this process knows of (tests start from a clean store)."""
        for record in list(self._records.values()):
            self.remove(record)

    def budget_used(self, budget: str) -> tuple[int, int]:
        """Bytes and files reserved by ``budget`` in this process (tests, metrics)."""
        return self._bytes[budget], self._files[budget]

    # Budgets -----------------------------------------------------------------------

    def _affordable(self, budget: str, size: int, cfg: Config, per_user: bool) -> bool:
        """Room in the process, and (``per_user``: without Redis) in the user's budget."""
        if self._total + size > cfg.upload_max_process_bytes:
            return False
        return not per_user or (
            self._bytes[budget] + size <= cfg.upload_max_user_bytes
            and self._files[budget] + 1 <= cfg.upload_max_user_files
        )

    def _add(self, record: Record, budget: str, cfg: Config) -> None:
        record.budget = budget
        if record.shared is None:  # with Redis, the user's budget is counted there
            self._bytes[budget] += record.size
            self._files[budget] += 1
        self._total += record.size
        self._records[record.id] = record
        self._timeout = cfg.upload_timeout
        self._directory = cfg.upload_dir
        self._schedule_sweep()

    def _release(self, budget: str, size: int, per_user: bool) -> None:
        self._total -= size
        if not per_user:
            return
        self._bytes[budget] -= size
        self._files[budget] -= 1
        if self._files[budget] <= 0:
            del self._bytes[budget], self._files[budget]

    # Sweeping ---------------------------------------------------------------------

    def _schedule_sweep(self) -> None:
        if self._sweep is not None:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        delay = min(SWEEP_INTERVAL, max(self._timeout / 4, 0.5))
        self._sweep = loop.call_later(delay, self._run_sweep)

    def _run_sweep(self) -> None:
        self._sweep = None
        self.sweep(time.monotonic())
        if self._records:
            self._schedule_sweep()

    def sweep(self, now: float) -> None:
        """Remove the uploads not written to for ``UPLOAD_TIMEOUT`` (claimed ones belong
        to a running handler, which removes them), and the files other processes left
        behind as long (they died, or they sweep too)."""
        for record in list(self._records.values()):
            if not record.claimed and now - record.touched > self._timeout:
                if record.shared is None and _written_since(record):
                    self.forget(record)  # resumed by another process: its upload now
                    continue
                logger.info("Removing an upload abandoned for %.0fs.", now - record.touched)
                self.remove(record)
        self._sweep_directory()

    def _sweep_directory(self) -> None:
        directory = self._directory
        if not directory:
            return
        limit = time.time() - self._timeout
        try:
            entries = list(os.scandir(directory))
        except FileNotFoundError:
            return
        for entry in entries:
            upload_id, _, suffix = entry.name.partition(".")
            if upload_id in self._records or suffix not in ("part", "json"):
                continue
            # The .part's time says when the upload was last written to, for both files.
            part = os.path.join(directory, upload_id + ".part")
            with contextlib.suppress(FileNotFoundError):
                try:
                    written = os.stat(part).st_mtime
                except FileNotFoundError:
                    written = entry.stat().st_mtime
                if written < limit:
                    os.unlink(entry.path)


def _written_since(record: Record) -> bool:
    """Whether another process wrote to ``record``'s bytes after this one did."""
    try:
        return os.stat(record.path).st_mtime > record.written
    except FileNotFoundError:
        return False


#: The one store of this process.
store = UploadStore()
