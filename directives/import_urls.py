"""Excel/CSV export and import of tasks (included from dtsystem/urls.py under /tasks/)."""

from django.urls import path

from . import imports

app_name = "task_imports"

urlpatterns = [
    path("export/", imports.task_export, name="task_export"),
    path("import/", imports.task_import, name="task_import"),
    path("update/", imports.task_update_import, name="task_update_import"),
]
