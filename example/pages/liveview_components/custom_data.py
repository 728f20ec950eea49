"""The custom data page: data-data-comment-id reaches the handler under two keys."""

from __future__ import annotations

import json
from typing import Any

from django.utils.html import escape

from liveview import liveview_handler, send
from pages import catalogue
from pages.connection_state import bump

_COMMENT_IDS = {str(comment["id"]) for comment in catalogue.COMMENTS}


@liveview_handler("like_comment")
def like_comment(consumer: Any, content: dict[str, Any]) -> None:
    data = content["data"]
    comment_id = str(data.get("comment_id", ""))
    # The id becomes part of a CSS selector: accept only ids of this page.
    if comment_id not in _COMMENT_IDS:
        return
    likes = bump(consumer, f"likes-{comment_id}")
    send(consumer, {"target": f"#likes-{comment_id}", "html": str(likes)})
    text = json.dumps(data, indent=2, sort_keys=True)
    send(consumer, {"target": "#data-result", "html": escape(text)})
