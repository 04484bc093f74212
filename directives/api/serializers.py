"""API shapes for documents, tasks and extension requests.

Output serializers read objects that come from `directives.selectors` (tasks carry the `timeliness`
annotation there). Input serializers only parse and type-check; the services validate, decide
permissions and write."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_choice_description_list
from rest_framework import serializers

from dtsystem.common import uploads
from dtsystem.common.api_schema import ErrorSerializer  # noqa: F401  (the API's one error shape)
from dtsystem.common.people import actor_name
from dtsystem.units.api.serializers import UnitRefSerializer
from dtsystem.units.models import Unit, UnitGroup

from .. import services
from ..choices import (
    DeadlineKind,
    DocumentKind,
    ExtensionStatus,
    InputRequestStatus,
    Issuer,
    Priority,
    Recurrence,
    SourceKind,
    TaskKind,
    TaskStatus,
    Timeliness,
)
from ..models import (
    Attachment,
    Contribution,
    Document,
    ExtensionRequest,
    InputRequest,
    ProgressReport,
    Task,
    TaskEvent,
)

TASK_PAGE_URL = "/tasks/{pk}/"
ATTACHMENT_URL = "/tasks/attachments/{pk}/"


def _active_units():
    return Unit.objects.filter(is_active=True)


class EnumField(serializers.ChoiceField):
    """A ChoiceField over a choices class, documented as the schema component "<Choices>Enum"
    (TaskStatusEnum, ExtensionStatusEnum...): choice sets that share a field name ("status" of a task
    and of an extension request, "kind" of a unit and of a document) keep distinct, stable names."""

    def __init__(self, choices_class, **kwargs):
        self.choices_class = choices_class
        super().__init__(choices=choices_class.choices, **kwargs)


class EnumFieldSchema(OpenApiSerializerFieldExtension):
    target_class = EnumField

    def get_name(self) -> str:
        return f"{self.target.choices_class.__name__}Enum"

    def map_serializer_field(self, auto_schema, direction) -> dict:
        choices_class = self.target.choices_class
        values = list(choices_class.values)
        return {
            "type": "integer" if all(isinstance(v, int) for v in values) else "string",
            "enum": values,
            "description": build_choice_description_list(choices_class.choices),
        }


# ------------------------------------------------------------------------------------------ output


class AttachmentSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name", read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "name", "content_type", "size", "uploaded_at", "url"]
        read_only_fields = fields

    def get_url(self, obj: Attachment) -> str:
        return ATTACHMENT_URL.format(pk=obj.pk)


class UnitGroupRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = UnitGroup
        fields = ["id", "name", "key"]


class TaskSerializer(serializers.ModelSerializer):
    """A task (nhiệm vụ): its document, lead and coordinating units, deadline, status and timeliness."""

    # Read tasks through selectors.task_list/task_detail: `timeliness` is their annotation.

    document_code = serializers.CharField(source="document.code", read_only=True)
    coordinating_units = UnitRefSerializer(many=True, read_only=True)
    status = EnumField(TaskStatus, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    recurrence = serializers.ChoiceField(
        choices=Recurrence.choices,
        read_only=True,
        allow_blank=True,
        help_text="Chu kỳ của nhiệm vụ định kỳ; chuỗi rỗng khi nhiệm vụ không lặp lại.",
    )
    timeliness = EnumField(
        Timeliness,
        read_only=True,
        allow_null=True,
        help_text="Tình trạng thời hạn tại ngày as_of; null với nhiệm vụ đã hủy hoặc nhiệm vụ định kỳ gốc.",
    )
    url = serializers.SerializerMethodField()
    lead_unit = UnitRefSerializer(
        read_only=True, allow_null=True, help_text="null với nhiệm vụ giao cho nhóm (xem unit_group)."
    )
    kind = EnumField(TaskKind, read_only=True)
    unit_group = UnitGroupRefSerializer(read_only=True, allow_null=True)
    parent = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="Nhiệm vụ cấp trên: nhiệm vụ giao cho nhóm, hoặc nhiệm vụ được giao lại từ đó; null nếu không có.",
    )
    children_count = serializers.SerializerMethodField(
        help_text="Số nhiệm vụ con (của từng đơn vị trong nhóm, hoặc phần việc đã giao lại)."
    )
    issuer = serializers.ChoiceField(choices=Issuer.choices, read_only=True, allow_blank=True)
    source_kind = EnumField(SourceKind, read_only=True)

    class Meta:
        model = Task
        fields = [
            "id",
            "document",
            "document_code",
            "item",
            "content",
            "kind",
            "parent",
            "children_count",
            "lead_unit",
            "unit_group",
            "issuer",
            "issuer_name",
            "source_kind",
            "coordinating_units",
            "due_date",
            "original_due_date",
            "due_date_is_default",
            "deadline_text",
            "deadline_kind",
            "recurrence",
            "period_label",
            "status",
            "status_display",
            "status_reason",
            "timeliness",
            "progress",
            "priority",
            "version",
            "completed_on",
            "url",
        ]
        read_only_fields = fields

    def get_url(self, obj: Task) -> str:
        return TASK_PAGE_URL.format(pk=obj.pk)

    def get_children_count(self, obj: Task) -> int:
        return getattr(obj, "children_count", 0)


class TaskEventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = TaskEvent
        fields = ["at", "actor", "kind", "kind_display", "changes", "note"]
        read_only_fields = fields

    def get_actor(self, obj: TaskEvent) -> str:
        return actor_name(obj.actor)


class ProgressReportSerializer(serializers.ModelSerializer):
    reported_by = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = ["id", "task", "reported_at", "reported_by", "percent", "note", "attachments"]
        read_only_fields = fields

    def get_reported_by(self, obj: ProgressReport) -> str:
        return actor_name(obj.reported_by)


class ExtensionRequestSerializer(serializers.ModelSerializer):
    requested_by = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()
    status = EnumField(ExtensionStatus, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ExtensionRequest
        fields = [
            "id",
            "task",
            "requested_at",
            "requested_by",
            "current_due_date",
            "new_due_date",
            "reason",
            "status",
            "status_display",
            "decided_at",
            "decided_by",
            "decision_reason",
        ]
        read_only_fields = fields

    def get_requested_by(self, obj: ExtensionRequest) -> str:
        return actor_name(obj.requested_by)

    def get_decided_by(self, obj: ExtensionRequest) -> str | None:
        """Who decided; null while the request waits, "Hệ thống" when a job closed it."""
        return actor_name(obj.decided_by) if obj.decided_at else None


class ExtensionRequestListSerializer(ExtensionRequestSerializer):
    """An extension request with enough of its task to be read in a list."""

    task_item = serializers.CharField(source="task.item", read_only=True)
    task_content = serializers.CharField(source="task.content", read_only=True)
    document_code = serializers.CharField(source="task.document.code", read_only=True)
    lead_unit = UnitRefSerializer(source="task.lead_unit", read_only=True)

    class Meta(ExtensionRequestSerializer.Meta):
        fields = [
            *ExtensionRequestSerializer.Meta.fields,
            "task_item",
            "task_content",
            "document_code",
            "lead_unit",
        ]
        read_only_fields = fields


class TaskDetailSerializer(TaskSerializer):
    """A task with its history, progress reports (and their evidence files) and extension requests."""

    history = TaskEventSerializer(source="events", many=True, read_only=True)
    progress_reports = ProgressReportSerializer(many=True, read_only=True)
    extension_requests = ExtensionRequestSerializer(many=True, read_only=True)

    class Meta(TaskSerializer.Meta):
        fields = [*TaskSerializer.Meta.fields, "history", "progress_reports", "extension_requests"]
        read_only_fields = fields


class DocumentSerializer(serializers.ModelSerializer):
    """A directive document (văn bản chỉ đạo) and how many tasks it gives."""

    # Read documents through selectors.document_list: `task_count` is its annotation.

    code = serializers.CharField(read_only=True)
    kind = EnumField(DocumentKind, read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    issuing_unit = UnitRefSerializer(read_only=True, allow_null=True)
    task_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "kind_display",
            "number",
            "symbol",
            "code",
            "issuing_unit",
            "issuing_body_text",
            "issue_year",
            "issue_month",
            "issue_day",
            "issue_date",
            "title",
            "meeting_date",
            "chair",
            "signer",
            "task_count",
            "version",
            "cancelled_at",
            "cancellation_reason",
        ]
        read_only_fields = fields


class DocumentDetailSerializer(DocumentSerializer):
    """A document with every field, its files and the tasks the user may see."""

    # `visible_tasks` is set by the view from selectors.task_list.

    tasks = TaskSerializer(source="visible_tasks", many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    cancelled_by = serializers.SerializerMethodField()

    class Meta(DocumentSerializer.Meta):
        fields = [
            *DocumentSerializer.Meta.fields,
            "superior_body_text",
            "place",
            "chair_title",
            "signer_title",
            "recipients",
            "body",
            "created_at",
            "updated_at",
            "attachments",
            "tasks",
            "cancelled_by",
        ]
        read_only_fields = fields

    def get_cancelled_by(self, obj: Document) -> str | None:
        """Who withdrew the document; null while it stands."""
        return actor_name(obj.cancelled_by) if obj.cancelled_at else None


# ------------------------------------------------------------------------------------------- input


class TaskFieldsInputSerializer(serializers.Serializer):
    """The editable fields of a task, as services.task_create / task_update take them."""

    item = serializers.CharField(max_length=32, required=False, allow_blank=True)
    content = serializers.CharField()
    lead_unit = serializers.PrimaryKeyRelatedField(queryset=_active_units(), required=False, allow_null=True)
    unit_group = serializers.PrimaryKeyRelatedField(
        queryset=UnitGroup.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        help_text="Giao cho nhóm đơn vị thay cho lead_unit: mỗi đơn vị của nhóm nhận một nhiệm vụ con.",
    )
    coordinating_units = serializers.PrimaryKeyRelatedField(
        queryset=_active_units(), many=True, required=False
    )
    issuer = serializers.ChoiceField(choices=Issuer.choices, required=False, allow_blank=True)
    issuer_name = serializers.CharField(max_length=128, required=False, allow_blank=True)
    source_kind = EnumField(SourceKind, required=False)
    deadline_text = serializers.CharField(max_length=255, required=False, allow_blank=True)
    deadline_kind = serializers.ChoiceField(choices=DeadlineKind.choices, required=False, allow_null=True)
    due_date = serializers.DateField(required=False, allow_null=True)
    recurrence = serializers.ChoiceField(choices=Recurrence.choices, required=False, allow_blank=True)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)


class TaskCreateInputSerializer(TaskFieldsInputSerializer):
    document = serializers.PrimaryKeyRelatedField(queryset=Document.objects.all())

    def to_internal_value(self, data):
        # Reported with the other fields' errors: a lead unit or a group is required.
        errors, attrs = {}, None
        try:
            attrs = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            errors = dict(exc.detail) if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        if hasattr(data, "get") and not data.get("lead_unit") and not data.get("unit_group"):
            errors.setdefault(
                "lead_unit", [_("Hãy chọn đơn vị chủ trì (lead_unit) hoặc một nhóm đơn vị (unit_group).")]
            )
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def validate(self, attrs):
        lead, group = attrs.get("lead_unit"), attrs.get("unit_group")
        if lead is not None and group is not None:
            raise serializers.ValidationError(
                {"unit_group": [_("Chọn đơn vị chủ trì hoặc nhóm đơn vị, không chọn cả hai.")]}
            )
        return attrs


class TaskUpdateInputSerializer(TaskFieldsInputSerializer):
    """PATCH: any subset of the fields, plus the `version` the client loaded (409 if stale)."""

    version = serializers.IntegerField(min_value=1)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)

    def validate(self, attrs):
        if "version" not in attrs:
            raise serializers.ValidationError({"version": [_("Cần gửi kèm phiên bản (version) đã tải.")]})
        return attrs


class DocumentTaskRowSerializer(TaskFieldsInputSerializer):
    """A task row posted with its document. On update: with `id` = edit that task, without = new."""

    id = serializers.IntegerField(required=False)
    version = serializers.IntegerField(required=False, min_value=1)

    def validate(self, attrs):
        if not attrs.get("id"):
            missing = {f: [_("Trường này là bắt buộc.")] for f in ("content",) if f not in attrs}
            if not attrs.get("lead_unit") and not attrs.get("unit_group"):
                missing["lead_unit"] = [_("Hãy chọn đơn vị chủ trì hoặc một nhóm đơn vị (unit_group).")]
            if missing:
                raise serializers.ValidationError(missing)
        return attrs


class DocumentInputSerializer(serializers.ModelSerializer):
    """A document and, optionally, its tasks (services.document_create / document_update).

    On update (PUT/PATCH) `version` is required; when `tasks` is sent it is the document's whole task
    list: rows with `id` are edited, rows without are added, tasks left out are removed."""

    issuing_unit = serializers.PrimaryKeyRelatedField(
        queryset=_active_units(), required=False, allow_null=True
    )
    kind = EnumField(DocumentKind, required=False)
    recipients = serializers.ListField(
        child=serializers.CharField(allow_blank=True), required=False, allow_empty=True
    )
    tasks = DocumentTaskRowSerializer(many=True, required=False)
    version = serializers.IntegerField(required=False, min_value=1)

    class Meta:
        model = Document
        fields = [*services.DOCUMENT_FIELDS, "tasks", "version"]

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": [_("Cần gửi kèm phiên bản (version) đã tải.")]})
        return attrs


class ReportProgressInputSerializer(serializers.Serializer):
    percent = serializers.IntegerField(
        min_value=0,
        max_value=100,
        error_messages={
            "invalid": _("Tiến độ phải là số nguyên từ 0 đến 100."),
            "min_value": _("Tiến độ phải là số nguyên từ 0 đến 100."),
            "max_value": _("Tiến độ phải là số nguyên từ 0 đến 100."),
        },
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=False), required=False, default=list
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        allow_null=True,
        default=None,
        help_text=_("Tùy chọn: phiên bản nhiệm vụ đã tải; gửi kèm thì 409 nếu nhiệm vụ đã đổi từ đó."),
    )
    contributions = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        required=False,
        default=list,
        help_text=_("Tùy chọn: mã các ý kiến phối hợp của nhiệm vụ mà báo cáo đính kèm."),
    )

    def validate_files(self, files):
        # The same check the service runs, here so that errors come back under "files".
        for upload in files:
            uploads.validate_evidence(upload)
        return files


class TransitionInputSerializer(serializers.Serializer):
    to = EnumField(TaskStatus)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class RequestExtensionInputSerializer(serializers.Serializer):
    new_due_date = serializers.DateField()
    reason = serializers.CharField(allow_blank=True)


class ExtensionDecisionInputSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class DocumentCancelInputSerializer(ExtensionDecisionInputSerializer):
    """Withdraw a document: the reason (required; the service says so in Vietnamese when it is missing)."""


# ------------------------------------------------------------------------- coordinating units' contributions


class ContributionSerializer(serializers.ModelSerializer):
    """A coordinating unit's input (ý kiến phối hợp) with its files."""

    unit = UnitRefSerializer(read_only=True)
    submitted_by = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Contribution
        fields = ["id", "request", "unit", "text", "submitted_by", "submitted_at", "attachments"]
        read_only_fields = fields

    def get_submitted_by(self, obj: Contribution) -> str:
        return actor_name(obj.submitted_by)


