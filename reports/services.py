"""Writes for reports: ask for one, build its PDF, send it to the committee, run the schedule.

The PDF is rendered outside any database transaction (every write here is a single autocommitted
UPDATE), and the e-mail goes out only after the file is stored."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.choices import Timeliness
from dtsystem.common.numbers import format_vn_number
from dtsystem.units.choices import Role

from . import charts, conf, selectors
from .choices import PeriodKind, ReportStatus
from .models import Report
from .periods import parse_period, period_containing, vn_long_date

logger = logging.getLogger(__name__)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # one INFO line per page otherwise

CSS_FILE = Path(settings.BASE_DIR) / "static" / "css" / "report.css"
STALE_AFTER = timedelta(minutes=15)  # a "running" report older than this was left by a dead worker
ProgressCallback = Callable[[int, str], None]
BUILD_TASK = "reports.build"  # the Celery task that runs report_generate (reports/tasks.py)


def report_create(
    *,
    user=None,
    period: str,
    plan=None,
    today: date | None = None,
    number: str = "",
    email_committee: bool = False,
    scheduled: bool = False,
) -> Report:
    """A queued report for `period` (its figures at the end of the period, or at `today` if earlier)."""
    today = today or timezone.localdate()
    p = parse_period(period)
    report = Report(
        period=p.code,
        plan=plan,
        as_of=min(p.end, today),
        issue_date=today,
        number=(number or "").strip(),
        symbol=conf.symbol(),
        created_by=user,
        email_committee=email_committee or scheduled,
        scheduled=scheduled,
    )
    report.full_clean()
    report.save()
    return report


def report_request(
    *, user, period: str, plan=None, number: str = "", email_committee: bool = False
) -> Report:
    """Create a report and start building it in the background once the row is committed."""
    report = report_create(
        user=user, period=period, plan=plan, number=number, email_committee=email_committee
    )
    _build_on_commit(report)
    return report


def report_retry(*, report: Report) -> bool:
    """Queue a failed report again (a conditional UPDATE: a report that is not failed is left alone) and
    start building it once committed. True when it was queued."""
    queued = Report.objects.filter(pk=report.pk, status=ReportStatus.FAILED).update(
        status=ReportStatus.QUEUED, progress=0, error=""
    )
    if queued:
        _build_on_commit(report)
    return bool(queued)


def _build_on_commit(report: Report) -> None:
    """Start the background build (the Celery task registered as BUILD_TASK, reports/tasks.py) once the
    transaction commits. The task is found by its name in the Celery app's registry: the tasks module
    imports this one, never the reverse (eager in tests and without a broker, as any task)."""
    transaction.on_commit(lambda: current_app.tasks[BUILD_TASK].delay(report.pk))


def _set_progress(report: Report, value: int, on_progress: ProgressCallback | None, stage: str) -> None:
    report.progress = value
    Report.objects.filter(pk=report.pk).update(progress=value)
    if on_progress is not None:
        on_progress(value, stage)


def report_context(*, report: Report) -> dict:
    """Everything the PDF template prints (queries only; no transaction is held)."""
    period = parse_period(report.period)
    as_of = report.as_of
    tasks = selectors.report_tasks(as_of=as_of, plan=report.plan)
    summary = selectors.summary(tasks)
    labels = dict(Timeliness.choices)
    segments = [(t.value, str(labels[t]), summary["counts"][t.value]) for t in selectors.TIMELINESS_ORDER]
    units = selectors.unit_rows(tasks)
    keys = [(t.value, str(labels[t])) for t in selectors.TIMELINESS_ORDER]
    chart_units = sorted(units, key=lambda r: (-r["total"], r["unit"]))[:15]
    plan = report.plan
    counts = summary["counts"]
    done_total = counts[Timeliness.DONE_ON_TIME] + counts[Timeliness.DONE_LATE]
    done_pct = selectors.percent(done_total, summary["total"])
    overdue = selectors.overdue_tasks(tasks, as_of)
    subject = _("Tình hình thực hiện nhiệm vụ chuyển đổi số %(period)s") % {"period": period.label}
    if plan is not None:
        doc = plan.document
        subject = _("Kết quả thực hiện Kế hoạch số %(code)s %(period)s") % {
            "code": doc.code,
            "period": period.label,
        }
    return {
        "report": report,
        "period": period,
        "as_of": as_of,
        "subject": subject,
        "superior_body": conf.superior_body().upper(),
        "issuing_body_lines": [line.upper() for line in conf.issuing_body().splitlines() if line.strip()],
        "number_display": report.number or "\u00a0" * 8,
        "place_date": f"{conf.place()}, {vn_long_date(report.issue_date)}",
        "authority": [line.upper() for line in conf.authority()],
        "signer_name": conf.signer_name(),
        "recipients": conf.recipients(),
        "summary": summary,
        "segments": segments,
        "donut": charts.donut(segments, title=subject),
        "period_figures": selectors.period_figures(tasks, period.start, period.end),
        "units": units,
        "units_chart": charts.stacked_bars(chart_units, keys) if chart_units else "",
        "units_chart_count": len(chart_units),
        "overdue": overdue,
        "overdue_unit_count": len({task.lead_unit_id for task in overdue}),
        "overall_on_time_pct": selectors.percent(
            counts[Timeliness.DONE_ON_TIME], done_total + counts[Timeliness.OVERDUE]
        ),
        "done_total": done_total,
        "done_pct_display": "—" if done_pct is None else f"{format_vn_number(done_pct)}%",
        "plans": selectors.plan_figures(as_of=as_of, plan=plan),
        "timeliness_labels": labels,
        "tasks_qs": tasks,
    }


class _PageProgress(logging.Handler):
    """Turns WeasyPrint's "Creating layout - Page N" progress messages into a callback(N)."""

    def __init__(self, callback: Callable[[int], None]):
        super().__init__(logging.INFO)
        self.callback = callback

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        page = message.rsplit(" ", 1)[-1]
        if "Creating layout - Page" in message and page.isdigit():
            self.callback(int(page))


