"""What a ``LiveClient`` raises. Each is an ``AssertionError``: in a test it is a failure,
and its message ends with the last frames the client received."""

from __future__ import annotations

import json
from typing import Any

#: Frames quoted at the end of a failure message.
FRAMES_SHOWN = 5


class LiveClientError(AssertionError):
    """A ``LiveClient`` action could not do what a browser would have done."""

    def __init__(self, message: str, frames: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.frames: list[dict[str, Any]] = list(frames or [])

    def __str__(self) -> str:
        if not self.frames:
            return f"{self.message}\nno frames received yet"
        shown = self.frames[-FRAMES_SHOWN:]
        lines = [self.message, f"last {len(shown)} of {len(self.frames)} frames received:"]
        lines += [f"  {_short(frame)}" for frame in shown]
        return "\n".join(lines)


class ElementNotFound(LiveClientError):
    """No element of the page matches the selector."""

    def __init__(self, css: str, suggestions: list[str] | None = None) -> None:
        message = f"no element matches {css!r}"
        if suggestions:
            message += " (did you mean " + " or ".join(repr(s) for s in suggestions) + "?)"
        super().__init__(message)
        self.css = css


class NothingSent(LiveClientError):
    """The action would make the browser send nothing (no binding, no function)."""


class ServerError(LiveClientError):
    """The server answered the action with an ``error`` frame."""


class NotConnected(LiveClientError):
    """The client has no open socket (not yet connected, dropped, or refused)."""


class WaitTimeout(LiveClientError):
    """A wait ended before what it waited for happened."""


def _short(frame: dict[str, Any], limit: int = 200) -> str:
    text = json.dumps(frame, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"
