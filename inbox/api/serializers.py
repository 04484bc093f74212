from rest_framework import serializers

from ..models import InboxItem


class InboxItemSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = InboxItem
        fields = ["id", "kind", "kind_label", "title", "url", "task", "created_at", "read_at", "is_read"]
        read_only_fields = fields


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()
    unread = serializers.IntegerField()


class MarkAllSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[], required=False, allow_blank=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from ..choices import InboxKind

        self.fields["kind"].choices = InboxKind.choices
