"""Writes for reports: ask for one, build its PDF, send it to the committee, run the schedule.

The PDF is rendered outside any database transaction (every write here is a single autocommitted
UPDATE), and the e-mail goes out only after the file is stored."""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from directives.aging import aging_counts, aging_rows
from directives.choices import Timeliness
from dtsystem.common.numbers import format_vn_number
from dtsystem.units.choices import Role

from . import charts, conf, selectors
from .choices import PeriodKind, ReportStatus
from .models import Report
from .pdf import PROGRESS_LOGGER, Block, Table, render_flow
from .periods import parse_period, period_containing, vn_long_date

logger = logging.getLogger(__name__)
logging.getLogger(PROGRESS_LOGGER).setLevel(logging.WARNING)  # one INFO line per page otherwise

CSS_FILE = Path(settings.BASE_DIR) / "static" / "css" / "report.css"
# A request hands its report over right after commit: the sweep leaves a report that young alone.
DISPATCH_GRACE = timedelta(seconds=10)
# Errors worth trying again (the database or a connection hiccuped): the report goes back to the queue and
# the Celery task retries it; anything else fails the report with its reason.
TRANSIENT_ERRORS = (OperationalError, ConnectionError, TimeoutError)
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
    if plan is not None:
        report_plan_period_refusal(plan=plan, start=p.start, end=p.end, label=p.label)
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


def report_plan_period_refusal(*, plan, start: date, end: date, label: str) -> None:
    """A plan's report for a period that ended before the plan existed (issued after the period's end, or,
    with no known issue date, a period before the plan's year) is refused: it would report nothing."""
    doc = plan.document
    began = doc.issue_date or date(plan.year, 1, 1)
    if end < began:
        if doc.issue_date:
            message = _(
                "Kế hoạch số %(code)s ban hành ngày %(day)s, sau %(period)s: chưa có gì để báo cáo trong kỳ này."
            ) % {"code": doc.code, "day": doc.issue_date.strftime("%d/%m/%Y"), "period": label}
        else:
            message = _(
                "Kế hoạch số %(code)s là kế hoạch năm %(year)s: %(period)s trước khi có kế hoạch."
            ) % {
                "code": doc.code,
                "year": plan.year,
                "period": label,
            }
        raise ValidationError({"period": message}, code="before_plan")


def report_request(
    *, user, period: str, plan=None, number: str = "", email_committee: bool = False
) -> Report:
    """Create a report and hand its build to the worker once the row is committed. The request never
    waits on the broker: if it is down the report stays queued ("not handed over yet" on its page) and
    the sweep hands it over when the broker is back."""
    report = report_create(
        user=user, period=period, plan=plan, number=number, email_committee=email_committee
    )
    _dispatch_on_commit(report.pk)
    return report


# ------------------------------------------------------------------------------ the hand-off and its watch
# A report's build is at-least-once: the request saves the row (queued), then hands a message to the
# broker after commit (report_dispatch: never raises). A worker claims the row with a conditional UPDATE
# (queued, or running with an expired lease → running with its own claim token), renews the lease
# (heartbeat_at) while it builds, and writes its result only while it still holds the claim. The sweep
# (reports.sweep, every minute) hands again what was never handed over or whose message was lost, and
# requeues what a dead worker left running; after REPORT_MAX_ATTEMPTS hand-offs it fails the report with
# the reason. "Thử lại" on the page starts a report over from any unfinished state.


def _lease_expired(now) -> Q:
    cutoff = now - conf.lease()
    return Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)


def report_lease_expired(report: Report, now=None) -> bool:
    """A running report whose worker has not renewed its lease in time (it died or hangs)."""
    cutoff = (now or timezone.now()) - conf.lease()
    beat = report.heartbeat_at or report.started_at
    return report.status == ReportStatus.RUNNING and (beat is None or beat < cutoff)


def report_retry_refusal(report: Report, now=None) -> str | None:
    """Why "Thử lại" is not possible now (None: it is): a report can be started over from every
    unfinished state — queued, running with an expired lease, failed — but not while a live worker
    builds it, nor once it is done."""
    if report.status == ReportStatus.DONE:
        return _("Báo cáo đã tạo xong.")
    if report.status == ReportStatus.RUNNING and not report_lease_expired(report, now):
        return _("Báo cáo đang được tạo; hãy chờ trong giây lát.")
    return None