class InputRequestSerializer(serializers.ModelSerializer):
    """A coordinating unit's input request on a task: due date, status, what it sent."""

    unit = UnitRefSerializer(read_only=True)
    status = EnumField(InputRequestStatus, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    contributions = ContributionSerializer(many=True, read_only=True)

    class Meta:
        model = InputRequest
        fields = [
            "id",
            "task",
            "unit",
            "due_date",
            "status",
            "status_display",
            "requested_at",
            "submitted_at",
            "contributions",
        ]
        read_only_fields = fields


class InputRequestListSerializer(serializers.ModelSerializer):
    """An input request in a list, with enough of its task to be read there."""

    unit = UnitRefSerializer(read_only=True)
    status = EnumField(InputRequestStatus, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    task_item = serializers.CharField(source="task.item", read_only=True)
    task_content = serializers.CharField(source="task.content", read_only=True)
    task_due_date = serializers.DateField(source="task.due_date", read_only=True, allow_null=True)
    document_code = serializers.CharField(source="task.document.code", read_only=True)
    lead_unit = UnitRefSerializer(source="task.lead_unit", read_only=True)
    contribution_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = InputRequest
        fields = [
            "id",
            "task",
            "task_item",
            "task_content",
            "task_due_date",
            "document_code",
            "lead_unit",
            "unit",
            "due_date",
            "status",
            "status_display",
            "requested_at",
            "submitted_at",
            "contribution_count",
        ]
        read_only_fields = fields


class ContributionInputSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=False), required=False, default=list
    )
    unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_(
            "Đơn vị phối hợp gửi ý kiến; chỉ cần khi người dùng thuộc nhiều đơn vị phối hợp của nhiệm vụ."
        ),
    )

    def validate_files(self, files):
        for upload in files:
            uploads.validate_evidence(upload)
        return files