def report_render(*, context: dict, on_page: Callable[[int], None] | None = None) -> tuple[bytes, int]:
    """HTML -> PDF with WeasyPrint and the fonts shipped in static/fonts (embedded). (pdf, pages).
    `on_page(n)` is told of each page as WeasyPrint lays it out."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string("reports/pdf/report.html", context)
    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(CSS_FILE), font_config=fonts)
    progress_logger = logging.getLogger("weasyprint.progress")
    handler = _PageProgress(on_page) if on_page is not None else None
    saved = progress_logger.level, progress_logger.propagate
    if handler is not None:
        progress_logger.addHandler(handler)
        progress_logger.setLevel(logging.INFO)
        progress_logger.propagate = False
    try:
        document = HTML(string=html, base_url=str(settings.BASE_DIR)).render(
            stylesheets=[stylesheet], font_config=fonts
        )
    finally:
        if handler is not None:
            progress_logger.removeHandler(handler)
            progress_logger.setLevel(saved[0])
            progress_logger.propagate = saved[1]
    return document.write_pdf(), len(document.pages)


def report_build(*, report: Report, on_progress: ProgressCallback | None = None) -> Report:
    """Build the report's PDF, store it under MEDIA_ROOT and mark the report done (or failed, with the
    reason, re-raising the error). Safe to call again: a rebuilt file replaces the old one."""
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RUNNING, started_at=now, error="", progress=0
    )
    report.status, report.started_at = ReportStatus.RUNNING, now
    old_file = report.file.name if report.file else ""
    try:
        _set_progress(report, 5, on_progress, "query")
        context = report_context(report=report)
        _set_progress(report, 30, on_progress, "appendix")
        appendix = list(selectors.appendix_tasks(context.pop("tasks_qs")))
        for task in appendix:
            task.timeliness_label = context["timeliness_labels"].get(task.timeliness, "")
        context["appendix"] = appendix
        _set_progress(report, 45, on_progress, "render")
        expected_pages = 6 + len(appendix) // 15  # a rough estimate: the bar moves as pages are laid out
        last = [45]

        def on_page(page: int) -> None:
            value = 45 + min(40, 40 * page // expected_pages)
            if value >= last[0] + 5:
                last[0] = value
                _set_progress(report, value, on_progress, f"page {page}")

        pdf, pages = report_render(context=context, on_page=on_page)
        _set_progress(report, 90, on_progress, "store")
        report.file.save(f"{report.download_name}", ContentFile(pdf), save=False)
    except Exception as exc:
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.FAILED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            finished_at=timezone.now(),
        )
        report.status = ReportStatus.FAILED
        logger.exception("report %s failed", report.pk)
        raise
    report.status = ReportStatus.DONE
    report.progress = 100
    report.page_count = pages
    report.task_count = len(appendix)
    report.finished_at = timezone.now()
    Report.objects.filter(pk=report.pk).update(
        status=report.status,
        progress=100,
        file=report.file.name,
        page_count=pages,
        task_count=report.task_count,
        finished_at=report.finished_at,
        error="",
    )
    if old_file and old_file != report.file.name:
        report.file.storage.delete(old_file)
    if on_progress is not None:
        on_progress(100, "done")
    return report


def report_claim(*, report_id: int) -> Report | None:
    """Take a queued (or failed, or abandoned) report for building with a conditional UPDATE; None when
    another worker has it or it is already done (so running the job twice builds once)."""
    stale = timezone.now() - STALE_AFTER
    claimable = Q(status__in=[ReportStatus.QUEUED, ReportStatus.FAILED]) | Q(
        status=ReportStatus.RUNNING, started_at__lt=stale
    )
    claimed = Report.objects.filter(claimable, pk=report_id).update(
        status=ReportStatus.RUNNING, started_at=timezone.now(), progress=0, error=""
    )
    if not claimed:
        return None
    return Report.objects.select_related("plan__document").get(pk=report_id)


def report_generate(*, report_id: int) -> Report | None:
    """What the background job does: claim, build, then (when asked) e-mail the committee."""
    report = report_claim(report_id=report_id)
    if report is None:
        report = Report.objects.filter(pk=report_id).first()
        if report is not None and report.status == ReportStatus.DONE and report.email_committee:
            report_email_committee(report=report)  # a retry after an e-mail failure
        return report
    report_build(report=report)
    if report.email_committee:
        report_email_committee(report=report)
    return report


def committee_emails() -> list[str]:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role=Role.COMMITTEE,
            memberships__unit__is_active=True,
        )
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def report_email_committee(*, report: Report) -> int:
    """Send the finished PDF to every committee member, once: the send is claimed by setting
    `emailed_at` with a conditional UPDATE, and released again if the SMTP server refuses it (the Celery
    task then retries). Returns the number of recipients (0 when already sent or nobody to send to)."""
    if report.status != ReportStatus.DONE or not report.file:
        raise ValidationError(_("Báo cáo chưa tạo xong, chưa thể gửi."))
    recipients = committee_emails()
    if not recipients:
        return 0
    if not Report.objects.filter(pk=report.pk, emailed_at__isnull=True).update(emailed_at=timezone.now()):
        return 0
    period = parse_period(report.period)
    context = {"report": report, "period": period, "site_url": settings.SITE_URL, "province": conf.province()}
    subject = " ".join(render_to_string("reports/email/report_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("reports/email/report_body.txt", context),
        to=recipients,
    )
    message.attach_alternative(render_to_string("reports/email/report_body.html", context), "text/html")
    with report.file.open("rb") as fh:
        message.attach(report.download_name, fh.read(), "application/pdf")
    try:
        message.send()
    except Exception:
        Report.objects.filter(pk=report.pk).update(emailed_at=None)
        raise
    return len(recipients)


def report_schedule_run(*, kind: str = PeriodKind.QUARTER, today: date | None = None) -> Report | None:
    """The scheduled job: the report of the period that has just ended (previous month or quarter),
    created once (a unique constraint on scheduled reports per period), built and e-mailed."""
    today = today or timezone.localdate()
    period = period_containing(today, kind).previous()
    report = Report.objects.filter(period=period.code, scheduled=True, plan__isnull=True).first()
    if report is None:
        try:
            report = report_create(period=period.code, today=today, scheduled=True)
        except (IntegrityError, ValidationError):
            report = Report.objects.filter(period=period.code, scheduled=True, plan__isnull=True).first()
            if report is None:
                raise
    return report_generate(report_id=report.pk)