def report_retry(*, report: Report) -> bool:
    """Start a report over (queued, attempts counted from zero) and hand it to the worker once committed.
    A conditional UPDATE with the same rule as report_retry_refusal: a report that a live worker is
    building, or that is done, is left alone. True when it was requeued."""
    now = timezone.now()
    retryable = Q(status__in=[ReportStatus.QUEUED, ReportStatus.FAILED]) | (
        Q(status=ReportStatus.RUNNING) & _lease_expired(now)
    )
    queued = Report.objects.filter(retryable, pk=report.pk).update(
        status=ReportStatus.QUEUED,
        progress=0,
        error="",
        attempts=0,
        claim=None,
        heartbeat_at=None,
        dispatched_at=None,
    )
    if queued:
        _dispatch_on_commit(report.pk)
    return bool(queued)


def report_dispatch(*, report_id: int) -> bool:
    """Hand the build of a report to the broker (the Celery task registered as BUILD_TASK, found by its
    name: the tasks module imports this one, never the reverse). Never raises: a broker that is down
    (short timeouts in settings) is logged and the report left queued for the sweep. True when handed."""
    now = timezone.now()
    Report.objects.filter(pk=report_id).update(dispatched_at=now, attempts=F("attempts") + 1)
    try:
        current_app.tasks[BUILD_TASK].apply_async(args=[report_id], ignore_result=True)
    except Exception:
        # Eager (no broker): the build itself ran and failed, and has recorded why on the report.
        logger.warning("report %s: not handed to the broker; the sweep will retry", report_id, exc_info=True)
        Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED, dispatched_at=now).update(
            dispatched_at=None, attempts=F("attempts") - 1
        )
        return False
    return True


def _dispatch_on_commit(report_id: int) -> None:
    """Hand the build over once the transaction commits (eager in tests and without a broker)."""
    transaction.on_commit(lambda: report_dispatch(report_id=report_id))


def _fail_message(report: Report) -> str:
    if report.status == ReportStatus.RUNNING:
        return _(
            "Tiến trình tạo báo cáo bị dừng giữa chừng (máy xử lý ngừng hoạt động) sau %(n)s lần thử; "
            "đã dừng tự động thử lại. Bấm “Thử lại” để tạo lại."
        ) % {"n": report.attempts}
    return _(
        "Báo cáo đã được giao cho hàng đợi %(n)s lần mà chưa được xử lý; đã dừng tự động thử lại. "
        "Bấm “Thử lại” để tạo lại."
    ) % {"n": report.attempts}


def reports_sweep(*, now=None) -> dict:
    """The periodic watch of unfinished reports (the beat job reports.sweep). Each change is a conditional
    UPDATE on the state it saw, so two sweeps at once, or a sweep racing a worker, change a report once.
    - queued and never handed to the broker (it was down): hand it over;
    - queued, handed over more than REPORT_QUEUE_TIMEOUT_SECONDS ago and still not started (message lost):
      hand it again, or fail it once REPORT_MAX_ATTEMPTS hand-offs are used;
    - running with an expired lease (its worker died): requeue it and hand it again, or fail it;
    - done, to be e-mailed, but not e-mailed (the worker died in between, or SMTP refused): hand it again
      (the job sends the e-mail without rebuilding), within the same attempts.
    Returns the counts."""
    now = now or timezone.now()
    limit = conf.max_attempts()
    summary = {"dispatched": 0, "requeued": 0, "failed": 0, "emailed": 0}
    never_handed = Q(
        status=ReportStatus.QUEUED, dispatched_at__isnull=True, created_at__lt=now - DISPATCH_GRACE
    )
    lost = Q(status=ReportStatus.QUEUED, dispatched_at__lt=now - conf.queue_timeout())
    dead = Q(status=ReportStatus.RUNNING) & _lease_expired(now)
    unsent = Q(
        status=ReportStatus.DONE,
        email_committee=True,
        emailed_at__isnull=True,
        finished_at__lt=now - conf.queue_timeout(),
        attempts__lt=limit,
    )
    for report in Report.objects.filter(never_handed | lost | dead | unsent).order_by("id")[:500]:
        outcome = report_sweep_one(report=report, now=now)
        if outcome:
            summary[outcome] += 1
    return summary


