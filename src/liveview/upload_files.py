"""What a handler gets in ``content["files"]``, and who a socket's uploads belong to."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.datastructures import MultiValueDict, MultiValueDictKeyError

if TYPE_CHECKING:
    _File = UploadedFile[bytes]
else:
    _File = UploadedFile
#: What a handler finds in ``content["files"]``: input name → files.
Files = dict[str, list[_File]]


def upload_user(user: Any) -> str:
    """Who starts an upload, as recorded with it: a user's pk, "" when anonymous."""
    if user is not None and getattr(user, "is_authenticated", False):
        return str(user.pk)
    return ""


def upload_budget(user: Any, client: str) -> str:
    """Whose per-user upload budget a socket spends: its user's, else its client
    address's. Not a session's: anonymous sessions cost nothing to make, so a
    client would get a fresh budget with each."""
    if user is not None and getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    return "client:" + client


class UploadedFiles(MultiValueDict):  # type: ignore[type-arg]
    """``content["files"]``: ``files["avatar"]`` is the list of that input's files,
    and the rest is ``request.FILES``'s ``MultiValueDict``, so it goes to a form as
    ``MyForm(content["form"], content["files"])`` (widgets call ``get``, the last
    file, and ``getlist``)."""

    def __getitem__(self, key: str) -> list[_File]:
        if key not in self:
            raise MultiValueDictKeyError(key)
        return self.getlist(key)

    def get(self, key: str, default: Any = None) -> Any:
        values = self.getlist(key)
        return values[-1] if values else default


class SocketUploadedFile(_File):
    """A finished upload as handlers see it: a file on disk, like Django's
    ``TemporaryUploadedFile`` (``temporary_file_path()`` lets storages move it and
    ``ImageField`` open it by path instead of reading it into memory)."""

    def __init__(self, path: str, name: str, content_type: str, size: int) -> None:
        super().__init__(open(path, "rb"), name, content_type or None, size)  # noqa: SIM115
        self._path = path

    def temporary_file_path(self) -> str:
        return self._path

    def close(self) -> None:
        if self.file is not None:
            with contextlib.suppress(FileNotFoundError):  # moved away by a storage
                self.file.close()
