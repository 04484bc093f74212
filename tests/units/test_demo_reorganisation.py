"""The demo of `load_demo`: the 2022 organisation of the seeds, then the 2025 reorganisation of Đồng Tháp
applied through the services (fixtures/reorganisation_2025.json)."""

from datetime import date

import pytest
from django.core.management import call_command

from directives.choices import OPEN_STATUSES, EventKind
from directives.models import Task, TaskEvent
from directives.selectors import lead_unit_at
from dtsystem.units.choices import ChangeKind, UnitKind
from dtsystem.units.models import Unit, UnitChange


@pytest.fixture
def demo_2026(db, settings):
    settings.DEBUG = True
    call_command("load_demo")
    return {u.code: u for u in Unit.objects.all()}


def test_old_tasks_keep_the_old_unit_and_open_ones_moved_with_history(demo_2026):
    tttt, khcn = demo_2026["so-tttt"], demo_2026["so-khcn"]
    assert tttt.valid_until == date(2025, 2, 28) and tttt.successor == khcn and not tttt.is_active
    closed = Task.objects.filter(lead_unit=tttt)
    assert closed.exists() and not closed.filter(status__in=OPEN_STATUSES).exists()
    moved = Task.objects.filter(lead_periods__unit=tttt)
    assert moved.exists() and set(moved.values_list("lead_unit", flat=True)) == {khcn.pk}
    for task in moved:
        events = TaskEvent.objects.filter(task=task, kind=EventKind.REORGANISED)
        (event,) = [e for e in events if "lead_unit" in e.changes]
        assert event.note == (
            "Chuyển từ Sở Thông tin và Truyền thông sang Sở Khoa học và Công nghệ do sáp nhập từ 01/03/2025"
        )
    # a report of 2022 attributes every 2022 task of Sở TT&TT to Sở TT&TT
    in_2022 = Task.objects.annotate(unit_then=lead_unit_at(date(2022, 6, 30))).filter(unit_then=tttt.pk)
    assert in_2022.count() == closed.count() + moved.count()


def test_the_2025_organisation(demo_2026):
    nnmt = demo_2026["so-nnmt"]
    assert nnmt.name == "Sở Nông nghiệp và Môi trường" and nnmt.valid_from == date(2025, 3, 1)
    for old, new in [
        ("so-khdt", "so-taichinh"),
        ("so-nnptnt", "so-nnmt"),
        ("so-tnmt", "so-nnmt"),
        ("so-ldtbxh", "so-noivu"),
        ("so-gtvt", "so-xaydung"),
        ("ubnd-tiengiang", "ubnd-dt"),
    ]:
        assert demo_2026[old].successor == demo_2026[new], old
    districts = Unit.objects.filter(kind=UnitKind.DISTRICT)
    assert districts.count() == 12 and not districts.filter(valid_until__isnull=True).exists()
    communes = Unit.objects.filter(kind=UnitKind.COMMUNE, valid_until__isnull=True)
    assert communes.count() == 102
    assert communes.filter(name__startswith="Ủy ban nhân dân phường").count() == 20
    assert communes.filter(name__contains="Xã Demo").count() == 82
    assert demo_2026["ubnd-tp-caolanh"].successor == demo_2026["ubnd-p-cao-lanh"]
    assert UnitChange.objects.filter(kind=ChangeKind.MERGE).count() == 6
    assert UnitChange.objects.count() == 18


def test_load_demo_twice_applies_nothing_again(demo_2026):
    counts = (UnitChange.objects.count(), TaskEvent.objects.filter(kind=EventKind.REORGANISED).count())
    khcn_aliases = Unit.objects.get(code="so-khcn").aliases
    call_command("load_demo")
    assert (
        UnitChange.objects.count(),
        TaskEvent.objects.filter(kind=EventKind.REORGANISED).count(),
    ) == counts
    assert Unit.objects.get(code="so-khcn").aliases == khcn_aliases
    assert "Sở TT&TT" in khcn_aliases
    assert Unit.objects.get(code="tt-cntt-tt").parent.code == "so-khcn"
