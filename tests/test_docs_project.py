"""The docs' tests of a user's ``myapp`` and ``myproject`` pass in such a project.

The project is put together from the docs themselves: settings and ``asgi.py`` from
installation.md, the ``say_hello`` handler from handlers.md, the test settings and the
pytest configuration from testing.md. Only what every Django project has anyway and the
docs leave out (``SECRET_KEY``, ``DATABASES``, ``manage.py``) is written here. The tests
run in a pytest of their own, as in the user's checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.docs_examples import blocks, example

#: (page, index) of each test example, with what it must hold, and the test it defines.
USER_TESTS = {
    ("handlers.md", 3): ("myapp.liveview_components.hello", "test_say_hello"),
    ("handlers.md", 4): ("myproject.asgi", "test_round_trip"),
    ("testing.md", 3): ("myapp.liveview_components.hello", "test_say_hello"),
    ("testing.md", 4): ("LiveViewCommunicator(application)", "test_say_hello_round_trip"),
    ("testing.md", 5): ('"/ws/liveview/test-room/"', "test_say_hello"),
}

MANAGE_PY = """\
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "myproject.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
"""

#: What a generated settings.py has and the docs' fragments leave out.
PROJECT_SETTINGS = """\
SECRET_KEY = "docs-example-project"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def make_project(root: Path) -> list[str]:
    """Write the docs' project under ``root``; return the node ids of its tests."""
    write(root / "manage.py", MANAGE_PY)
    (pytest_config,) = blocks("testing.md", "toml")
    write(root / "pyproject.toml", pytest_config)
    write(
        root / "myproject" / "settings.py",
        "\n".join(
            [
                example("installation.md", 0, contains='"myapp"'),
                example("installation.md", 1, contains="InMemoryChannelLayer"),
                PROJECT_SETTINGS,
            ]
        ),
    )
    write(root / "myproject" / "settings_test.py", example("testing.md", 6, contains="ALLOWED"))
    write(root / "myproject" / "asgi.py", example("installation.md", 4, contains="URLRouter"))
    write(root / "myproject" / "__init__.py", "")
    write(root / "myapp" / "__init__.py", "")
    write(root / "myapp" / "liveview_components" / "__init__.py", "")
    write(
        root / "myapp" / "liveview_components" / "hello.py",
        example("handlers.md", 0, contains='@liveview_handler("say_hello")'),
    )
    node_ids = []
    for (page, index), (contains, test_name) in USER_TESTS.items():
        test_file = f"test_{page.removesuffix('.md')}_{index}.py"
        write(root / test_file, example(page, index, contains=contains))
        node_ids.append(f"{test_file}::{test_name}")
    return node_ids


def test_user_project_tests_from_the_docs_pass(tmp_path):
    node_ids = make_project(tmp_path)
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DJANGO_SETTINGS_MODULE", "PYTHONPATH", "PYTEST_ADDOPTS"}
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-rA", "-p", "no:cacheprovider", "-p", "no:randomly"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=100,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for node_id in node_ids:
        assert f"PASSED {node_id}" in result.stdout, result.stdout
    assert f"{len(node_ids)} passed" in result.stdout, result.stdout
