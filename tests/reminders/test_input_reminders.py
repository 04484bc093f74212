"""Coordinating units are reminded of their own input deadline (issue 12, part 3): at the same stages as a
task's deadline, once each (run twice, one e-mail), and no more once they have sent their input."""

from datetime import date, timedelta

import pytest

from directives import services as directive_services
from directives.models import InputRequest
from reminders import selectors, services
from reminders.choices import ReminderKind
from reminders.models import Delivery
from tests.support.directives import make_notice

pytestmark = pytest.mark.django_db

DUE = date(2022, 3, 15)  # Tuesday
INPUT_DUE = date(2022, 3, 8)  # 5 working days before


@pytest.fixture
def task(office, own_unit, coord_unit, lead, coord_lead):
    rows = [
        {
            "item": "2",
            "content": "Triển khai nền tảng chia sẻ dữ liệu",
            "lead_unit": own_unit,
            "coordinating_units": [coord_unit],
            "deadline_text": "trước ngày 15/3/2022",
        }
    ]
    task = make_notice(office, own_unit, tasks=rows).tasks.get()
    assert InputRequest.objects.get().due_date == INPUT_DUE
    return task


def _input_mails(mailoutbox, address):
    return [m for m in mailoutbox if address in m.to and "Hạn gửi ý kiến" in m.body]


def test_stages_of_the_input_deadline(task, coord_unit):
    config = services.reminder_settings_get()
    assert selectors.input_due_requests(today=date(2022, 2, 28), config=config) == []
    assert selectors.input_due_requests(today=date(2022, 3, 1), config=config) == [
        (task.pk, coord_unit.pk, date(2022, 3, 1))
    ]
    assert selectors.input_due_requests(today=INPUT_DUE, config=config) == [
        (task.pk, coord_unit.pk, INPUT_DUE)
    ]
    assert selectors.input_due_requests(today=INPUT_DUE + timedelta(days=1), config=config) == []


def test_sent_once_per_stage_to_the_coordinating_unit(task, coord_lead, coord_unit, mailoutbox):
    sent_on = []
    day = date(2022, 2, 25)
    while day <= date(2022, 3, 10):
        before = len(_input_mails(mailoutbox, coord_lead.email))
        services.reminders_send(today=day)
        services.reminders_send(today=day)  # the job run twice: still one e-mail
        if len(_input_mails(mailoutbox, coord_lead.email)) > before:
            assert len(_input_mails(mailoutbox, coord_lead.email)) - before == 1
            sent_on.append(day)
        day += timedelta(days=1)
    assert sent_on == [date(2022, 3, 1), date(2022, 3, 5), date(2022, 3, 7), INPUT_DUE]
    mail = _input_mails(mailoutbox, coord_lead.email)[0]
    assert "08/03/2022" in mail.body and f"/tasks/{task.pk}/#contributions" in mail.body
    assert len(_input_mails(mailoutbox, coord_unit.email)) == 4  # the unit's own address too
    assert Delivery.objects.filter(kind=ReminderKind.INPUT_DUE, recipient=coord_lead.email).count() == 4


def test_no_reminder_once_the_input_is_sent(task, coord_lead, mailoutbox):
    services.reminders_send(today=date(2022, 3, 1))
    assert len(_input_mails(mailoutbox, coord_lead.email)) == 1
    directive_services.contribution_submit(user=coord_lead, task=task, text="Ý kiến đã gửi")
    services.reminders_send(today=date(2022, 3, 5))
    services.reminders_send(today=INPUT_DUE)
    assert len(_input_mails(mailoutbox, coord_lead.email)) == 1


def test_the_lead_gets_no_input_reminder(task, lead, mailoutbox):
    services.reminders_send(today=INPUT_DUE)
    assert not _input_mails(mailoutbox, lead.email)
