"""The wire protocol: message types in both directions, parsing and encoding.

Inbound frames are validated here, once; the consumer and handlers trust what
``parse`` returns. Keys are converted from camelCase to snake_case recursively
in the same walk that enforces the depth and key-count limits, so the documented
conversion costs one pass over the message.
"""

from __future__ import annotations

import json
import re
from typing import Any, Literal, TypedDict, final

from liveview.exceptions import ProtocolError
from liveview.navigation import clean_path

try:  # orjson is a dependency on CPython; it roughly halves encode/decode time.
    import orjson

    HAVE_ORJSON = True
except ImportError:  # other interpreters: the standard library's json
    HAVE_ORJSON = False


# Client → server -------------------------------------------------------------


@final
class ClientMessage(TypedDict, total=False):
    """What a handler receives as ``content`` (keys already snake_case)."""

    function: str
    form: dict[str, Any]
    data: dict[str, Any]
    lang: str
    room: str
    form_id: str
    ref: str
    replay: bool
    #: Input name → upload ids as sent; the dispatcher replaces them with Django
    #: ``UploadedFile`` objects before the handler runs (upload_socket.py).
    files: dict[str, Any]
    upload: str


class UploadCancel(TypedDict, total=False):
    """Drop upload ``id``: its input's files were replaced before the action ran."""

    upload: Literal["cancel"]
    id: str
    function: str


class UploadStart(TypedDict, total=False):
    """Start an upload (``id`` absent) or resume one (``id`` given). Answered with an
    ``UploadReply`` carrying the same ``key``."""

    upload: Literal["start"]
    key: str
    id: str
    #: With ``id``: the secret the start's reply gave (lets a resume survive a login).
    resume: str
    function: str
    field: str
    name: str
    size: int
    type: str


@final
class Navigate(TypedDict):
    """The tab now shows another page (a live navigation, Back or Forward): its path
    and query string. Never given to a handler; it sets ``consumer.path``."""

    navigate: str


# Server → client -------------------------------------------------------------


class Update(TypedDict, total=False):
    """One DOM update; every key is optional and several may be combined."""

    target: str
    html: str
    append: bool
    remove: bool
    url: str
    title: str
    scroll: str
    scrollTop: bool
    script: str
    event: str
    eventData: Any
    morph: bool  # False: replace the target's content instead of morphing it


class Build(TypedDict):
    """Sent once after the handshake when the page was rendered by another build than
    the server's (navigation.py): the tab reloads at its next safe moment."""

    build: str


class ErrorMessage(TypedDict, total=False):
    """A handler failed, the function is unknown, or a frame was invalid."""

    error: str
    function: str
    ref: str


class Ack(TypedDict, total=False):
    """The message with ref ``ack`` has been handled (whatever the handler sent,
    including nothing); ``duplicate``: it had been handled before and was not run again."""

    ack: str
    duplicate: bool


class UploadReply(TypedDict, total=False):
    """About upload ``upload``: the offset to send from (after a start, a resume or
    a chunk), or ``uploadError`` (the upload is gone). ``key`` echoes a start's."""

    upload: str
    key: str
    offset: int
    size: int
    #: In the reply to a new start only: the upload's resume secret (``UploadStart``).
    resume: str
    uploadError: str


# Channel-layer events (server ↔ server) ----------------------------------------


class GroupEvent(TypedDict, total=False):
    """What hubs (hub.py) and ``push()`` send each other through the channel layer:
    a frame for every member of ``group``, or an action applied to each of them."""

    type: Literal["liveview.group"]
    group: str
    origin: str
    text: str
    action: Literal["revoke"]
    seq: list[Any]  # [epoch, number] in the log shared through Redis (feed_redis.py)


# Encoding --------------------------------------------------------------------

_std_encoder = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))

