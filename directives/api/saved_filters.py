"""/api/v1/saved-filters/: the caller's own saved filters of the task list (list, create, delete).
Another user's filter is a 404; errors in the one format {"message", "errors"} (dtsystem.common.api)."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from .. import saved_filters
from ..models import SavedFilter
from .common import ScopedObjectMixin, error_responses, parse_input


class SavedFilterSerializer(serializers.ModelSerializer):
    class Meta:
        model = SavedFilter
        fields = ["id", "name", "querystring", "created_at"]
        read_only_fields = fields


class SavedFilterInputSerializer(serializers.Serializer):
    """The service checks the name (empty, duplicate) and the filter values itself."""

    name = serializers.CharField(allow_blank=True, trim_whitespace=True, max_length=200)
    querystring = serializers.CharField(allow_blank=True, required=False, default="", max_length=4000)


@extend_schema_view(
    list=extend_schema(summary="Bộ lọc danh sách nhiệm vụ đã lưu của người dùng"),
    destroy=extend_schema(
        summary="Xóa một bộ lọc đã lưu (của chính mình)", responses={204: None, **error_responses(404)}
    ),
)
class SavedFilterViewSet(
    ScopedObjectMixin,
    mixins.ListModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SavedFilterSerializer
    queryset = SavedFilter.objects.none()  # for the schema; get_queryset() is what runs

    def get_queryset(self) -> QuerySet[SavedFilter]:
        return saved_filters.saved_filter_list(user=self.request.user)

    @extend_schema(
        summary="Lưu bộ lọc (query string của danh sách nhiệm vụ, ví dụ `status=in_progress&unit=3`)",
        request=SavedFilterInputSerializer,
        responses={201: SavedFilterSerializer, **error_responses(400)},
    )
    def create(self, request, *args, **kwargs):
        data = parse_input(SavedFilterInputSerializer, request.data)
        saved = saved_filters.saved_filter_create(user=request.user, **data)
        return Response(SavedFilterSerializer(saved).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, *args, **kwargs):
        saved = self.get_object()  # another user's: 404 before anything else
        request.data  # noqa: B018  (then a body it cannot read is a 415, as on every write)
        saved_filters.saved_filter_delete(user=request.user, saved_filter=saved)
        return Response(status=status.HTTP_204_NO_CONTENT)