def report_sweep_one(*, report: Report, now) -> str | None:
    """The sweep's step for one report, as it was read (`report`): "dispatched", "requeued", "failed",
    "emailed" or None. Every change is conditional on that reading, so a second sweep holding the same
    stale reading changes nothing."""
    same = Q(pk=report.pk, status=report.status, attempts=report.attempts, claim=report.claim)
    if report.status == ReportStatus.DONE:
        if not Report.objects.filter(
            same, emailed_at__isnull=True, dispatched_at=report.dispatched_at
        ).update(dispatched_at=now):
            return None
        return "emailed" if report_dispatch(report_id=report.pk) else None
    if report.dispatched_at is not None and report.attempts >= conf.max_attempts():
        if not Report.objects.filter(same).update(
            status=ReportStatus.FAILED, error=_fail_message(report), finished_at=now, claim=None
        ):
            return None
        logger.warning("report %s failed after %s attempts", report.pk, report.attempts)
        return "failed"
    if report.status == ReportStatus.RUNNING:
        interrupted = _(
            "Lần tạo thứ %(n)s bị gián đoạn (máy xử lý ngừng hoạt động); đã tự động xếp hàng tạo lại."
        ) % {"n": report.attempts}
        if not Report.objects.filter(same & _lease_expired(now)).update(
            status=ReportStatus.QUEUED, claim=None, progress=0, error=interrupted
        ):
            return None
        report_dispatch(report_id=report.pk)
        return "requeued"
    if not Report.objects.filter(same, dispatched_at=report.dispatched_at).update(dispatched_at=now):
        return None  # another sweep (or the request itself) handed it over meanwhile
    return "dispatched" if report_dispatch(report_id=report.pk) else None


def report_context(*, report: Report) -> dict:
    """Everything the PDF's text prints (queries only; no transaction is held). The long lists (overdue
    tasks, the appendix) are not read here: `report_render` reads them a chunk at a time from
    `tasks_qs` as it lays the pages out."""
    period = parse_period(report.period)
    as_of = report.as_of
    tasks = selectors.report_tasks(as_of=as_of, plan=report.plan)
    summary = selectors.summary(tasks)
    labels = dict(Timeliness.choices)
    segments = [(t.value, str(labels[t]), summary["counts"][t.value]) for t in selectors.TIMELINESS_ORDER]
    units = selectors.unit_rows(tasks, as_of=as_of)
    keys = [(t.value, str(labels[t])) for t in selectors.TIMELINESS_ORDER]
    chart_units = sorted(units, key=lambda r: (-r["total"], r["unit"]))[:15]
    plan = report.plan
    counts = summary["counts"]
    done_total = counts[Timeliness.DONE_ON_TIME] + counts[Timeliness.DONE_LATE]
    done_pct = selectors.percent(done_total, summary["total"])
    overdue = selectors.overdue_figures(tasks)
    aging = aging_rows(aging_counts(tasks, as_of=as_of))
    subject = _("Tình hình thực hiện nhiệm vụ chuyển đổi số %(period)s") % {"period": period.label}
    if plan is not None:
        doc = plan.document
        subject = _("Kết quả thực hiện Kế hoạch số %(code)s %(period)s") % {
            "code": doc.code,
            "period": period.label,
        }
    return {
        "report": report,
        "aging": aging,
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
        "overdue_count": overdue["count"],
        "overdue_unit_count": overdue["units"],
        "overall_on_time_pct": selectors.percent(
            counts[Timeliness.DONE_ON_TIME], done_total + counts[Timeliness.OVERDUE]
        ),
        "done_total": done_total,
        "done_pct_display": "—" if done_pct is None else f"{format_vn_number(done_pct)}%",
        "plans": selectors.plan_figures(as_of=as_of, plan=plan),
        "timeliness_labels": labels,
        "tasks_qs": tasks,
    }


OVERDUE_ROWS = "<!--dt:overdue-rows-->"  # where report.html's overdue table goes


class AppendixRows:
    """The appendix as rows of the PDF's flow: a row for each document, then its tasks, read a chunk at
    a time; `count` is the number of tasks listed so far."""

    def __init__(self, tasks, labels: dict):
        self.tasks, self.labels, self.count = tasks, labels, 0

    def __iter__(self):
        from django.template.loader import get_template

        table = Table(open=render_to_string("reports/pdf/appendix_table.html"))
        group_row, task_row = (
            get_template("reports/pdf/appendix_group.html"),
            get_template("reports/pdf/appendix_row.html"),
        )
        document_id, groups, n = None, 0, 0
        for task in selectors.appendix_tasks(self.tasks):
            if task.document_id != document_id:
                document_id, groups, n = task.document_id, groups + 1, 0
                yield Block(group_row.render({"n": groups, "document": task.document}), table)
            n += 1
            self.count += 1
            label = self.labels.get(task.timeliness, "")
            yield Block(task_row.render({"n": n, "task": task, "label": label}), table)


