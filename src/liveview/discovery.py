"""Imports ``<app>/liveview_components/*.py`` of every installed app.

Runs from ``LiveViewConfig.ready()``, so it happens wherever Django is set up:
``runserver``, and ``get_asgi_application()`` in uvicorn, daphne or hypercorn
workers. A module that fails to import raises, as the admin's autodiscover does.
"""

from __future__ import annotations

import logging
import pkgutil
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

logger = logging.getLogger(__name__)

PACKAGE = "liveview_components"


def autodiscover() -> list[str]:
    """Import every handler module; return their dotted names in import order."""
    imported: list[str] = []
    for app_config in apps.get_app_configs():
        package_name = f"{app_config.name}.{PACKAGE}"
        if find_spec(package_name) is None:
            continue
        package = import_module(package_name)
        if not hasattr(package, "__path__"):  # a single liveview_components.py module
            imported.append(package_name)
            logger.info("Imported liveview handlers from %s.", package_name)
            continue
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
            if info.name.startswith("_"):
                continue
            module_name = f"{package_name}.{info.name}"
            import_module(module_name)
            imported.append(module_name)
            logger.info("Imported liveview handlers from %s.", module_name)
    return imported
