"""API conventions shared by every app: pagination and one error format {"message", "errors"}."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from dtsystem.common.exceptions import DomainError


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


def _validation_errors(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return {
            field: [str(m) for m in errs.messages] if hasattr(errs, "messages") else [str(e) for e in errs]
            for field, errs in exc.message_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def _flatten(data, prefix: str = "") -> dict[str, list[str]]:
    """{"tasks": {1: {"lead_unit": ["..."]}}} -> {"tasks.1.lead_unit": ["..."]}."""
    flat: dict[str, list[str]] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, int) and prefix and not isinstance(value, dict):
                # an item of a list field ({"files": {0: ["empty"]}}): the message belongs to the field
                flat.setdefault(prefix, []).extend(
                    str(x) for x in (value if isinstance(value, list) else [value])
                )
                continue
            flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(data, list) and any(isinstance(x, dict | list) for x in data):
        for index, value in enumerate(data):
            if value:
                flat.update(_flatten(value, f"{prefix}.{index}" if prefix else str(index)))
    else:
        items = data if isinstance(data, list) else [data]
        flat[prefix or "non_field_errors"] = [str(x) for x in items]
    return flat


def exception_handler(exc, context):
    """Translate Django and DRF exceptions into {"message": str, "errors": {field: [str]}}."""
    if isinstance(exc, DomainError):
        return Response({"message": exc.message, "errors": {}}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, DjangoValidationError):
        errors = _validation_errors(exc)
        first = next(iter(errors.values()), [""])
        return Response(
            {"message": first[0] if first else _("Dữ liệu không hợp lệ."), "errors": errors},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and "detail" in data and len(data) == 1:
        message, errors = str(data["detail"]), {}
    elif isinstance(data, dict):
        errors = _flatten(data)
        first = next(iter(errors.values()), [""])
        message = first[0] if first else _("Dữ liệu không hợp lệ.")
    elif isinstance(data, list):
        errors = {"non_field_errors": [str(x) for x in data]}
        message = errors["non_field_errors"][0] if data else _("Dữ liệu không hợp lệ.")
    else:
        message, errors = str(data), {}
    response.data = {"message": message, "errors": errors}
    return response


class JsonErrorsMixin:
    """Errors in JSON whatever the view renders when it succeeds (the schema's YAML, the docs' HTML)."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response
