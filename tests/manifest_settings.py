"""The demo's settings with ``ManifestStaticFilesStorage``: no ``BUILD_ID``, so the build
identifier is the hash of the manifest ``collectstatic`` wrote into ``DEMO_STATIC_ROOT``. A
deploy is ``collectstatic`` into a new root (``DEMO_STATIC_EXTRA`` adds a folder whose file
differs between the two builds) and a restart on it."""

from __future__ import annotations

import os

from demo.settings import *  # noqa: F403
from demo.settings import LIVEVIEW

LIVEVIEW.pop("BUILD_ID", None)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
    },
}
STATIC_ROOT = os.environ["DEMO_STATIC_ROOT"]
STATICFILES_DIRS = [os.environ["DEMO_STATIC_EXTRA"]]
