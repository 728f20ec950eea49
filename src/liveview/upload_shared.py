"""One socket's uploads when their state is in Redis (upload_state.py).

Starts and resumes need Redis, so they run in order on one task per socket (at
most ``MAX_PENDING`` waiting; more are refused). A start reserves the upload in
the user's budget of every process before its (empty) file is made. A resume
checks the owner recorded in Redis, takes the upload over (its holder becomes
this socket, so a socket left behind on another process can no longer move it)
and continues from the last acknowledged offset the bytes on disk hold.
Acknowledgements of chunks wait for the offset to be in Redis; one task per
socket writes them, the latest offset of each upload at a time.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import time
from collections import deque
from typing import TYPE_CHECKING

from liveview.protocol import UploadReply, UploadStart, to_snake
from liveview.upload_record import Record
from liveview.upload_state import may_resume, new_resume_secret

if TYPE_CHECKING:
    from liveview.upload_socket import SocketUploads
    from liveview.upload_state import SharedState

logger = logging.getLogger(__name__)

#: Starts and resumes of one socket waiting for Redis, at most.
MAX_PENDING = 16
_HEX = set("0123456789abcdef")
UNKNOWN = "unknown upload; start again"


class SharedSocket:
    """The Redis side of one socket's uploads. Event loop thread only."""

    def __init__(self, uploads: SocketUploads, state: SharedState) -> None:
        self._uploads = uploads
        self._state = state
        #: This socket, as the holder of its uploads in Redis.
        self.holder = secrets.token_hex(16)
        self._pending: deque[UploadStart] = deque()
        self._dirty: dict[str, Record] = {}
        self._worker: asyncio.Task[None] | None = None
        self._flusher: asyncio.Task[None] | None = None

    # Starts and resumes ------------------------------------------------------------

    def control(self, start: UploadStart) -> None:
        if len(self._pending) >= MAX_PENDING:
            self._uploads.send_start_error(start, "too many uploads starting; try again")
            return
        self._pending.append(start)
        if self._worker is None:
            self._worker = asyncio.get_running_loop().create_task(self._work())

    async def _work(self) -> None:
        try:
            while self._pending:
                start = self._pending.popleft()
                try:
                    await (self._resume(start) if "id" in start else self._begin(start))
                except Exception:
                    logger.exception("Starting an upload failed (Redis).")
                    self._uploads.send_start_error(start, "the server could not start the upload")
        finally:
            self._worker = None

    async def _begin(self, start: UploadStart) -> None:
        uploads = self._uploads
        function, field = start["function"], to_snake(start["field"])
        name, size, mime = start["name"], start["size"], start.get("type", "")
        refusal = uploads.refusal(function, field, name, size, mime)
        if refusal is not None:
            uploads.send_start_error(start, refusal)
            return
        cfg = uploads.cfg
        upload_id = secrets.token_hex(16)
        secret, secret_hash = new_resume_secret()
        fields: dict[str, str | int] = {
            "owner": uploads.owner, "budget": uploads.budget, "user": uploads.user,
            "secret": secret_hash,
            "function": function, "field": field, "name": name, "size": size, "mime": mime,
            "offset": 0, "holder": self.holder,
        }  # fmt: skip
        ttl = cfg.upload_timeout
        try:
            reserved = await self._state.reserve(
                upload_id, fields, cfg.upload_max_user_bytes, cfg.upload_max_user_files, ttl
            )
        except asyncio.CancelledError:  # the socket ended: give back what may be reserved
            self._state.spawn(self._state.release(upload_id, uploads.budget, self.holder))
            raise
        if not reserved:
            uploads.send_start_error(
                start, "too many uploads in progress; finish or wait for the others"
            )
            return
        created = uploads.store.create(
            owner=uploads.owner, budget=uploads.budget, function=function, field=field,
            name=name, size=size, mime=mime, cfg=cfg,
            shared=(self._state, upload_id, self.holder),
        )  # fmt: skip
        if isinstance(created, str):
            self._state.spawn(self._state.release(upload_id, uploads.budget, self.holder))
            uploads.send_start_error(start, created)
            return
        uploads.hold(created)
        reply: UploadReply = {"upload": upload_id, "key": start["key"], "offset": 0, "size": size}
        reply["resume"] = secret
        uploads.send(reply)

    async def _resume(self, start: UploadStart) -> None:
        uploads = self._uploads
        upload_id = start.get("id", "")
        if len(upload_id) != 32 or not set(upload_id) <= _HEX:
            uploads.send_start_error(start, UNKNOWN)
            return
        fields = await self._state.load(upload_id)
        local = uploads.store.local(upload_id)
        if (
            not fields
            or not may_resume(fields, uploads.owner, uploads.user, start.get("resume", ""))
            or fields.get("size") != str(start["size"])
            or (local is not None and local.claimed)
        ):
            uploads.send_start_error(start, UNKNOWN)  # the same answer, whoever asks
            return
        cfg = uploads.cfg
        budget = fields["budget"]
        record = local if local is not None and not local.removed else None
        if record is None:
            record = Record(
                upload_id, fields["owner"], fields["function"], fields["field"],
                fields["name"], int(fields["size"]), fields["mime"], cfg.upload_dir,
                shared=self._state,
            )  # fmt: skip
            record.budget = budget
        try:
            on_disk = os.stat(record.path).st_size
        except OSError:  # the bytes are on a machine that does not share the directory:
            uploads.send_start_error(start, UNKNOWN)  # left to the sockets there
            return
        acked = await self._state.touch(upload_id, budget, self.holder, cfg.upload_timeout, None)
        if acked is None:  # expired meanwhile
            uploads.send_start_error(start, UNKNOWN)
            return
        record.holder = self.holder
        if record is not local and not uploads.store.adopt(record, cfg):
            uploads.send_start_error(
                start, "too many uploads in progress; finish or wait for the others"
            )
            return
        # Resume from what Redis acknowledged (the disk may hold a little more).
        record.offset = min(acked, on_disk, record.size)
        record.touched = time.monotonic()
        uploads.hold(record)
        uploads.send(
            {"upload": upload_id, "key": start["key"], "offset": record.offset, "size": record.size}
        )

    # Acknowledgements --------------------------------------------------------------

    def acknowledge(self, record: Record) -> None:
        """A chunk of ``record`` was written: acknowledge it once Redis has the offset."""
        self._dirty[record.id] = record
        if self._flusher is None:
            self._flusher = asyncio.get_running_loop().create_task(self._flush())

    async def _flush(self) -> None:
        state, ttl = self._state, self._uploads.cfg.upload_timeout
        try:
            while self._dirty:
                record = self._dirty.pop(next(iter(self._dirty)))
                offset = record.offset
                try:
                    recorded = await state.touch(record.id, record.budget, self.holder, ttl, offset)
                except Exception:
                    logger.warning("Recording an upload's offset in Redis failed.", exc_info=True)
                    recorded = None
                if record.removed:
                    continue
                if recorded is None:  # expired, or taken over by another socket
                    self._uploads.lost(record)
                else:
                    self._uploads.send({"upload": record.id, "offset": offset})
        finally:
            self._flusher = None

    # The socket ends -------------------------------------------------------------------

    def close(self) -> None:
        """Stop starting and acknowledging. A reservation made by a start cut short
        here expires in Redis with ``UPLOAD_TIMEOUT``, like those of a dead process."""
        self._pending.clear()
        self._dirty.clear()
        for task in (self._worker, self._flusher):
            if task is not None:
                task.cancel()
