"""One socket's uploads: starts and resumes, binary chunks, and the files a handler gets.

The browser starts an upload with a text message (``protocol.UploadStart``) and is
answered with the upload's id and the offset to send from; it then sends binary
frames of 16 bytes of id, 8 bytes of offset and up to ``CHUNK_SIZE`` bytes, one at
a time, each answered with the new offset. Chunks are written as they come, so
other messages of the socket keep flowing and nothing of a file stays in memory.
The action message then names the finished uploads in ``files``; the handler gets
``content["files"][input]`` as ``UploadedFile`` objects, removed once it returns.

A socket writes only to uploads it started or resumed, and resumes only uploads of
its own session (``intents.session_tag``), so a leaked id is worth nothing to
another session. When the socket ends, its unfinished uploads stay on disk for
``UPLOAD_TIMEOUT`` seconds so the tab can resume them from another socket. With
Redis, starts, resumes and acknowledgements go through it (upload_shared.py).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from liveview.conf import Config
from liveview.exceptions import ProtocolError
from liveview.protocol import ClientMessage, UploadReply, dumps, to_snake, upload_start
from liveview.registry import liveview_registry
from liveview.upload_files import Files, SocketUploadedFile
from liveview.upload_record import Record
from liveview.upload_shared import UNKNOWN, SharedSocket
from liveview.upload_state import SharedState, new_resume_secret
from liveview.upload_store import UploadStore
from liveview.uploads import CHUNK_SIZE, HEADER_SIZE, accepts, limits_for, needs_sniff, sniff_image

logger = logging.getLogger(__name__)


class SocketUploads:
    """The uploads one socket is writing to. Event loop thread only."""

    def __init__(
        self,
        enqueue: Callable[[str], None],
        owner: str,
        budget: str,
        cfg: Config,
        store: UploadStore,
        shared: SharedState | None = None,
        user: str = "",
    ) -> None:
        self._enqueue = enqueue
        self.owner = owner
        self.budget = budget
        self.cfg = cfg
        self.store = store
        self.user = user
        self._held: dict[bytes, Record] = {}
        #: With Redis: the socket's side of it.
        self._shared = SharedSocket(self, shared) if shared is not None else None

    # Starts and resumes -------------------------------------------------------------

    def control(self, message: ClientMessage) -> bool:
        """Handle an ``{"upload": "start"}`` message (the answer is queued) or an
        ``{"upload": "cancel", "id": ...}`` (the user chose other files: no answer).
        True when it cancelled one of this socket's own uploads: as many as it has
        uploads, so not worth a rate-limit token (choosing ten other files sends ten
        cancels and ten starts at once)."""
        if message.get("upload") == "cancel":
            return self._cancel(message.get("id"))
        self._start(message)
        return False

    def _cancel(self, upload_id: object) -> bool:
        held = self._held_by_id(upload_id) if isinstance(upload_id, str) else None
        if held is None or held.claimed:
            return False
        self._held.pop(bytes.fromhex(held.id), None)
        self.store.remove(held)
        return True

    def _start(self, message: ClientMessage) -> None:
        try:
            start = upload_start(message)
        except ProtocolError as exc:
            self._send({"upload": "", "key": str(message.get("key", ""))[:64]}, str(exc))
            return
        if self._shared is not None:
            self._shared.control(start)
            return
        key = start["key"]
        cfg = self.cfg
        if "id" in start:
            who = (self.owner, self.user, start.get("resume", ""))
            record = self.store.find(start["id"], who, self.budget, cfg)
            if record is None or record.size != start["size"] or record.claimed:
                self._send({"upload": start["id"], "key": key}, UNKNOWN)
                return
            self.hold(record)
            self._send(
                {"upload": record.id, "key": key, "offset": record.offset, "size": record.size}
            )
            return
        function = start["function"]
        field = to_snake(start["field"])
        name, size, mime = start["name"], start["size"], start.get("type", "")
        refusal = self.refusal(function, field, name, size, mime)
        if refusal is not None:
            self._send({"upload": "", "key": key}, refusal)
            return
        secret, secret_hash = new_resume_secret()
        created = self.store.create(
            owner=self.owner,
            budget=self.budget,
            function=function,
            field=field,
            name=name,
            size=size,
            mime=mime,
            cfg=cfg,
            user=self.user,
            secret=secret_hash,
        )
        if isinstance(created, str):
            self._send({"upload": "", "key": key}, created)
            return
        self.hold(created)
        self._send({"upload": created.id, "key": key, "offset": 0, "size": size, "resume": secret})

    def refusal(self, function: str, field: str, name: str, size: int, mime: str) -> str | None:
        """Why an upload may not start, checked before a byte is kept; None: it may."""
        entry = liveview_registry.entry(function)
        if entry is None:
            return "unknown function"
        cfg = self.cfg
        limits = limits_for(entry.uploads, field, cfg.upload_max_file_size, cfg.upload_max_files)
        if limits is None:
            return f"{function!r} accepts no file input named {field!r}"
        if size > limits.max_size:
            return f"file too large: {size} bytes, the limit is {limits.max_size}"
        if not accepts(limits.accept, name, mime):
            return f"file type not accepted (accepted: {limits.accept})"
        same = sum(1 for r in self._live() if r.function == function and r.field == field)
        if same >= limits.max_files:
            return f"too many files: the limit is {limits.max_files}"
        held = sum(r.size for r in self._live())
        if held + size > cfg.upload_max_socket_bytes:
            return "too many bytes in uploads on this connection"
        return None

    # Chunks ------------------------------------------------------------------------

    def chunk(self, data: bytes) -> bool:
        """Write one binary chunk frame. False when it was not one of ours (an unknown
        id, a wrong offset): the dispatcher counts those against the rate limit."""
        if len(data) < HEADER_SIZE:
            return False
        raw_id, offset = data[:16], int.from_bytes(data[16:HEADER_SIZE], "big")
        record = self._held.get(raw_id)
        if record is None:  # not an upload of this socket: garbage, answered as such
            self._enqueue(
                dumps({"error": "binary frames are upload chunks; start an upload first"})
            )
            return False
        if record.removed or (self._shared is not None and record.holder != self._shared.holder):
            del self._held[raw_id]  # swept, or resumed by another socket of this process
            self._send({"upload": record.id}, UNKNOWN)
            return False
        if offset != record.offset:
            self._send({"upload": record.id, "offset": record.offset})  # resend from here
            return False
        payload = data[HEADER_SIZE:]
        if len(payload) > CHUNK_SIZE or offset + len(payload) > record.size or not payload:
            self._drop(record, "chunk too large for this upload")
            return False
        if offset == 0:
            accept = self._accept_of(record)
            if (
                needs_sniff(accept, record.name, record.mime)
                and sniff_image(payload, accept) is None
            ):
                self._drop(record, "the file's content is not an accepted image")
                return True
        try:
            record.write(offset, payload)
        except OSError:
            logger.exception("Writing an upload chunk failed.")
            self._drop(record, "the server could not store the file")
            return True
        if self._shared is not None:
            self._shared.acknowledge(record)  # once Redis has the offset
        else:
            self._send({"upload": record.id, "offset": record.offset})
        return True

    def _accept_of(self, record: Record) -> str:
        entry = liveview_registry.entry(record.function)
        if entry is None:
            return ""
        cfg = self.cfg
        limits = limits_for(
            entry.uploads, record.field, cfg.upload_max_file_size, cfg.upload_max_files
        )
        return limits.accept if limits is not None else ""

    # Handing files to a handler ---------------------------------------------------------

    def claim(self, function: str, files: dict[str, Any]) -> Files | str:
        """The finished uploads ``files`` names (input → ids), as ``UploadedFile``
        lists, or why not. Claimed uploads belong to the running handler until
        ``release_claimed``."""
        entry = liveview_registry.entry(function)
        cfg = self.cfg
        by_id = {r.id: r for r in self._live()}
        chosen: list[tuple[str, Record]] = []
        for field, ids in files.items():
            limits = None
            if entry is not None:
                limits = limits_for(
                    entry.uploads, field, cfg.upload_max_file_size, cfg.upload_max_files
                )
            if limits is None or len(ids) > limits.max_files:
                return f"files not accepted for {field!r}"
            for upload_id in ids:
                record = by_id.get(upload_id)
                if record is None or record.function != function or record.field != field:
                    return "unknown upload"
                if not record.complete or record.claimed:
                    return "upload not finished"
                chosen.append((field, record))
        result: Files = {field: [] for field in files}
        for field, record in chosen:
            record.claimed = True
            result[field].append(
                SocketUploadedFile(record.path, record.name, record.mime, record.size)
            )
        return result

    def release_claimed(self, files: Files) -> list[asyncio.Task[Any]]:
        """The handler returned: close its files and remove their uploads. With Redis,
        the releases under way there (the caller may wait for them)."""
        for uploaded in (f for group in files.values() for f in group):
            uploaded.close()
        releases = []
        for raw_id, record in list(self._held.items()):
            if record.claimed:
                del self._held[raw_id]
                release = self.store.remove(record)
                if release is not None:
                    releases.append(release)
        return releases

    # The socket ends --------------------------------------------------------------------

    def release(self) -> None:
        """The socket is gone: its uploads stay on disk for a resume (the sweep
        removes them after ``UPLOAD_TIMEOUT``); claimed ones go now."""
        if self._shared is not None:
            self._shared.close()
        for record in self._held.values():
            if record.claimed:
                self.store.remove(record)
        self._held.clear()

    # Helpers -------------------------------------------------------------------------

    def _held_by_id(self, upload_id: str) -> Record | None:
        try:
            raw_id = bytes.fromhex(upload_id)
        except ValueError:
            return None
        return self._held.get(raw_id)

    def _live(self) -> list[Record]:
        return [r for r in self._held.values() if not r.removed]

    def hold(self, record: Record) -> None:
        self._held[bytes.fromhex(record.id)] = record

    def lost(self, record: Record) -> None:
        """Redis no longer has ``record`` as this socket's (it expired, or another
        socket resumed it): stop writing to it; its bytes are not ours to delete."""
        self._held.pop(bytes.fromhex(record.id), None)
        if self._shared is not None and record.holder == self._shared.holder:
            self.store.forget(record)
        self._send({"upload": record.id}, UNKNOWN)

    def _drop(self, record: Record, why: str) -> None:
        self._held.pop(bytes.fromhex(record.id), None)
        self.store.remove(record)
        self._send({"upload": record.id}, why)

    def send_start_error(self, start: Any, error: str) -> None:
        self._send({"upload": str(start.get("id", "")), "key": start["key"]}, error)

    def send(self, reply: UploadReply) -> None:
        self._enqueue(dumps(reply))

    def _send(self, reply: UploadReply, error: str | None = None) -> None:
        if error is not None:
            reply["uploadError"] = error
        self._enqueue(dumps(reply))
