"""/api/v1/: every app's routes in one router, plus the schema and its Swagger UI (assets served locally;
both for signed-in users)."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from dtsystem.common.api_docs import SchemaView, SwaggerView
from dtsystem.units.api.changes import UnitChangeViewSet
from dtsystem.units.api.groups import UnitGroupViewSet
from dtsystem.units.api.views import UnitViewSet

router = DefaultRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("unit-groups", UnitGroupViewSet, basename="unit-group")
router.register("unit-changes", UnitChangeViewSet, basename="unit-change")

# directives: documents, tasks, extension requests
from directives.api import urls as directives_api_urls  # noqa: E402

for prefix, viewset, basename in directives_api_urls.routes:
    router.register(prefix, viewset, basename=basename)

# plans and KPIs: plans (+ budget), budget lines (+ disbursements), KPI targets (+ measurements)
from kpis.api import urls as kpis_api_urls  # noqa: E402
from plans.api import urls as plans_api_urls  # noqa: E402

for prefix, viewset, basename in [*plans_api_urls.routes, *kpis_api_urls.routes]:
    router.register(prefix, viewset, basename=basename)

# inbox: the caller's "Việc cần xử lý"
from inbox.api import urls as inbox_api_urls  # noqa: E402

for prefix, viewset, basename in inbox_api_urls.routes:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("dashboard/", include("dashboard.api.urls")),
    path("scorecards/", include("outputs.api.urls")),
    path("", include(router.urls)),
]
