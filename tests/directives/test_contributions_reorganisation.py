"""Open input requests follow a coordinating unit merged into a successor (issue 12 parts 3 and 4): the
successor owes the input, contributions already sent keep the unit that sent them, a closed task keeps its
unit, and a successor that now leads the task owes itself nothing."""

from datetime import date

import pytest
import time_machine

from directives import services
from directives.choices import InputRequestStatus, TaskStatus
from directives.models import Contribution, InputRequest, Task
from dtsystem.units import reorganisation
from tests.factories import UnitFactory
from tests.support.directives import make_notice

pytestmark = pytest.mark.django_db

MARCH = date(2025, 3, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 1, 15), tick=False):
        yield


def _task(office, lead_unit, *coordinating, item="1"):
    rows = [
        {
            "item": item,
            "content": f"Nhiệm vụ {item}",
            "lead_unit": lead_unit,
            "coordinating_units": list(coordinating),
            "deadline_text": "trước ngày 30/6/2026",
        }
    ]
    return make_notice(office, lead_unit, tasks=rows, number=item).tasks.get()


def test_merge_moves_open_input_requests(office, own_unit, coord_unit, other_unit, coord_lead):
    successor = UnitFactory(code="so-xd-moi", name="Sở Xây dựng (hợp nhất)", short_name="Sở XD mới")
    open_task = _task(office, own_unit, coord_unit, item="1")
    services.contribution_submit(user=coord_lead, task=open_task, text="Ý kiến trước hợp nhất")
    closed = _task(office, own_unit, coord_unit, item="2")
    Task.objects.filter(pk=closed.pk).update(status=TaskStatus.DONE, completed_on=date(2025, 2, 1))
    led_by_successor = _task(office, successor, coord_unit, item="3")
    reorganisation.units_merge(user=office, sources=[coord_unit], target=successor, date=MARCH)

    moved = InputRequest.objects.get(task=open_task)
    assert moved.unit == successor and moved.status == InputRequestStatus.SUBMITTED
    assert Contribution.objects.get().unit == coord_unit  # who sent it stays as it was
    assert InputRequest.objects.get(task=closed).unit == coord_unit
    # the successor leads task 3: it owes no input to itself
    assert (
        not InputRequest.objects.filter(task=led_by_successor, unit=successor)
        .exclude(status=InputRequestStatus.WITHDRAWN)
        .exists()
    )
