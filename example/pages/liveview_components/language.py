"""The language page: the handler reports the lang its message carried."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html

from liveview import liveview_handler, send
from pages import catalogue


@liveview_handler("show_lang")
def show_lang(consumer: Any, content: dict[str, Any]) -> None:
    lang = str(content.get("lang", ""))[:20]
    source = str(content["data"].get("source", ""))[:20]
    greeting = catalogue.GREETINGS.get(lang.split("-")[0], "Hello")
    html = format_html(
        '{}! The server received <code class="lang" data-source="{}">lang = {}</code> ({}).',
        greeting,
        source,
        lang,
        source,
    )
    target = "#lang-init" if source == "init" else "#lang-result"
    send(consumer, {"target": target, "html": html})
