"""Every Python example in README.md and docs/ is valid Python, and those that stand
on their own are executed (with Django set up and a clean handler registry)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```python\n(.*?)```", re.S)

#: Examples that are read, not run: fragments of a user's project (``myapp``,
#: ``myproject``), settings reading environment variables the page does not import,
#: or code that starts threads or needs a browser. Each is still parsed. Keyed by
#: page and the example's position on the page; shrink this list, never grow it.
NOT_EXECUTED = {
    ("broadcasting.md", 1): "awaits at top level (inside a handler in real code)",
    ("broadcasting.md", 2): "starts a background thread",
    ("deployment.md", 0): "settings fragment using os.environ",
    ("deployment.md", 1): "settings fragment using os.environ",
    ("deployment.md", 2): "settings fragment using os.environ",
    ("deployment.md", 3): "wraps the project's asgi application",
    ("handlers.md", 1): "fragment continuing the previous example",
    ("handlers.md", 2): "fragment continuing the previous example",
    ("handlers.md", 3): "tests a user's myapp",
    ("handlers.md", 4): "tests a user's myproject",
    ("testing.md", 3): "tests a user's myapp",
    ("testing.md", 4): "tests a user's myproject",
    ("testing.md", 5): "tests a user's myproject",
    ("testing.md", 7): "drives a browser (Playwright's page fixture)",
}


def examples():
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for index, match in enumerate(BLOCK.finditer(page.read_text())):
            yield pytest.param(page.name, index, match[1], id=f"{page.name}#{index}")


EXAMPLES = list(examples())


def test_exemptions_name_existing_examples():
    present = {(p.values[0], p.values[1]) for p in EXAMPLES}
    assert set(NOT_EXECUTED) <= present


@pytest.mark.django_db
@pytest.mark.parametrize(("page", "index", "code"), EXAMPLES)
def test_example_runs(page, index, code, registry):
    tree = compile(
        code, f"{page}#{index}", "exec", ast.PyCF_ALLOW_TOP_LEVEL_AWAIT | ast.PyCF_ONLY_AST
    )
    if (page, index) in NOT_EXECUTED:
        return
    exec(compile(tree, f"{page}#{index}", "exec"), {"__name__": f"docs_example_{index}"})
