"""The browser history page: every update pushes a URL the view can render on its own."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string

from liveview import liveview_handler, send
from pages import catalogue


def _panel(step: int, lang: str = "en") -> str:
    context = {"step": step, "greeting": catalogue.GREETINGS[lang]}
    return render_to_string("pages/partials/history_panel.html", context)


def _step_of(content: dict[str, Any]) -> int | None:
    try:
        step = int(content["data"].get("step", ""))
    except ValueError:
        return None
    return step if 0 <= step < 1000 else None


@liveview_handler("history_step")
def history_step(consumer: Any, content: dict[str, Any]) -> None:
    step = _step_of(content)
    if step is None:
        return
    send(
        consumer,
        {
            "target": "#history-panel",
            "html": _panel(step),
            "url": f"/history/?step={step}",
            "title": f"Step {step} · Browser history · liveview demo",
        },
    )


@liveview_handler("history_lang")
def history_lang(consumer: Any, content: dict[str, Any]) -> None:
    lang = content["data"].get("lang")
    if lang not in catalogue.GREETINGS:
        return
    send(
        consumer,
        {
            "target": "#history-panel",
            "html": _panel(0, lang),
            "url": f"/history/?lang={lang}",
            "title": f"{catalogue.GREETINGS[lang]} · Browser history · liveview demo",
            # <html lang> is the page's, not a region's: a script changes it.
            "script": f'document.documentElement.lang = "{lang}";',
        },
    )


@liveview_handler("history_remove_note")
def history_remove_note(consumer: Any, content: dict[str, Any]) -> None:
    send(
        consumer,
        {
            "target": "#history-note",
            "remove": True,
            "url": "/history/?note=removed",
            "title": "Note removed · Browser history · liveview demo",
        },
    )


@liveview_handler("history_many")
def history_many(consumer: Any, content: dict[str, Any]) -> None:
    try:
        count = min(int(content["data"].get("count", "")), 200)
    except ValueError:
        return
    for n in range(1, count + 1):
        step = 100 + n
        send(
            consumer,
            {"target": "#history-panel", "html": _panel(step), "url": f"/history/?step={step}"},
        )
