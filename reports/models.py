"""A PDF progress report for the Steering Committee: its parameters, its state while the background job
builds it, and the file (kept under MEDIA_ROOT, outside the web root, served by a permission-checked view)."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import ReportStatus
from .periods import PERIOD_RE


def _report_path(instance, filename: str) -> str:
    return f"reports/{instance.period or 'x'}/{uuid.uuid4().hex}.pdf"


class Report(models.Model):
    period = models.CharField(
        _("kỳ báo cáo"), max_length=8, help_text=_("2022-Q1 (quý) hoặc 2022-03 (tháng)")
    )
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    as_of = models.DateField(_("số liệu tính đến ngày"))
    issue_date = models.DateField(_("ngày báo cáo"))
    number = models.CharField(_("số"), max_length=16, blank=True, help_text=_("Để trống: văn thư ghi số."))
    symbol = models.CharField(_("ký hiệu"), max_length=32, default="BC-UBND")
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=ReportStatus.choices, default=ReportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    error = models.TextField(_("lý do lỗi"), blank=True)
    file = models.FileField(_("tệp PDF"), upload_to=_report_path, max_length=255, blank=True)
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    task_count = models.PositiveIntegerField(_("số nhiệm vụ"), null=True, blank=True)
    scheduled = models.BooleanField(_("tạo theo lịch"), default=False)
    email_committee = models.BooleanField(_("gửi e-mail cho thành viên Ban Chỉ đạo"), default=False)
    emailed_at = models.DateTimeField(_("đã gửi e-mail lúc"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)
    # The hand-off to the worker (reports.services: dispatch, claim, lease, sweep).
    attempts = models.PositiveSmallIntegerField(
        _("số lần gửi đi tạo"), default=0, help_text=_("Số lần yêu cầu tạo đã được giao cho hàng đợi.")
    )
    dispatched_at = models.DateTimeField(_("giao cho hàng đợi lúc"), null=True, blank=True)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    heartbeat_at = models.DateTimeField(_("tín hiệu sống gần nhất"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="report_status_heartbeat")]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="report_progress_0_100"
            ),
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.DONE) | ~Q(file=""), name="report_done_has_file"
            ),
            # The beat schedule may fire twice (retries, a second beat): one scheduled report per period.
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(scheduled=True, plan__isnull=True),
                name="report_one_scheduled_per_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.period})"

    @property
    def code(self) -> str:
        return f"{self.number or '…'}/{self.symbol}"

    @property
    def is_active(self) -> bool:
        return self.status in (ReportStatus.QUEUED, ReportStatus.RUNNING)

    @property
    def download_name(self) -> str:
        return f"bao-cao-cds-{self.period}.pdf"

    def clean(self):
        if not PERIOD_RE.match(self.period or ""):
            raise ValidationError(
                {"period": _("Kỳ báo cáo phải có dạng 2022-Q1 (quý) hoặc 2022-03 (tháng).")}
            )
        if self.as_of and self.issue_date and self.as_of > self.issue_date:
            raise ValidationError({"as_of": _("Ngày tính số liệu không được sau ngày báo cáo.")})
