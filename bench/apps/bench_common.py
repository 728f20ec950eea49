"""The work every server does, shared verbatim by the three benchmark servers.

``render_greeting`` builds the ~1 KB HTML fragment that ``say_hello`` sends to
``#greeting``. It is plain Python (no template engine), so the benchmark measures
the framework around it, not Django's template language.
"""

from __future__ import annotations

from html import escape
from typing import Any

_ITEMS = "".join(
    f'<li class="greeting__item" data-index="{i}">Item number {i} of the greeting list</li>'
    for i in range(8)
)


def render_greeting(content: dict[str, Any]) -> str:
    """About 1 KB of HTML greeting ``content["form"]["name"]``."""
    form = content.get("form") or {}
    data = content.get("data") or {}
    name = escape(str(form.get("name") or "World"))
    seq = escape(str(data.get("seq") or data.get("data_seq") or "0"))
    return (
        f'<section class="greeting" data-seq="{seq}">'
        f'<h2 class="greeting__title">Hello, {name}!</h2>'
        f'<p class="greeting__text">This fragment was rendered on the server for {name} '
        f"and sent over a WebSocket as one JSON update.</p>"
        f'<ul class="greeting__list">{_ITEMS}</ul>'
        f'<footer class="greeting__footer">Request number {seq}.</footer>'
        f"</section>"
    )


HELLO_TARGET = "#greeting"


def hello_update(content: dict[str, Any]) -> dict[str, str]:
    """The update dict ``say_hello`` sends: ``{"target": "#greeting", "html": ...}``."""
    return {"target": HELLO_TARGET, "html": render_greeting(content)}
