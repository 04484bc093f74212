"""The API's schema and its Swagger UI: for signed-in users only (session or token), their errors in the
API's JSON format. (Apart from api.py: drf-spectacular's views read the REST framework settings, which name
api.Pagination, when they are imported.)"""

from django.contrib.auth.views import redirect_to_login
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions
from rest_framework.permissions import IsAuthenticated

from .api import JsonErrorsMixin


class SchemaView(JsonErrorsMixin, SpectacularAPIView):
    """/api/v1/schema/: the OpenAPI schema, for signed-in users (session or token)."""

    permission_classes = [IsAuthenticated]


class SwaggerView(JsonErrorsMixin, SpectacularSwaggerSplitView):
    """/api/v1/docs/: the Swagger UI, for signed-in users (session or token); an anonymous browser is sent to
    the login page. The split view serves its start-up script as a file (?script), never inline (CSP)."""

    permission_classes = [IsAuthenticated]

    def handle_exception(self, exc):
        if isinstance(exc, exceptions.NotAuthenticated):
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)
