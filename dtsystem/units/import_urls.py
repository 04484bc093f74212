"""Excel/CSV export and import of units (included from dtsystem/urls.py under /units/)."""

from django.urls import path

from . import imports

app_name = "unit_imports"

urlpatterns = [
    path("export/", imports.unit_export, name="unit_export"),
    path("import/", imports.unit_import, name="unit_import"),
]
