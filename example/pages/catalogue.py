"""Fixed data the demo pages and their handlers share (no database needed)."""

from __future__ import annotations

import json

FLAVOURS = ["vanilla", "chocolate", "pistachio"]
CHATS = ("general", "random", "help")
TOPPINGS = ["nuts", "cream", "cherry", "sprinkles"]

COMMENTS = [
    {"id": 123, "author": "Ada", "text": "Server-rendered HTML over a socket: neat."},
    {"id": 456, "author": "Grace", "text": "No JavaScript to write for this page."},
]

FRUITS = sorted(
    [
        "apple", "apricot", "avocado", "banana", "blackberry", "blueberry", "cherry",
        "coconut", "cranberry", "date", "fig", "grape", "grapefruit", "guava", "kiwi",
        "lemon", "lime", "lychee", "mango", "melon", "nectarine", "orange", "papaya",
        "peach", "pear", "pineapple", "plum", "pomegranate", "raspberry", "strawberry",
    ]
)  # fmt: skip

FEED_PAGE_SIZE = 20
FEED_PAGES = 5


def feed_page(page: int) -> list[str]:
    """The items of one page of the infinite feed (1-based)."""
    first = (page - 1) * FEED_PAGE_SIZE + 1
    return [f"Post number {n}" for n in range(first, first + FEED_PAGE_SIZE)]


BOARD_SIZE = 5
BOARD_START = (2, 2)


def board(position: tuple[int, int]) -> list[bool]:
    """Cells of the keyboard page's board, row by row; True where the dot is."""
    row, column = position
    return [r == row and c == column for r in range(BOARD_SIZE) for c in range(BOARD_SIZE)]


#: Every key name a keyboard map accepts, some letters and digits, and modifier combinations.
TESTER_KEYS = [
    "esc", "enter", "space", "tab", "up", "down", "left", "right", "home", "end",
    "page_up", "page_down", "a", "z", "0", "9",
    "ctrl+k", "alt+x", "meta+m", "shift+q", "ctrl+shift+p", "ctrl+alt+meta+shift+y",
]  # fmt: skip


def key_function(combo: str) -> str:
    """The handler a key tester entry calls: "ctrl+shift+p" → "key_ctrl_shift_p"."""
    return "key_" + combo.replace("+", "_")


def key_tester_map() -> str:
    return json.dumps({combo: key_function(combo) for combo in TESTER_KEYS})


GREETINGS = {"en": "Hello", "fr": "Bonjour", "es": "Hola", "de": "Hallo"}

#: URLs a (buggy or hostile) server might push; the client refuses every one of them.
BAD_URLS = {
    "javascript": "javascript:alert(document.domain)",
    "protocol-relative": "//evil.example/phish",
    "other-origin": "https://evil.example/",
    "data": "data:text/html,<script>alert(1)</script>",
    "control-characters": "java\nscript:alert(1)",
    "backslashes": "\\\\evil.example/phish",
}