class TaskBulkInputSerializer(serializers.Serializer):
    """Bulk work on tasks (directives.bulk): each task is applied on its own, refused ones say why."""

    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), max_length=200
    )
    action = serializers.ChoiceField(choices=["confirm", "return", "extend", "reassign"])
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    new_due_date = serializers.DateField(required=False, allow_null=True, default=None)
    lead_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.filter(is_active=True), required=False, allow_null=True, default=None
    )


class TaskBulkResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    ok = serializers.BooleanField()
    message = serializers.CharField()
    status = serializers.CharField(allow_null=True)


class TaskBulkOutputSerializer(serializers.Serializer):
    applied = serializers.IntegerField()
    refused = serializers.IntegerField()
    results = TaskBulkResultSerializer(many=True)


class ForwardPartInputSerializer(serializers.Serializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=_active_units())
    content = serializers.CharField(required=False, allow_blank=True)
    due_date = serializers.DateField(required=False, allow_null=True)


class ForwardInputSerializer(serializers.Serializer):
    """The parts a lead unit forwards its task in: each to a division or a xã/phường."""

    parts = ForwardPartInputSerializer(many=True, allow_empty=False, max_length=50)


class ChildrenConfirmInputSerializer(serializers.Serializer):
    children = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1), allow_empty=False, max_length=1000
    )


class AddMembersInputSerializer(serializers.Serializer):
    units = serializers.PrimaryKeyRelatedField(queryset=_active_units(), many=True, allow_empty=False)
