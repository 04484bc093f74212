import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from dtsystem.units.models import Unit, UnitGroup

from .choices import (
    DeadlineKind,
    DocumentKind,
    EventKind,
    ExtensionStatus,
    InputRequestStatus,
    Issuer,
    Priority,
    Recurrence,
    SourceKind,
    TaskKind,
    TaskStatus,
)


class Document(models.Model):
    """A directive document: a conclusion notice (TB), a plan (KH), a decision (QĐ), a letter (CV)..."""

    kind = models.CharField(
        _("loại văn bản"), max_length=8, choices=DocumentKind.choices, default=DocumentKind.TB
    )
    number = models.CharField(_("số"), max_length=16, blank=True, help_text=_("Để trống khi là dự thảo."))
    symbol = models.CharField(
        _("ký hiệu"), max_length=64, blank=True, help_text=_("Ví dụ: KH-UBND, TB-VPUBND")
    )
    issuing_unit = models.ForeignKey(
        Unit,
        verbose_name=_("cơ quan ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    issuing_body_text = models.CharField(
        _("tên cơ quan ban hành (như in trên văn bản)"), max_length=255, blank=True
    )
    superior_body_text = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    place = models.CharField(_("địa danh"), max_length=64, blank=True)
    # The issue date may be partly unknown in drafts ("ngày   tháng   năm 2022").
    issue_year = models.PositiveSmallIntegerField(_("năm ban hành"), null=True, blank=True)
    issue_month = models.PositiveSmallIntegerField(_("tháng ban hành"), null=True, blank=True)
    issue_day = models.PositiveSmallIntegerField(_("ngày ban hành"), null=True, blank=True)
    issue_date = models.DateField(_("ngày ban hành"), null=True, blank=True, editable=False)
    title = models.TextField(_("trích yếu"))
    meeting_date = models.DateField(_("ngày họp"), null=True, blank=True)
    chair = models.CharField(_("người chủ trì"), max_length=128, blank=True)
    chair_title = models.CharField(_("chức vụ người chủ trì"), max_length=255, blank=True)
    signer = models.CharField(_("người ký"), max_length=128, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=255, blank=True)
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    body = models.TextField(_("nội dung"), blank=True)
    source_key = models.CharField(max_length=128, null=True, blank=True, unique=True, editable=False)
    search_text = models.TextField(editable=False, blank=True, default="")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # A document is withdrawn (hủy / thu hồi) with a reason, never deleted: its open tasks are cancelled.
    cancelled_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True, editable=False)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hủy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    cancellation_reason = models.TextField(_("lý do hủy"), blank=True, editable=False)

    class Meta:
        verbose_name = _("văn bản chỉ đạo")
        verbose_name_plural = _("văn bản chỉ đạo")
        ordering = ["-issue_year", "-issue_month", "-issue_day", "-meeting_date", "-id"]
        indexes = [models.Index(fields=["kind", "issue_year"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(issue_month__isnull=True)
                | models.Q(issue_month__gte=1, issue_month__lte=12),
                name="document_issue_month_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(issue_day__isnull=True) | models.Q(issue_day__gte=1, issue_day__lte=31),
                name="document_issue_day_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(cancelled_at__isnull=True, cancellation_reason="")
                | (models.Q(cancelled_at__isnull=False) & ~models.Q(cancellation_reason="")),
                name="document_cancelled_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.title[:80]}"

    @property
    def code(self) -> str:
        """ "145/KH-UBND"; a draft without number shows "…/TB-VPUBND"."""
        if self.symbol:
            return f"{self.number or '…'}/{self.symbol}"
        return self.number or "—"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def issue_date_display(self) -> str:
        day = f"{self.issue_day:02d}" if self.issue_day else "…"
        month = f"{self.issue_month:02d}" if self.issue_month else "…"
        year = str(self.issue_year) if self.issue_year else "…"
        return f"{day}/{month}/{year}" if self.issue_year else ""

    def clean(self):
        if self.issue_day and not self.issue_month:
            raise ValidationError({"issue_month": _("Có ngày thì phải có tháng ban hành.")})
        if (self.issue_month or self.issue_day) and not self.issue_year:
            raise ValidationError({"issue_year": _("Có ngày, tháng thì phải có năm ban hành.")})
        if self.issue_year and self.issue_month and self.issue_day:
            try:
                date(self.issue_year, self.issue_month, self.issue_day)
            except ValueError as exc:
                raise ValidationError({"issue_day": _("Ngày ban hành không tồn tại.")}) from exc
        # A conclusion notice always says who issued it (its header): a unit of the list or the name as printed.
        if (
            self.kind == DocumentKind.TB
            and not self.issuing_unit_id
            and not (self.issuing_body_text or "").strip()
        ):
            raise ValidationError(
                {
                    "issuing_unit": _(
                        "Thông báo kết luận phải có cơ quan ban hành: hãy chọn đơn vị ban hành "
                        "hoặc ghi tên cơ quan như in trên văn bản."
                    )
                }
            )


def _upload_path(instance, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"evidence/{date.today():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class Attachment(models.Model):
    """A file kept outside the web root: evidence of progress, or a document's own file.

    Served only through a view that checks the user may see the task or document."""

    # History: PROTECT everywhere (a document, task or report with files is cancelled, never deleted).
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    task = models.ForeignKey(
        "Task", null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    progress_report = models.ForeignKey(
        "ProgressReport", null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    contribution = models.ForeignKey(
        "Contribution", null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(upload_to=_upload_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=128)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(document__isnull=False) | models.Q(task__isnull=False),
                name="attachment_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class TaskQuerySet(models.QuerySet):
    def countable(self):
        """Tasks that are some unit's own work: every task but the parents of group orders (whose
        figures are their children's), so that counts never see a group order twice."""
        return self.exclude(kind=TaskKind.GROUP)


class Task(models.Model):
    """One order of a document: who leads, who coordinates, by when, and how far it has got.

    `parent` ties a task to the one it belongs to: the children of a group order (kind "member", one per
    member unit) and the sub-tasks a lead unit forwards down (kind "forwarded"). A group order's parent
    (kind "group") has no lead unit; its status, progress and timeliness are derived from its children."""

    document = models.ForeignKey(
        Document, verbose_name=_("văn bản"), on_delete=models.PROTECT, related_name="tasks"
    )
    item = models.CharField(
        _("mục"), max_length=32, blank=True, help_text=_("Số mục trong văn bản, ví dụ 4.a")
    )
    position = models.PositiveIntegerField(default=0)
    content = models.TextField(_("nội dung nhiệm vụ"))
    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    kind = models.CharField(
        _("loại nhiệm vụ"), max_length=16, choices=TaskKind.choices, default=TaskKind.SINGLE
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("nhiệm vụ cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    unit_group = models.ForeignKey(
        UnitGroup,
        verbose_name=_("nhóm đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    issuer = models.CharField(_("người/cơ quan giao"), max_length=16, choices=Issuer.choices, blank=True)
    issuer_name = models.CharField(
        _("họ tên lãnh đạo giao"),
        max_length=128,
        blank=True,
        help_text=_("Ví dụ: tên Phó Chủ tịch phụ trách."),
    )
    source_kind = models.CharField(
        _("hình thức giao"), max_length=16, choices=SourceKind.choices, default=SourceKind.DOCUMENT
    )
    coordinating_units = models.ManyToManyField(
        Unit, verbose_name=_("đơn vị phối hợp"), blank=True, related_name="coordinated_tasks"
    )
    deadline_text = models.CharField(_("thời hạn (như văn bản ghi)"), max_length=255, blank=True)
    deadline_kind = models.CharField(
        _("loại thời hạn"), max_length=16, choices=DeadlineKind.choices, default=DeadlineKind.NONE
    )
    due_date = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    due_date_is_default = models.BooleanField(
        _("hạn mặc định"),
        default=False,
        help_text=_("Nhiệm vụ không ghi thời hạn nên lấy hạn của kế hoạch (kế hoạch năm 2022 → 31/12/2022)."),
    )
    original_due_date = models.DateField(
        _("hạn ban đầu"), null=True, blank=True, help_text=_("Giữ nguyên khi được gia hạn.")
    )
    recurrence = models.CharField(_("lặp lại"), max_length=16, choices=Recurrence.choices, blank=True)
    recurrence_parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instances",
        verbose_name=_("nhiệm vụ định kỳ gốc"),
    )
    period_label = models.CharField(_("kỳ"), max_length=16, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.NEW
    )
    progress = models.PositiveSmallIntegerField(
        _("tiến độ (%)"), default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    priority = models.PositiveSmallIntegerField(
        _("mức ưu tiên"), choices=Priority.choices, default=Priority.NORMAL
    )
    status_reason = models.TextField(_("lý do"), blank=True)
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    search_text = models.TextField(editable=False, blank=True, default="")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["document_id", "position", "id"]
        indexes = [
            models.Index(fields=["lead_unit", "status", "due_date"]),
            models.Index(fields=["status", "due_date"]),
            models.Index(fields=["due_date"]),
            models.Index(fields=["parent", "lead_unit"]),
            # A unit's tasks in list order with what their timeliness needs: "Việc của đơn vị tôi" ranks
            # the first cards of each group and pages through a group by an index-only scan of the unit's
            # entries, instead of reading the table's pages of a busy unit's thousands of tasks.
            models.Index(
                fields=["lead_unit", "due_date", "document", "position", "id"],
                include=["status", "kind", "deadline_kind", "recurrence_parent", "completed_on"],
                name="task_unit_list_order",
            ),
            # The approval queue: completion reports oldest first, a page at a time, and their number by
            # lead unit (an index-only scan of the reported tasks alone, not of every task).
            models.Index(
                fields=["completed_on", "id"],
                include=["lead_unit"],
                condition=models.Q(status="reported_done"),
                name="task_reported_done_queue",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100), name="task_progress_0_100"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(completed_on__isnull=False),
                name="task_done_has_completion_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(deadline_kind="recurring") | models.Q(recurrence__gt=""),
                name="task_recurring_has_recurrence",
            ),
            models.CheckConstraint(
                condition=models.Q(kind="group", lead_unit__isnull=True, unit_group__isnull=False)
                | (~models.Q(kind="group") & models.Q(lead_unit__isnull=False)),
                name="task_lead_unit_unless_group_parent",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["single", "group"], parent__isnull=True)
                | models.Q(kind__in=["member", "forwarded"], parent__isnull=False),
                name="task_parent_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["recurrence_parent", "period_label"],
                condition=models.Q(recurrence_parent__isnull=False),
                name="task_one_instance_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item or '#'}{self.pk}: {self.content[:80]}"

    @property
    def is_group_parent(self) -> bool:
        return self.kind == TaskKind.GROUP

    @property
    def lead_display(self) -> str:
        """The lead unit's name, or the group's for a group order."""
        if self.kind == TaskKind.GROUP:
            return self.unit_group.name if self.unit_group_id else ""
        return self.lead_unit.name if self.lead_unit_id else ""

    @property
    def is_recurring_template(self) -> bool:
        return self.deadline_kind == DeadlineKind.RECURRING and self.recurrence_parent_id is None

    def clean(self):
        concrete = (DeadlineKind.DAY, DeadlineKind.MONTH, DeadlineKind.QUARTER, DeadlineKind.YEAR)
        if self.deadline_kind in concrete and not self.due_date:
            raise ValidationError({"due_date": _("Thời hạn loại này cần có ngày hết hạn cụ thể.")})
        if self.deadline_kind == DeadlineKind.RECURRING and not self.recurrence:
            raise ValidationError({"recurrence": _("Nhiệm vụ định kỳ cần chọn chu kỳ lặp lại.")})
        if self.deadline_kind == DeadlineKind.NONE and self.due_date:
            raise ValidationError({"deadline_kind": _("Đã có hạn hoàn thành thì phải chọn loại thời hạn.")})
        if self.kind != TaskKind.GROUP and self.lead_unit_id is None:
            raise ValidationError({"lead_unit": _("Hãy chọn đơn vị chủ trì hoặc một nhóm đơn vị.")})
        if self.issuer == Issuer.VICE_CHAIRMAN and not (self.issuer_name or "").strip():
            raise ValidationError({"issuer_name": _("Hãy ghi họ tên Phó Chủ tịch giao nhiệm vụ.")})


class ProgressReport(models.Model):
    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="progress_reports")
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)
    percent = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(100)])
    note = models.TextField(blank=True)
    contributions = models.ManyToManyField(
        "Contribution",
        blank=True,
        related_name="progress_reports",
        verbose_name=_("ý kiến phối hợp đính kèm"),
    )

    class Meta:
        ordering = ["-reported_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__gte=0, percent__lte=100), name="progress_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.percent}% — {self.task_id}"


class ExtensionRequest(models.Model):
    """A unit asks to move a deadline; the office approves or refuses. The original deadline stays on the task."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="extension_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    current_due_date = models.DateField(_("hạn hiện tại"), null=True, blank=True)
    new_due_date = models.DateField(_("hạn đề nghị"))
    reason = models.TextField(_("lý do"))
    status = models.CharField(max_length=16, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"], condition=models.Q(status="pending"), name="extension_one_pending_per_task"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.current_due_date} → {self.new_due_date} ({self.get_status_display()})"


class TaskEvent(models.Model):
    """The task's history: who did what, when, with each changed field's value before and after."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="events")
    # No user: a scheduled job or an import did it (shown as "Hệ thống"). Users who acted are deactivated,
    # never deleted (PROTECT), so a name in the history never turns into "Hệ thống".
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=32, choices=EventKind.choices)
    changes = models.JSONField(default=dict, blank=True)  # {field: [before, after]}
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["task", "at"])]

    def __str__(self) -> str:
        return f"{self.task_id} {self.get_kind_display()} {self.at:%d/%m/%Y %H:%M}"


class InputRequest(models.Model):
    """A coordinating unit (đơn vị phối hợp) owes the lead unit its input on a task by `due_date` (by default
    DT_INPUT_DAYS_BEFORE_DEADLINE working days before the task's deadline). Created and kept in step by the
    services that create tasks, change their coordinating units or their deadline; one per (task, unit)."""

    task = models.ForeignKey(Task, on_delete=models.PROTECT, related_name="input_requests")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="input_requests")
    due_date = models.DateField(_("hạn gửi ý kiến"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=16, choices=InputRequestStatus.choices, default=InputRequestStatus.OPEN
    )
    requested_at = models.DateTimeField(_("đề nghị lúc"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("gửi ý kiến lần đầu lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đề nghị góp ý phối hợp")
        verbose_name_plural = _("đề nghị góp ý phối hợp")
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="input_request_once_per_unit"),
            models.CheckConstraint(
                condition=models.Q(status__in=InputRequestStatus.values), name="input_request_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.task_id} ({self.due_date})"


class Contribution(models.Model):
    """What a coordinating unit sends for an input request: text and/or files (Attachment.contribution).
    History: appended, never changed (PROTECT; read-only in the admin)."""

    request = models.ForeignKey(InputRequest, on_delete=models.PROTECT, related_name="contributions")
    # the unit that sent it, kept as it was even if the request later moves to a successor unit
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="contributions")
    text = models.TextField(_("ý kiến"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến phối hợp")
        verbose_name_plural = _("ý kiến phối hợp")
        ordering = ["submitted_at", "id"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.text[:40]}"


class TaskRollup(models.Model):
    """How many tasks a unit leads, by rollup class and due bucket (directives.rollups keeps it current
    from the services, in their transactions; a nightly job recomputes and repairs it).

    Exact for any as-of date from today on: `open` tasks (not done, not reported in time) are kept by
    due day (overdue before the as-of date, on track from it), tasks reported done in time by due day
    (on track), done tasks by the first day of their due quarter (their timeliness no longer moves),
    tasks without a due date under a far-off day. Cancelled tasks and recurring templates are not
    counted, as everywhere else."""

    lead_unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    klass = models.CharField(max_length=16)
    bucket = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["lead_unit", "klass", "bucket"], name="task_rollup_one_row_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.lead_unit_id} {self.klass} {self.bucket}: {self.n}"


class TaskRollupHorizon(models.Model):
    """The day of the last full recount of TaskRollup (one row). The recount files tasks due long before
    it or far after it under coarser buckets (see directives.rollups), so the rollups answer as-of dates
    from this day to ROLLUP_WINDOW days after it; writes in between keep exact day buckets."""

    day = models.DateField()
    # The rule the recount filed the rows by (directives.rollups.FILING); rows filed by another rule
    # answer nothing until the next recount.
    filing = models.PositiveSmallIntegerField(default=1)

    def __str__(self) -> str:
        return str(self.day)


class TaskLeadPeriod(models.Model):
    """Who led a task before a reorganisation moved it: `unit` led it until `valid_until` (included).
    A task without rows was always led by its lead_unit; with rows, the unit of a date X is the row with
    the earliest valid_until >= X, else the current lead_unit (directives.selectors.lead_unit_at)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="lead_periods")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    valid_until = models.DateField(_("chủ trì đến hết ngày"))

    class Meta:
        verbose_name = _("giai đoạn chủ trì")
        verbose_name_plural = _("giai đoạn chủ trì")
        ordering = ["task_id", "valid_until"]
        constraints = [
            models.UniqueConstraint(fields=["task", "valid_until"], name="task_lead_period_one_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.unit_id} → {self.valid_until}"


class SavedFilter(models.Model):
    """A user's named filter of the task list: the normalised query string of TaskFilterSet parameters
    (directives.services.saved_filter_create), opened as a link `?<querystring>` on the list."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters")
    name = models.CharField(_("tên bộ lọc"), max_length=80)
    querystring = models.CharField(_("điều kiện lọc"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("bộ lọc đã lưu")
        verbose_name_plural = _("bộ lọc đã lưu")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                name="saved_filter_unique_name_per_user",
                violation_error_message=_("Bạn đã có một bộ lọc tên này; hãy chọn tên khác."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.name}"
