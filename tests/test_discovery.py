from __future__ import annotations

import logging
import sys

import pytest
from django.test import override_settings

from liveview.discovery import autodiscover


@pytest.fixture
def fake_app(tmp_path, monkeypatch, registry):
    package = tmp_path / "fakeapp"
    (package / "liveview_components").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "liveview_components" / "__init__.py").write_text("")
    (package / "liveview_components" / "shop.py").write_text(
        "from liveview import liveview_handler\n"
        "@liveview_handler('add_to_cart')\n"
        "def add_to_cart(consumer, content):\n    pass\n"
    )
    (package / "liveview_components" / "_private.py").write_text("raise RuntimeError('imported')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield package
    for name in [m for m in sys.modules if m.startswith("fakeapp")]:
        del sys.modules[name]


def test_autodiscover_imports_components_and_logs(fake_app, caplog, registry):
    with (
        override_settings(INSTALLED_APPS=["liveview", "fakeapp"]),
        caplog.at_level(logging.INFO, logger="liveview"),
    ):
        imported = autodiscover()
    assert imported == ["fakeapp.liveview_components.shop"]
    assert registry.get_handler("add_to_cart") is not None
    assert any("fakeapp.liveview_components.shop" in r.getMessage() for r in caplog.records)


def test_autodiscover_broken_module_raises(fake_app):
    (fake_app / "liveview_components" / "broken.py").write_text("import does_not_exist_xyz\n")
    # Changing INSTALLED_APPS re-runs ready(), which is where discovery raises.
    with (
        pytest.raises(ModuleNotFoundError, match="does_not_exist_xyz"),
        override_settings(INSTALLED_APPS=["liveview", "fakeapp"]),
    ):
        autodiscover()