if HAVE_ORJSON:

    def dumps(data: Any) -> str:
        """Encode ``data`` as compact JSON text.

        What orjson refuses and the standard library accepts (integer dict keys,
        integers over 64 bits) is encoded by the standard library, so handlers
        written for ``json.dumps`` keep working.
        """
        try:
            return orjson.dumps(data).decode()
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            return _std_encoder.encode(data)

    def _loads(text: str) -> Any:
        return orjson.loads(text)

    _DecodeErrors: tuple[type[Exception], ...] = (orjson.JSONDecodeError, RecursionError)
else:
    _decoder = json.JSONDecoder()

    def dumps(data: Any) -> str:
        """Encode ``data`` as compact JSON text."""
        return _std_encoder.encode(data)

    def _loads(text: str) -> Any:
        return _decoder.decode(text)

    _DecodeErrors = (ValueError, RecursionError)


MAX_REF_LENGTH = 64


def ack(ref: str, duplicate: bool = False) -> str:
    """The encoded acknowledgement of ``ref``."""
    message: Ack = {"ack": ref, "duplicate": True} if duplicate else {"ack": ref}
    return dumps(message)


# camelCase → snake_case --------------------------------------------------------

_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])|(?<=[A-Z])([A-Z])(?=[a-z])")
_SNAKE_CACHE: dict[str, str] = {}
#: Keys longer than this are converted every time, never cached: keys come from
#: clients, and one unique 60 KB key per frame must not pin 60 KB per frame.
SNAKE_CACHE_KEY_MAX = 64
#: Characters (keys plus their conversions) the cache holds at most, about 0.5 MB.
SNAKE_CACHE_CHARS_MAX = 256 * 1024
_snake_cache_chars = 0


def to_snake(key: str) -> str:
    """``commentId`` → ``comment_id``; ``HTMLParser`` → ``html_parser``; snake stays."""
    global _snake_cache_chars
    cached = _SNAKE_CACHE.get(key)
    if cached is not None:
        return cached
    result = key
    if key.lower() != key:  # only keys with capitals change
        result = _CAMEL.sub(lambda match: "_" + (match.group(1) or match.group(2)), key).lower()
    if len(key) <= SNAKE_CACHE_KEY_MAX:
        size = len(key) + len(result)
        if _snake_cache_chars + size <= SNAKE_CACHE_CHARS_MAX:
            _SNAKE_CACHE[key] = result
            _snake_cache_chars += size
    return result


def snake_cache_chars() -> int:
    """Characters held by the key cache (keys and conversions), for tests and metrics."""
    return _snake_cache_chars


_TOO_MANY = "message has too many keys and array items"


class _Walker:
    """Converts keys recursively while counting depth and nodes (one pass, no copies
    of scalar values; the per-message cost of the documented conversion).

    Every object key and every array item is one node against ``max_keys``, empty
    containers included: ``[[],[],...]`` costs as much as ``{"a":1,"b":1,...}``, so a
    64 KB frame cannot expand into megabytes of Python objects.
    """

    __slots__ = ("keys_left", "max_depth")

    def __init__(self, max_depth: int, max_keys: int) -> None:
        self.max_depth = max_depth
        self.keys_left = max_keys

    def object(self, value: dict[str, Any], depth: int) -> dict[str, Any]:
        if depth >= self.max_depth:
            raise ProtocolError(f"message nested deeper than {self.max_depth} levels")
        self.keys_left -= len(value)
        if self.keys_left < 0:
            raise ProtocolError(_TOO_MANY)
        cache = _SNAKE_CACHE
        result = {}
        for key, item in value.items():
            kind = type(item)
            if kind is dict:
                item = self.object(item, depth + 1)
            elif kind is list:
                item = self.array(item, depth + 1)
            result[cache.get(key) or to_snake(key)] = item
        return result

    def array(self, value: list[Any], depth: int) -> list[Any]:
        if depth >= self.max_depth:
            raise ProtocolError(f"message nested deeper than {self.max_depth} levels")
        self.keys_left -= len(value)
        if self.keys_left < 0:
            raise ProtocolError(_TOO_MANY)
        result = []
        for item in value:
            kind = type(item)
            if kind is dict:
                item = self.object(item, depth + 1)
            elif kind is list:
                item = self.array(item, depth + 1)
            result.append(item)
        return result


