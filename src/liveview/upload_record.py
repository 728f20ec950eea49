"""One upload as a process knows it: what it is, where its bytes are, how far they got,
and (with Redis) the shared state it lives in and the socket holding it there."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from liveview.upload_state import SharedState


@dataclass(eq=False)
class Record:
    """One upload: its metadata, where its bytes are, and how far they got."""

    id: str
    owner: str
    function: str
    field: str
    name: str
    size: int
    mime: str
    directory: str
    budget: str = ""
    offset: int = 0
    touched: float = dataclasses.field(default_factory=time.monotonic)
    #: Wall-clock time of this process's last write (or of finding the upload).
    written: float = dataclasses.field(default_factory=time.time)
    removed: bool = False
    claimed: bool = False
    #: With Redis: where the record lives, and the socket writing to it there.
    shared: SharedState | None = None
    holder: str = ""
    #: Who started it (a user pk, "" when anonymous) and the hash of its resume secret.
    user: str = ""
    secret: str = ""

    @property
    def path(self) -> str:
        return os.path.join(self.directory, self.id + ".part")

    @property
    def meta_path(self) -> str:
        return os.path.join(self.directory, self.id + ".json")

    @property
    def complete(self) -> bool:
        return self.offset == self.size

    def write(self, offset: int, data: bytes) -> None:
        """Write one chunk at ``offset`` (the current end of the file)."""
        fd = os.open(self.path, os.O_WRONLY)
        try:
            os.pwrite(fd, data, offset)
        finally:
            os.close(fd)
        self.offset = offset + len(data)
        self.touched = time.monotonic()
        self.written = time.time()


def unlink_files(record: Record) -> None:
    for path in (record.path, record.meta_path):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


async def release_shared(record: Record) -> None:
    """Release an upload in Redis, then delete its bytes, unless another socket
    (maybe of another process) took it over meanwhile: then they are its."""
    assert record.shared is not None
    if await record.shared.release(record.id, record.budget, record.holder):
        unlink_files(record)
