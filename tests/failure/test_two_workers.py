"""Two workers run the same scheduled job at the same moment (two beats, a redelivery during a run): the
reminders, the recurring task instances and the scheduled report each come out once — no duplicate row,
no second e-mail."""

from datetime import date, timedelta

import pytest

from directives.choices import DeadlineKind, Recurrence
from directives.models import Task
from dtsystem.units.choices import Role
from reminders.models import Delivery
from reports.models import Report
from tests.directives.factories import DocumentFactory, TaskFactory
from tests.factories import MembershipFactory, UserFactory
from tests.support.jobs import SmtpSink

pytestmark = [pytest.mark.live, pytest.mark.django_db(transaction=True)]

TODAY = date(2022, 4, 1)


@pytest.fixture
def smtp():
    with SmtpSink() as sink:
        yield sink


def _twice_at_once(app, name: str, *args) -> list:
    """The same job sent twice; each of the two idle workers takes one (prefetch 1), so they overlap."""
    results = [app.send_task(name, args=list(args)) for _ in range(2)]
    return [r.get(timeout=120) for r in results]


def test_the_same_scheduled_job_on_two_workers_at_once_writes_and_sends_once(
    broker, start_worker, smtp, own_unit, committee, media
):
    lead = MembershipFactory(unit=own_unit, role=Role.LEAD, user=UserFactory(username="twin_lead")).user
    for n in range(6):
        TaskFactory(lead_unit=own_unit, due_date=TODAY + timedelta(days=n % 3), content=f"Việc {n}")
    document = DocumentFactory(issue_year=2022, issue_month=1, issue_day=10)
    template = TaskFactory(
        document=document,
        lead_unit=own_unit,
        deadline_kind=DeadlineKind.RECURRING,
        recurrence=Recurrence.MONTHLY,
        deadline_text="hằng tháng",
        content="Báo cáo tình hình hằng tháng",
    )
    for _ in range(2):
        start_worker(EMAIL_URL=smtp.email_url)

    daily = _twice_at_once(broker, "reminders.send_daily", TODAY.isoformat())
    assert sum(r["sent"] for r in daily) == len(smtp.messages) > 0
    keys = list(Delivery.objects.values_list("recipient", "task_id", "kind", "day"))
    assert len(keys) == len(set(keys))
    reminded = [tuple(m.rcpt_tos) for m in smtp.messages]
    assert len(reminded) == len(set(reminded)) and (lead.email,) in reminded

    recurring = _twice_at_once(broker, "directives.generate_recurring_tasks", TODAY.isoformat())
    assert sum(r["created"] for r in recurring) == 2  # this month's and next month's instance
    periods = list(Task.objects.filter(recurrence_parent=template).values_list("period_label", flat=True))
    assert len(periods) == 2 and len(set(periods)) == 2

    before = len(smtp.messages)
    _twice_at_once(broker, "reports.build_scheduled", "quarter", TODAY.isoformat())
    report = Report.objects.get()
    assert (report.period, report.scheduled, report.status) == ("2022-Q1", True, "done")
    report_mail = smtp.messages[before:]
    assert len(report_mail) == 1 and report_mail[0].rcpt_tos == [committee.email]
    assert len(list(media.rglob("*.pdf"))) == 1
