from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path

from dtsystem.accounts import views as account_views
from dtsystem.core import views as core_views

urlpatterns = [
    path("", account_views.home, name="home"),
    re_path(r"^healthz/?$", core_views.healthz, name="healthz"),
    re_path(r"^readyz/?$", core_views.readyz, name="readyz"),
    path("health/", core_views.readyz, name="health"),
    re_path(r"^metrics/?$", core_views.metrics_view, name="metrics"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("dtsystem.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("units/", include("dtsystem.units.urls")),
    path("plans/", include("plans.urls")),
    path("kpis/", include("kpis.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("reminders/", include("reminders.urls")),
    path("reports/", include("reports.urls")),
    path("outputs/", include("outputs.urls")),
    path("inbox/", include("inbox.urls")),
    path("", include("calendars.urls")),
    path("documents/assistant/", include("assistant.urls")),
    path("units/", include("dtsystem.units.import_urls")),
    path("tasks/", include("directives.import_urls")),
    path("", include("directives.urls")),
    path("api/v1/", include(("dtsystem.api_urls", "api"), namespace="api")),
    path("admin/", admin.site.urls),
]

# Vietnamese error pages in the site's layout; JSON ({"message", "errors"}) under /api/.
handler400 = "dtsystem.core.errors.bad_request"
handler403 = "dtsystem.core.errors.permission_denied"
handler404 = "dtsystem.core.errors.page_not_found"
handler500 = "dtsystem.core.errors.server_error"

admin.site.site_header = "DTSystem — Quản trị"
admin.site.site_title = "DTSystem"
