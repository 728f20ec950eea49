"""What a handler accepts as files: declarations, the ``accept`` check and the image sniff.

A handler declares its file inputs next to itself::

    @liveview_handler("save_profile", uploads={"avatar": Upload(max_size=2_000_000, accept="image/*")})

Without a declaration a handler accepts any file input with the defaults,
``LIVEVIEW["UPLOAD_MAX_FILE_SIZE"]`` (10 MB) per file and ``LIVEVIEW["UPLOAD_MAX_FILES"]``
(10) per call. With one, only the declared inputs are accepted. Everything here is
checked when an upload starts (name, type, declared size, count) and on its first
bytes (the image sniff), before anything is written.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

#: Bytes of a chunk the browser sends (the binary frame adds a 24-byte header).
CHUNK_SIZE = 64 * 1024
#: Header of a binary chunk frame: 16 bytes of upload id, 8 of offset (big-endian).
HEADER_SIZE = 24


@dataclass(frozen=True)
class Upload:
    """The files one input of a handler accepts.

    ``max_size``: bytes per file (None: ``LIVEVIEW["UPLOAD_MAX_FILE_SIZE"]``).
    ``max_files``: files per call (None: ``LIVEVIEW["UPLOAD_MAX_FILES"]``).
    ``accept``: as the HTML attribute, e.g. ``"image/*"`` or ``".pdf,application/pdf"``;
    empty accepts any type. Image types are checked against the file's first bytes too.
    """

    max_size: int | None = None
    max_files: int | None = None
    accept: str = ""

    def __post_init__(self) -> None:
        for name in ("max_size", "max_files"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value <= 0):
                raise TypeError(
                    f"Upload({name}=...) must be a positive int or None, got {value!r}."
                )
        if not isinstance(self.accept, str):
            raise TypeError(
                f"Upload(accept=...) must be a str like 'image/*', got {self.accept!r}."
            )


@dataclass(frozen=True)
class Limits:
    """An input's effective limits, defaults filled in (what the page is told too)."""

    max_size: int
    max_files: int
    accept: str


Uploads = Mapping[str, Upload]


def limits_for(uploads: Uploads | None, field: str, max_size: int, max_files: int) -> Limits | None:
    """The limits of ``field`` for a handler declaring ``uploads`` (None: undeclared
    handler, defaults apply); None when the handler declares uploads but not this field."""
    if uploads is None:
        return Limits(max_size, max_files, "")
    upload = uploads.get(field)
    if upload is None:
        return None
    return Limits(
        upload.max_size if upload.max_size is not None else max_size,
        upload.max_files if upload.max_files is not None else max_files,
        upload.accept,
    )


def check_uploads(uploads: object) -> Uploads | None:
    """Validate a handler's ``uploads=`` argument at registration."""
    if uploads is None:
        return None
    if not isinstance(uploads, Mapping) or not all(
        isinstance(k, str) and k and isinstance(v, Upload) for k, v in uploads.items()
    ):
        raise TypeError(
            f"uploads= must map input names to Upload(...) objects, e.g. "
            f"{{'avatar': Upload(accept='image/*')}}, got {uploads!r}."
        )
    return dict(uploads)


# accept ---------------------------------------------------------------------------

#: What each sniffed image format is called, by its first bytes.
_IMAGE_MAGIC: tuple[tuple[bytes, int, str, tuple[str, ...]], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png", (".png",)),
    (b"\xff\xd8\xff", 0, "image/jpeg", (".jpg", ".jpeg", ".jfif")),
    (b"GIF87a", 0, "image/gif", (".gif",)),
    (b"GIF89a", 0, "image/gif", (".gif",)),
    (b"WEBP", 8, "image/webp", (".webp",)),
    (b"BM", 0, "image/bmp", (".bmp",)),
)
_IMAGE_EXTENSIONS = {ext for *_, exts in _IMAGE_MAGIC for ext in exts}
_IMAGE_MIMES = {mime for _, _, mime, _ in _IMAGE_MAGIC}


def _tokens(accept: str) -> list[str]:
    return [t.strip().lower() for t in accept.split(",") if t.strip()]


def _mime_matches(token: str, mime: str) -> bool:
    if token.endswith("/*"):
        return mime.startswith(token[:-1])
    return token == mime


def accepts(accept: str, name: str, mime: str) -> bool:
    """Whether a file called ``name`` of type ``mime`` (as the browser says) is accepted.

    Both must agree with ``accept``: an extension token needs the name's extension,
    a MIME token the type; a list with both kinds is satisfied by either kind, as in
    the browser's file picker, but a name and type that contradict each other
    (``photo.png`` sent as ``application/pdf``) match nothing.
    """
    tokens = _tokens(accept)
    if not tokens:
        return True
    ext = os.path.splitext(name)[1].lower()
    mime = mime.lower()
    ext_tokens = [t for t in tokens if t.startswith(".")]
    mime_tokens = [t for t in tokens if not t.startswith(".")]
    by_ext = ext in ext_tokens
    by_mime = any(_mime_matches(t, mime) for t in mime_tokens)
    if ext in _IMAGE_EXTENSIONS and mime and not mime.startswith("image/"):
        return False
    return by_ext or by_mime


def needs_sniff(accept: str, name: str, mime: str) -> bool:
    """Whether the first bytes must prove a raster image: the file claims to be one,
    or the input accepts only images (an SVG passes only where ``accept`` names it:
    it is a document that can carry scripts, not something to let in by ``image/*``)."""
    ext = os.path.splitext(name)[1].lower()
    mime = mime.lower()
    if mime in _IMAGE_MIMES or ext in _IMAGE_EXTENSIONS:
        return True
    tokens = _tokens(accept)
    if ext == ".svg" and (".svg" in tokens or "image/svg+xml" in tokens):
        return False
    return bool(tokens) and all(t.startswith("image/") or t in _IMAGE_EXTENSIONS for t in tokens)


def sniff_image(head: bytes, accept: str) -> str | None:
    """The image type ``head`` (a file's first bytes) starts with, if ``accept``
    allows it; None otherwise (not an image we recognise, or not an accepted one)."""
    for magic, at, mime, exts in _IMAGE_MAGIC:
        if head[at : at + len(magic)] == magic:
            if mime == "image/webp" and head[:4] != b"RIFF":
                continue
            tokens = _tokens(accept)
            if not tokens or any(_mime_matches(t, mime) or t in exts for t in tokens):
                return mime
            return None
    return None
