"""/api/v1/: every app's routes in one router, plus the schema and its Swagger UI (assets served locally)."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from dtsystem.units.api.views import UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
