"""The code blocks of README.md and docs/, for the tests that run them."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def blocks(page: str, language: str = "python") -> list[str]:
    """The ``language`` code blocks of README.md or docs/<page>, in page order."""
    path = ROOT / page if page == "README.md" else ROOT / "docs" / page
    return re.findall(rf"```{language}\n(.*?)```", path.read_text(), re.S)


def example(page: str, index: int, *, contains: str) -> str:
    """Python block ``index`` of ``page``; ``contains`` catches a block that moved."""
    code = blocks(page)[index]
    assert contains in code, f"{page}#{index} no longer holds {contains!r}: renumber its test"
    return code
