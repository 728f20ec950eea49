"""The form values page: shows exactly what content["form"] held."""

from __future__ import annotations

import json
from typing import Any

from django.utils.html import escape

from liveview import liveview_handler, send


@liveview_handler("show_form")
def show_form(consumer: Any, content: dict[str, Any]) -> None:
    received: dict[str, Any] = {
        "strategy": content["data"].get("strategy"),
        "form": content["form"],
    }
    if "form_id" in content:
        received["form_id"] = content["form_id"]
    text = json.dumps(received, indent=2, sort_keys=True)
    send(consumer, {"target": "#form-result", "html": escape(text)})
