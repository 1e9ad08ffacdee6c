"""``/public/``: the directory of OCMWs, and each module's pages under ``<nis>/<lang>/``.

Every module of this package named ``*_urls`` is included (sorted by name), so a module plugs
in by adding its own ``<name>_urls.py``; see the package docstring."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

from django.urls import include, path, re_path

from . import views

app_name = "public"


def _module_patterns() -> list:
    package = __name__.rsplit(".", 1)[0]
    found = []
    names = sorted(info.name for info in pkgutil.iter_modules([str(Path(__file__).parent)]))
    for name in names:
        if name.endswith("_urls"):
            found.extend(importlib.import_module(f"{package}.{name}").urlpatterns)
    return found


urlpatterns = [
    path("", views.index, name="index"),
    re_path(r"^(?P<nis>[0-9]{5})/$", views.ocmw_home, name="ocmw"),
    re_path(r"^(?P<nis>[0-9]{5})/(?P<lang>nl|fr|de)/", include(_module_patterns())),
]