def parse(text: str, *, max_depth: int = 32, max_keys: int = 1000) -> ClientMessage | Navigate:
    """Decode and validate one inbound text frame.

    Returns the message with snake_case keys, ``form`` and ``data`` always dicts,
    and for every ``data`` key written ``data_x`` (what ``data-data-x`` becomes)
    also the documented ``x``; or a ``Navigate`` for a frame without ``function``
    that has ``navigate``. Raises ``ProtocolError`` with a client-safe text.
    """
    try:
        raw = _loads(text)
    except _DecodeErrors:
        raise ProtocolError("invalid JSON") from None
    if not isinstance(raw, dict):
        raise ProtocolError(f"expected a JSON object, got {_json_type(raw)}")
    if "navigate" in raw and "function" not in raw:
        path = clean_path(raw["navigate"] if isinstance(raw["navigate"], str) else None)
        if path is None:
            raise ProtocolError("'navigate' must be a path starting with '/'")
        return {"navigate": path}
    function = raw.get("function")
    if not isinstance(function, str) or not function:
        raise ProtocolError("'function' must be a non-empty string")
    ref = raw.get("ref")
    if ref is not None and (not isinstance(ref, str) or not 0 < len(ref) <= MAX_REF_LENGTH):
        raise ProtocolError(f"'ref' must be a string of 1 to {MAX_REF_LENGTH} characters")
    if not isinstance(raw.get("replay", False), bool):
        raise ProtocolError("'replay' must be true or false")
    for key in ("form", "data"):
        if raw.get(key) is None:
            raw[key] = {}
        elif not isinstance(raw[key], dict):
            raise ProtocolError(f"'{key}' must be an object, got {_json_type(raw[key])}")
    files = raw.get("files")
    if files is not None and not (
        isinstance(files, dict)
        and all(
            isinstance(ids, list) and all(isinstance(i, str) and len(i) <= 64 for i in ids)
            for ids in files.values()
        )
    ):
        raise ProtocolError("'files' must map input names to lists of upload ids")
    content: dict[str, Any] = _Walker(max_depth, max_keys).object(raw, 0)
    data = content["data"]
    for key in [k for k in data if k.startswith("data_")]:
        data.setdefault(key[5:], data[key])
    return content  # type: ignore[return-value]


#: Longest file name and MIME type an upload may declare.
MAX_UPLOAD_NAME = 255


def upload_start(message: ClientMessage) -> UploadStart:
    """Check a parsed ``{"upload": "start", ...}`` message. Raises ``ProtocolError``."""
    raw: dict[str, Any] = dict(message)
    if raw.get("upload") != "start":
        raise ProtocolError("'upload' must be \"start\"")
    key = raw.get("key")
    if not isinstance(key, str) or not 0 < len(key) <= MAX_REF_LENGTH:
        raise ProtocolError(f"'key' must be a string of 1 to {MAX_REF_LENGTH} characters")
    for name in ("field", "name", "type"):
        value = raw.get(name, "")
        if not isinstance(value, str) or len(value) > MAX_UPLOAD_NAME:
            raise ProtocolError(
                f"'{name}' must be a string of at most {MAX_UPLOAD_NAME} characters"
            )
    if not raw.get("field") or not raw.get("name"):
        raise ProtocolError("'field' and 'name' must not be empty")
    size = raw.get("size")
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise ProtocolError("'size' must be a non-negative integer")
    upload_id = raw.get("id")
    if upload_id is not None and (not isinstance(upload_id, str) or len(upload_id) > 64):
        raise ProtocolError("'id' must be an upload id")
    secret = raw.get("resume", "")
    if not isinstance(secret, str) or len(secret) > 64:
        raise ProtocolError("'resume' must be a resume secret")
    return raw  # type: ignore[return-value]


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "object", list: "array", str: "string", bool: "boolean"}.get(
        type(value), "number"
    )
