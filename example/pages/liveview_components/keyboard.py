"""The keyboard page: a dot moved by a page-wide map, a scoped editor and a key tester."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.html import format_html

from liveview import liveview_handler, liveview_registry, send
from pages import catalogue
from pages.connection_state import bump, state_of

_MOVES = {"move_up": (-1, 0), "move_down": (1, 0), "move_left": (0, -1), "move_right": (0, 1)}


def _move(consumer: Any, content: dict[str, Any], name: str) -> None:
    state = state_of(consumer)
    row, column = state.get("dot", catalogue.BOARD_START)
    d_row, d_column = _MOVES[name]
    last = catalogue.BOARD_SIZE - 1
    position = (min(max(row + d_row, 0), last), min(max(column + d_column, 0), last))
    state["dot"] = position
    html = render_to_string(
        "pages/partials/board.html",
        {"board": catalogue.board(position), "row": position[0] + 1, "column": position[1] + 1},
    )
    send(consumer, {"target": "#board-area", "html": html})


def _make_move(name: str) -> Any:
    def move(consumer: Any, content: dict[str, Any]) -> None:
        _move(consumer, content, name)

    move.__name__ = move.__qualname__ = name
    return move


for _name in _MOVES:
    liveview_registry.register(_name)(_make_move(_name))


@liveview_handler("save_note")
def save_note(consumer: Any, content: dict[str, Any]) -> None:
    note = str(content["form"].get("note", ""))[:500]
    html = format_html('Saved: “<span class="saved">{}</span>”', note)
    send(consumer, {"target": "#note-status", "html": html})


@liveview_handler("close_note")
def close_note(consumer: Any, content: dict[str, Any]) -> None:
    send(consumer, {"target": "#note-status", "html": "Closed without saving."})


def _make_key_handler(combo: str) -> Any:
    def key_pressed(consumer: Any, content: dict[str, Any]) -> None:
        send(consumer, {"target": "#last-key", "html": format_html("{}", combo)})

    key_pressed.__name__ = key_pressed.__qualname__ = catalogue.key_function(combo)
    return key_pressed


# One handler per key of the tester, registered without the decorator.
for _combo in catalogue.TESTER_KEYS:
    liveview_registry.register(catalogue.key_function(_combo))(_make_key_handler(_combo))


@liveview_handler("insert_shortcut_panel")
def insert_shortcut_panel(consumer: Any, content: dict[str, Any]) -> None:
    html = (
        '<div id="shortcut-panel" class="box" data-liveview-keyboard-map=\'{"x": "panel_shortcut"}\'>'
        "Inserted by the server: click here, then press X.</div>"
    )
    send(consumer, {"target": "#panel-slot", "html": html})


@liveview_handler("panel_shortcut")
def panel_shortcut(consumer: Any, content: dict[str, Any]) -> None:
    count = bump(consumer, "panel")
    send(
        consumer, {"target": "#panel-result", "html": f"X pressed in the inserted panel ({count})."}
    )
