from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..choices import ChangeKind
from ..models import Unit, UnitChange


class UnitSerializer(serializers.ModelSerializer):
    parent_name = serializers.CharField(source="parent.name", read_only=True, default=None, allow_null=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "code",
            "name",
            "short_name",
            "kind",
            "kind_display",
            "parent",
            "parent_name",
            "is_active",
            "email",
            "aliases",
            "valid_from",
            "valid_until",
            "successor",
        ]


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "name", "short_name"]


class UnitChangeSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    from_units = UnitRefSerializer(many=True, read_only=True)
    to_units = UnitRefSerializer(many=True, read_only=True)

    class Meta:
        model = UnitChange
        fields = [
            "id",
            "kind",
            "kind_display",
            "date",
            "from_units",
            "to_units",
            "note",
            "summary",
            "created_at",
        ]


def _current_units():
    return Unit.objects.filter(is_active=True, valid_until__isnull=True)


class UnitChangeInputSerializer(serializers.Serializer):
    """One operation. rename: unit, name, short_name; merge: sources, target or new_name (+new_short_name);
    split: unit, targets, task_targets {task id: unit id}, successor; dissolve: unit, successor;
    move: unit, parent. `dry_run`: answer the preview, save nothing."""

    kind = serializers.ChoiceField(choices=ChangeKind.choices)
    date = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    dry_run = serializers.BooleanField(required=False, default=False)
    unit = serializers.PrimaryKeyRelatedField(queryset=_current_units(), required=False)
    sources = serializers.PrimaryKeyRelatedField(queryset=_current_units(), many=True, required=False)
    targets = serializers.PrimaryKeyRelatedField(queryset=_current_units(), many=True, required=False)
    target = serializers.PrimaryKeyRelatedField(queryset=_current_units(), required=False, allow_null=True)
    successor = serializers.PrimaryKeyRelatedField(queryset=_current_units(), required=False, allow_null=True)
    parent = serializers.PrimaryKeyRelatedField(queryset=_current_units(), required=False, allow_null=True)
    name = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")
    short_name = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")
    new_name = serializers.CharField(required=False, allow_blank=True, max_length=255, default="")
    new_short_name = serializers.CharField(required=False, allow_blank=True, max_length=64, default="")
    task_targets = serializers.DictField(child=serializers.IntegerField(), required=False, default=dict)

    NEEDS = {
        "rename": ("unit",),
        "merge": ("sources",),
        "split": ("unit", "targets"),
        "dissolve": ("unit",),
        "move": ("unit",),
    }

    def validate(self, data):
        missing = [f for f in self.NEEDS[data["kind"]] if not data.get(f)]
        if missing:
            raise serializers.ValidationError(
                {f: [_("Trường này là bắt buộc với thao tác này.")] for f in missing}
            )
        return data
