from django.urls import path

from . import views

app_name = "kpis"

urlpatterns = [
    path("targets/<int:pk>/measure/", views.measurement_create, name="measurement_create"),
    path("export/", views.target_export, name="target_export"),
    path("import/", views.target_import, name="target_import"),
    path("measurements/export/", views.measurement_export, name="measurement_export"),
    path("measurements/import/", views.measurement_import, name="measurement_import"),
    path("measurements/<int:pk>/evidence/", views.evidence_download, name="evidence_download"),
]
