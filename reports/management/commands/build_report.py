"""python manage.py build_report --out FILE.pdf [--plan NUMBER] [--period 2022-Q3] [--today YYYY-MM-DD]

Builds the progress report synchronously with the same service as the scheduled job, stores it like
any other report (listed on /reports/) and copies the PDF to --out."""

import shutil
import sys
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reports import services
from reports.choices import PeriodKind
from reports.periods import parse_period, period_containing


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today: expected YYYY-MM-DD, got {value!r}") from exc


class Command(BaseCommand):
    help = "Build the PDF progress report for the Steering Committee (same code as the scheduled job)."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="where to write the PDF")
        parser.add_argument(
            "--plan", help="only the tasks, targets and budget of this plan (its number, e.g. 145)"
        )
        parser.add_argument(
            "--period", help="2022-Q3 (a quarter) or 2022-03 (a month); default: the quarter of --today"
        )
        parser.add_argument("--today", help="the report's date, YYYY-MM-DD (default: today)")
        parser.add_argument("--number", default="", help="the report's number (default: left for the clerk)")
        parser.add_argument(
            "--email", action="store_true", help="also e-mail the PDF to the committee members"
        )

    def handle(self, *args, **options):
        from plans.models import Plan

        today = _date(options["today"]) if options["today"] else timezone.localdate()
        try:
            period = (
                parse_period(options["period"])
                if options["period"]
                else period_containing(today, PeriodKind.QUARTER)
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        plan = None
        if options["plan"]:
            number = options["plan"].split("/")[0].strip()
            plan = (
                Plan.objects.select_related("document")
                .filter(document__number=number)
                .order_by("-year", "-id")
                .first()
            )
            if plan is None:
                raise CommandError(f"no plan with number {options['plan']!r}")
        try:
            report = services.report_create(
                period=period.code,
                plan=plan,
                today=today,
                number=options["number"],
                email_committee=options["email"],
            )
        except ValidationError as exc:  # a period before the plan existed
            raise CommandError(" ".join(exc.messages)) from exc
        verbosity = options["verbosity"]

        def progress(value: int, stage: str) -> None:
            if verbosity > 1:
                self.stderr.write(f"{value:3d}% {stage}")

        try:
            services.report_build(report=report, on_progress=progress)
        except Exception as exc:
            raise CommandError(f"report {report.pk} failed: {type(exc).__name__}: {exc}") from exc
        out = Path(options["out"])
        if out.parent and not out.parent.exists():
            out.parent.mkdir(parents=True, exist_ok=True)
        with report.file.open("rb") as src, open(out, "wb") as dst:
            shutil.copyfileobj(src, dst)
        sent = services.report_email_committee(report=report) if options["email"] else 0
        self.stdout.write(
            f"report={report.pk} period={report.period} as_of={report.as_of:%Y-%m-%d} tasks={report.task_count} "
            f"pages={report.page_count} emailed={sent} out={out}"
        )
        sys.stdout.flush()
