"""The few exceptions liveview raises."""

from __future__ import annotations


class LiveViewError(Exception):
    """Base class of every liveview exception."""


class ProtocolError(LiveViewError):
    """An inbound frame is not a valid liveview message.

    The text is safe to show to the client: it names what was wrong with the
    frame, never anything about the server.
    """


class FrameTooLarge(ProtocolError):
    """An inbound frame is over ``LIVEVIEW["MAX_MESSAGE_SIZE"]``."""


class HandlerTimeout(LiveViewError, TimeoutError):
    """A handler ran past ``LIVEVIEW["HANDLER_TIMEOUT"]``; its caller stopped waiting."""
