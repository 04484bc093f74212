"""The permission matrix of reports (tests/support/permissions.py): the office, the committee and the
administrator read reports: they ask for one, build a failed one again and download it; unit users
may not (policy.VIEW_REPORTS)."""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile

from reports import services
from reports.choices import ReportStatus
from reports.models import Report
from tests.support.permissions import OFFICE, Action, PermissionMatrix

READERS = OFFICE | {"committee"}


def _report(w):
    return [w.report.pk]


def _failed(w):
    Report.objects.filter(pk=w.report.pk).update(status=ReportStatus.FAILED, error="OSError: hết chỗ")


def _pdf(w):
    return b"".join(w.response.streaming_content).startswith(b"%PDF")


ACTIONS = (
    Action("report list", "reports:report_list", READERS, method="get"),
    Action("report status", "reports:report_status", READERS, method="get", args=_report),
    Action("download", "reports:report_download", READERS, method="get", args=_report, answer=_pdf),
    Action(
        "request a report",
        "reports:report_list",
        READERS,
        data={"part": "Q1", "year": "2022", "plan": "", "number": ""},
        effect=lambda w: w.actor is not None and Report.objects.filter(created_by=w.actor).exists(),
    ),
    Action(
        "retry",
        "reports:report_retry",
        READERS,
        args=_report,
        setup=_failed,
        effect=lambda w: Report.objects.get(pk=w.report.pk).status == ReportStatus.QUEUED,
    ),
)


class TestReportWrites(PermissionMatrix):
    actions = ACTIONS
    observe = (Report,)

    @pytest.fixture
    def world(self, db):
        """A finished report of 2022-Q1, its PDF under the private MEDIA_ROOT (tests/reports/conftest.py)."""
        report = services.report_create(period="2022-Q1", today=date(2022, 3, 31))
        report.file.save("r.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.DONE, progress=100, file=report.file.name
        )
        return SimpleNamespace(report=report)
