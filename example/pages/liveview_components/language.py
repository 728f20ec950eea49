"""The language page: the handler reports the lang its message carried, and speaks it.

liveview activates the message's ``lang`` around the handler, so ``gettext`` and
``{% trans %}`` use the page's language (catalogs in pages/locale).
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import get_language, gettext

from liveview import liveview_handler, send


@liveview_handler("show_lang")
def show_lang(consumer: Any, content: dict[str, Any]) -> None:
    lang = str(content.get("lang", ""))[:20]
    source = str(content["data"].get("source", ""))[:20]
    html = format_html(
        '{}! The server received <code class="lang" data-source="{}">lang = {}</code> ({}) '
        'and activated <code class="active">{}</code>. {}',
        gettext("Hello"),
        source,
        lang,
        source,
        get_language(),
        render_to_string("pages/partials/translated.html"),
    )
    target = "#lang-init" if source == "init" else "#lang-result"
    send(consumer, {"target": target, "html": html})
