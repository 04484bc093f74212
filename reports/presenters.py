"""What the report list shows about a report's state: the reason a report waits or failed, and whether
"Thử lại" is offered (only where reports.services.report_retry_refusal allows it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import conf, services
from .choices import ReportStatus
from .models import Report

WAIT_BEFORE_OFFERING_RETRY = timedelta(seconds=30)  # a queued report normally starts within seconds


@dataclass(frozen=True)
class ReportState:
    reason: str = ""  # why it waits, why it failed, what went wrong with its e-mail
    may_retry: bool = False
    stalled: bool = False  # queued or running, but not moving: shown as a warning


def _time(value) -> str:
    return date_format(timezone.localtime(value), "H:i:s d/m/Y")


def report_state(report: Report, now=None) -> ReportState:
    now = now or timezone.now()
    allowed = services.report_retry_refusal(report, now) is None
    attempts = {"n": report.attempts, "max": conf.max_attempts()}
    if report.status == ReportStatus.FAILED:
        return ReportState(reason=report.error, may_retry=allowed)
    if report.status == ReportStatus.DONE:
        return ReportState(reason=report.error)
    if report.status == ReportStatus.RUNNING:
        if services.report_lease_expired(report, now):
            beat = report.heartbeat_at or report.started_at
            reason = _(
                "Máy xử lý không còn phản hồi từ %(time)s (lần %(n)s/%(max)s); báo cáo sẽ được tự động xếp "
                "hàng tạo lại."
            ) % {"time": _time(beat), **attempts}
            return ReportState(reason=reason, may_retry=allowed, stalled=True)
        return ReportState(reason=report.error)
    # queued
    if report.dispatched_at is None:
        if report.created_at and now - report.created_at < WAIT_BEFORE_OFFERING_RETRY:
            return ReportState(reason=report.error)
        reason = _(
            "Chưa giao được cho hàng đợi xử lý (máy chủ hàng đợi không phản hồi); hệ thống sẽ tự giao lại "
            "khi hàng đợi hoạt động trở lại."
        )
        return ReportState(
            reason=" ".join(filter(None, [report.error, reason])), may_retry=allowed, stalled=True
        )
    if now - report.dispatched_at >= WAIT_BEFORE_OFFERING_RETRY:
        reason = _("Đang chờ máy xử lý: đã giao cho hàng đợi lúc %(time)s (lần %(n)s/%(max)s).") % {
            "time": _time(report.dispatched_at),
            **attempts,
        }
        return ReportState(
            reason=" ".join(filter(None, [report.error, reason])), may_retry=allowed, stalled=True
        )
    return ReportState(reason=report.error)