def _flow(context: dict):
    """The report as a flow of blocks: its text (report.html) with the overdue rows where the table
    goes, then the appendix."""
    from django.template.loader import get_template

    text = render_to_string("reports/pdf/report.html", context)
    before, marker, after = text.partition(OVERDUE_ROWS)
    yield Block(before)
    if marker:
        table = Table(open=render_to_string("reports/pdf/overdue_table.html"))
        row = get_template("reports/pdf/overdue_row.html")
        tasks = context.get("tasks_qs")
        for n, task in enumerate(selectors.overdue_tasks(tasks, context["as_of"]), start=1):
            yield Block(row.render({"n": n, "task": task}), table)
        yield Block(after)
    if context.get("appendix") is not None:
        yield Block(render_to_string("reports/pdf/appendix_head.html", context))
        yield from context["appendix"]


def report_render(*, context: dict, on_page: Callable[[int], None] | None = None) -> tuple[bytes, int]:
    """HTML -> PDF with WeasyPrint and the fonts shipped in static/fonts (embedded), laid out a chunk of
    REPORT_PDF_CHUNK_ROWS table rows at a time (reports/pdf.py). (pdf, pages). `on_page(n)` is told of
    each page as WeasyPrint lays it out."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    stylesheet = CSS(filename=str(CSS_FILE), font_config=fonts)
    return render_flow(
        head=render_to_string("reports/pdf/head.html", context),
        blocks=_flow(context),
        stylesheets=[stylesheet],
        font_config=fonts,
        base_url=str(settings.BASE_DIR),
        chunk_rows=conf.pdf_chunk_rows(),
        on_page=on_page,
    )


class LeaseLost(Exception):
    """This run no longer holds the report (the sweep requeued it and another worker took it over)."""


class _Lease:
    """Keeps a claimed report's lease alive from a thread while it is built (the layout of a long report
    runs for minutes between two progress steps), with its own database connection. Each renewal is a
    conditional UPDATE on the claim token: when it matches nothing the lease is lost and the build stops
    at its next step (`check()`)."""

    def __init__(self, report: Report):
        self.report_id, self.claim = report.pk, report.claim
        self.interval = conf.heartbeat_seconds()
        self.lost = False
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def renewed(self, **values) -> bool:
        mine = Report.objects.filter(pk=self.report_id, claim=self.claim, status=ReportStatus.RUNNING)
        return bool(mine.update(heartbeat_at=timezone.now(), **values))

    def renew(self, **values) -> None:
        """Renew the lease (with `values`, e.g. the progress) from the building thread."""
        if not self.renewed(**values):
            self.lost = True
        self.check()

    def check(self) -> None:
        if self.lost:
            raise LeaseLost(f"report {self.report_id}: lease lost")

    def _beat(self) -> None:
        from django.db import connection

        try:
            while not self._stop.wait(self.interval):
                try:
                    if not self.renewed():
                        self.lost = True
                        return
                except Exception:  # a database hiccup: try again at the next beat
                    logger.warning("report %s: heartbeat failed", self.report_id, exc_info=True)
        finally:
            connection.close()

    def __enter__(self) -> _Lease:
        from django.db import connection

        # Inside a transaction (a test's; a build must not hold one) the thread could not see the claim.
        if self.interval > 0 and not connection.in_atomic_block:
            self._thread = threading.Thread(
                target=self._beat, name=f"report-{self.report_id}-lease", daemon=True
            )
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)


def _set_progress(
    lease: _Lease, report: Report, value: int, on_progress: ProgressCallback | None, stage: str
) -> None:
    report.progress = value
    lease.renew(progress=value)
    if on_progress is not None:
        on_progress(value, stage)


def _build_pdf(
    *, report: Report, lease: _Lease, on_progress: ProgressCallback | None
) -> tuple[bytes, int, int]:
    """The figures and the PDF of a claimed report: (pdf, pages, tasks in the appendix)."""
    _set_progress(lease, report, 5, on_progress, "query")
    context = report_context(report=report)
    appendix = AppendixRows(context["tasks_qs"], context["timeliness_labels"])
    context["appendix"] = appendix
    _set_progress(lease, report, 45, on_progress, "render")
    expected_pages = (
        6 + context["summary"]["total"] // 15
    )  # a rough estimate: the bar moves as pages are laid out
    last = [45]

    def on_page(page: int) -> None:
        lease.check()
        value = 45 + min(40, 40 * page // expected_pages)
        if value >= last[0] + 5:
            last[0] = value
            _set_progress(lease, report, value, on_progress, f"page {page}")

    document, pages = report_render(context=context, on_page=on_page)
    _set_progress(lease, report, 90, on_progress, "store")
    return document, pages, appendix.count


def report_build(*, report: Report, on_progress: ProgressCallback | None = None) -> Report | None:
    """Build the report's PDF, store it under MEDIA_ROOT and mark the report done (or failed, with the
    reason, re-raising the error). A report not claimed yet (the command, tests) is claimed first.
    Idempotent: every write is conditional on this run's claim, so a run that lost its lease (the sweep
    gave the report to another worker) stores nothing and returns None; a rebuilt file replaces the old
    one, so a report never keeps two files."""
    if report.claim is None or report.status != ReportStatus.RUNNING:
        claimed = report_claim(report_id=report.pk)
        if claimed is None:
            raise ValidationError(_("Báo cáo đang được một tiến trình khác tạo hoặc đã tạo xong."))
        report.status, report.claim, report.started_at = claimed.status, claimed.claim, claimed.started_at
    old_file = report.file.name if report.file else ""
    new_file = ""
    mine = Q(pk=report.pk, claim=report.claim, status=ReportStatus.RUNNING)
    with _Lease(report) as lease:
        try:
            pdf, pages, task_count = _build_pdf(report=report, lease=lease, on_progress=on_progress)
            report.file.save(f"{report.download_name}", ContentFile(pdf), save=False)
            new_file = report.file.name
            finished = timezone.now()
            stored = Report.objects.filter(mine).update(
                status=ReportStatus.DONE,
                progress=100,
                file=new_file,
                page_count=pages,
                task_count=task_count,
                finished_at=finished,
                heartbeat_at=finished,
                error="",
            )
            if not stored:
                raise LeaseLost(f"report {report.pk}: lease lost before storing")
        except LeaseLost:
            logger.warning("report %s: another run took it over; this run's result is dropped", report.pk)
            if new_file:
                report.file.storage.delete(new_file)
            return None
        except Exception as exc:
            if new_file:
                report.file.storage.delete(new_file)
            error = f"{type(exc).__name__}: {exc}"[:2000]
            if isinstance(exc, SoftTimeLimitExceeded):
                error = _("Tạo báo cáo quá thời gian cho phép (%(n)s giây) nên đã dừng.") % {
                    "n": conf.build_time_limit()
                }
            if isinstance(exc, TRANSIENT_ERRORS):
                report.status = ReportStatus.QUEUED
                error = _("Lỗi tạm thời (%(error)s); hệ thống sẽ tự thử lại.") % {"error": error}
                values = {"claim": None, "progress": 0}
            else:
                report.status = ReportStatus.FAILED
                values = {"finished_at": timezone.now()}
            Report.objects.filter(mine).update(status=report.status, error=error, **values)
            logger.exception("report %s: build failed (%s)", report.pk, report.status)
            raise
    report.status, report.progress, report.finished_at = ReportStatus.DONE, 100, finished
    report.page_count, report.task_count, report.error = pages, task_count, ""
    if old_file and old_file != new_file:
        report.file.storage.delete(old_file)
    if on_progress is not None:
        on_progress(100, "done")
    return report


def report_claim(*, report_id: int) -> Report | None:
    """Take a queued report (or a running one whose lease expired: its worker died) for building with a
    conditional UPDATE that sets this run's claim token and lease; None when another worker holds it, or
    it is done or failed (so a job delivered twice builds once)."""
    now = timezone.now()
    claimable = Q(status=ReportStatus.QUEUED) | (Q(status=ReportStatus.RUNNING) & _lease_expired(now))
    claimed = Report.objects.filter(claimable, pk=report_id).update(
        status=ReportStatus.RUNNING, claim=uuid.uuid4(), started_at=now, heartbeat_at=now, progress=0
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
    if report_build(report=report) is not None and report.email_committee:
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
    except Exception as exc:
        reason = _("Chưa gửi được e-mail cho Ban Chỉ đạo (%(error)s); hệ thống sẽ tự gửi lại.") % {
            "error": f"{type(exc).__name__}: {exc}"[:500]
        }
        Report.objects.filter(pk=report.pk).update(emailed_at=None, error=reason)
        raise
    Report.objects.filter(pk=report.pk).exclude(error="").update(error="")
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
