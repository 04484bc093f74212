"""/api/v1/unit-changes/: the recorded reorganisations (office and administrators), and POST to preview
(`dry_run`) or apply one operation through the same services as the pages."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from dtsystem import policy
from dtsystem.common.api_schema import error_responses

from .. import reorganisation, selectors
from ..models import Unit
from .serializers import UnitChangeInputSerializer, UnitChangeSerializer


def _operation(data: dict, user, *, apply: bool):
    kind, day, note = data["kind"], data["date"], data.get("note", "")
    if kind == "rename":
        args = {"unit": data["unit"], "name": data["name"], "short_name": data["short_name"], "date": day}
        fn, preview = reorganisation.unit_rename, reorganisation.unit_rename_preview
    elif kind == "merge":
        args = {
            "sources": data["sources"],
            "target": data.get("target"),
            "new_name": data["new_name"],
            "new_short_name": data["new_short_name"],
            "date": day,
        }
        fn, preview = reorganisation.units_merge, reorganisation.units_merge_preview
    elif kind == "split":
        units = Unit.objects.in_bulk(set(data["task_targets"].values()))
        choices = {
            int(k): units[v] for k, v in data["task_targets"].items() if str(k).isdigit() and v in units
        }
        args = {
            "unit": data["unit"],
            "targets": data["targets"],
            "task_targets": choices,
            "successor": data.get("successor"),
            "date": day,
        }
        fn, preview = reorganisation.unit_split, reorganisation.unit_split_preview
    elif kind == "dissolve":
        args = {"unit": data["unit"], "successor": data.get("successor"), "date": day}
        fn, preview = reorganisation.unit_dissolve, reorganisation.unit_dissolve_preview
    else:
        args = {"unit": data["unit"], "parent": data.get("parent"), "date": day}
        fn, preview = reorganisation.unit_move, reorganisation.unit_move_preview
    return fn(user=user, note=note, **args) if apply else preview(**args)


class UnitChangeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reorganisations of units (thay đổi tổ chức): office staff and administrators only."""

    serializer_class = UnitChangeSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return selectors.unit_change_list().none()
        policy.require(self.request.user, policy.REORGANISE_UNITS)
        return selectors.unit_change_list()

    @extend_schema(
        summary="Xem trước (dry_run) hoặc ghi nhận một thao tác tổ chức lại",
        request=UnitChangeInputSerializer,
        responses={201: UnitChangeSerializer, **error_responses(400, 403)},
    )
    def create(self, request, *args, **kwargs):
        policy.require(request.user, policy.REORGANISE_UNITS)  # 403 before looking at the data
        serializer = UnitChangeInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if data["dry_run"]:
            preview = _operation(data, request.user, apply=False)
            body = {"errors": preview.errors, **preview.summary()}
            if preview.errors:
                raise ValidationError(preview.errors)
            return Response(body, status=status.HTTP_200_OK)
        change = _operation(data, request.user, apply=True)
        return Response(UnitChangeSerializer(change).data, status=status.HTTP_201_CREATED)
