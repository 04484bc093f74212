"""/api/v1/unit-groups/: every signed-in user reads the groups; the office creates, edits and removes them."""

from __future__ import annotations

from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from dtsystem import policy
from dtsystem.common.exceptions import InvalidState

from .. import selectors, services
from ..choices import GroupMembership, UnitKind
from ..filters import UnitGroupFilterSet
from ..models import Unit, UnitGroup
from .serializers import UnitRefSerializer


class UnitGroupSerializer(serializers.ModelSerializer):
    member_count = serializers.SerializerMethodField(help_text="Số đơn vị thành viên đang hoạt động.")
    unit_kind = serializers.CharField(
        read_only=True,
        help_text="Loại đơn vị khi nhóm theo loại (mã của UnitKind); rỗng khi nhóm theo danh sách.",
    )
    units = UnitRefSerializer(many=True, read_only=True, help_text="Danh sách (nhóm theo danh sách).")

    class Meta:
        model = UnitGroup
        fields = [
            "id",
            "name",
            "key",
            "description",
            "membership_kind",
            "unit_kind",
            "units",
            "is_active",
            "member_count",
        ]
        read_only_fields = fields

    def get_member_count(self, obj) -> int:
        return getattr(obj, "member_count", 0)


class UnitGroupInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    key = serializers.SlugField(max_length=64, required=False, allow_blank=True, allow_null=True)
    description = serializers.CharField(required=False, allow_blank=True)
    membership_kind = serializers.ChoiceField(choices=GroupMembership.choices)
    unit_kind = serializers.ChoiceField(choices=UnitKind.choices, required=False, allow_blank=True)
    units = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True), many=True, required=False
    )
    is_active = serializers.BooleanField(required=False, default=True)


@extend_schema_view(
    list=extend_schema(summary="Các nhóm đơn vị (nhận nhiệm vụ giao cho nhóm)"),
    retrieve=extend_schema(summary="Một nhóm đơn vị"),
    create=extend_schema(summary="Thêm nhóm đơn vị (văn phòng)", request=UnitGroupInputSerializer),
    update=extend_schema(summary="Sửa nhóm đơn vị (văn phòng)", request=UnitGroupInputSerializer),
    partial_update=extend_schema(
        summary="Sửa một phần nhóm đơn vị (văn phòng)", request=UnitGroupInputSerializer
    ),
    destroy=extend_schema(summary="Xóa nhóm chưa dùng để giao nhiệm vụ (văn phòng)"),
)
class UnitGroupViewSet(viewsets.ModelViewSet):
    serializer_class = UnitGroupSerializer
    filterset_class = UnitGroupFilterSet
    queryset = UnitGroup.objects.none()  # for the schema; the methods below read through the selectors
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return UnitGroup.objects.order_by("name")

    def _one(self, pk) -> UnitGroup:
        for group in selectors.unit_group_list():
            if group.pk == int(pk):
                return group
        raise UnitGroup.DoesNotExist

    def list(self, request, *args, **kwargs):
        groups = selectors.unit_group_list(queryset=self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(groups)
        data = UnitGroupSerializer(page if page is not None else groups, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request, *args, **kwargs):
        group = self.get_object()
        return Response(UnitGroupSerializer(self._one(group.pk)).data)

    def _save(self, request, group: UnitGroup | None, *, partial: bool) -> UnitGroup:
        policy.require(request.user, policy.MANAGE_UNIT_GROUPS)  # 403 before looking at the data
        serializer = UnitGroupInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        units = data.pop("units", None)
        return services.unit_group_save(user=request.user, group=group, data=data, units=units)

    def create(self, request, *args, **kwargs):
        group = self._save(request, None, partial=False)
        return Response(UnitGroupSerializer(self._one(group.pk)).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        group = self._save(request, self.get_object(), partial=kwargs.pop("partial", False))
        return Response(UnitGroupSerializer(self._one(group.pk)).data)

    def destroy(self, request, *args, **kwargs):
        group = self.get_object()
        policy.require(request.user, policy.MANAGE_UNIT_GROUPS)
        request.data  # noqa: B018  (no body needed, but one it cannot read is a 415, as on every write)
        try:
            services.unit_group_delete(user=request.user, group=group)
        except ProtectedError as exc:
            raise InvalidState(
                _("Nhóm đã được dùng để giao nhiệm vụ nên không xóa được; hãy chuyển sang “ngừng sử dụng”.")
            ) from exc
        return Response(status=status.HTTP_204_NO_CONTENT)
