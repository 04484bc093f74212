"""Routes of the directives API; dtsystem/api_urls.py registers them on the /api/v1/ router."""

from .saved_filters import SavedFilterViewSet
from .views import DocumentViewSet, ExtensionRequestViewSet, InputRequestViewSet, TaskViewSet

# (prefix, viewset, basename)
routes = [
    ("documents", DocumentViewSet, "document"),
    ("tasks", TaskViewSet, "task"),
    ("extension-requests", ExtensionRequestViewSet, "extension-request"),
    ("input-requests", InputRequestViewSet, "input-request"),
    ("saved-filters", SavedFilterViewSet, "saved-filter"),
]
