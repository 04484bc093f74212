"""What the directives API views share: the ?as_of= parameter, reading input through a serializer,
the documented error answers, and get_object() on the user's scoped queryset."""

from datetime import date, datetime

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from dtsystem.common.api_schema import error_responses  # noqa: F401  (the views document their errors)

AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="Ngày tính tình trạng thời hạn (timeliness), dạng YYYY-MM-DD; mặc định là hôm nay.",
)


def parse_input(serializer_class, data, **kwargs):
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class AsOfMixin:
    """Reads ?as_of=YYYY-MM-DD (default: today); a malformed date is a 400 naming `as_of`."""

    def as_of(self) -> date:
        raw = self.request.query_params.get("as_of", "").strip()
        if not raw:
            return timezone.localdate()
        try:
            return datetime.strptime(raw, "%Y-%m-%d").date()
        except ValueError:
            raise serializers.ValidationError(
                {"as_of": [_("Ngày “%(value)s” không hợp lệ; hãy dùng dạng YYYY-MM-DD.") % {"value": raw}]}
            ) from None


class ScopedObjectMixin:
    """get_object() on the user's scoped queryset only (list filters do not hide a detail): 404 if unseen."""

    lookup_value_regex = r"\d+"

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        try:
            obj = queryset.get(pk=self.kwargs["pk"])
        except queryset.model.DoesNotExist:
            raise Http404 from None
        self.check_object_permissions(self.request, obj)
        return obj
