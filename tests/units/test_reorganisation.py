"""Unit reorganisation (dtsystem.units.reorganisation): every operation with its preview, its refusals
and its atomicity; the organisation of a past date in reports; names of old units in new text."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from directives import services as task_services
from directives.choices import EventKind, TaskStatus
from directives.models import Task, TaskEvent, TaskLeadPeriod
from directives.selectors import lead_unit_at
from dtsystem.units import reorganisation
from dtsystem.units.choices import ChangeKind, Role
from dtsystem.units.matching import UnitMatcher
from dtsystem.units.models import Membership, Unit, UnitChange, UnitName
from dtsystem.units.selectors import unit_name_at
from kpis.models import KpiTarget
from plans.models import BudgetLine
from tests.directives.factories import TaskFactory
from tests.factories import MembershipFactory, UnitFactory
from tests.support.world import make_line, make_plan, make_target

MARCH = date(2025, 3, 1)
TODAY = date(2026, 1, 15)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def khcn(db):
    return UnitFactory(code="so-khcn", name="Sở Khoa học và Công nghệ", short_name="Sở KH&CN", email="")


@pytest.fixture
def world(own_unit, khcn, coord_unit, lead):
    """Sở TT&TT (own_unit) with open and closed tasks, a coordinated task, KPI targets of a past and a
    current year, budget lines of a past and a current plan, and its lead (`lead`)."""
    open_task = TaskFactory(lead_unit=own_unit, coordinating_units=[coord_unit], item="1")
    paused = TaskFactory(lead_unit=own_unit, status=TaskStatus.PAUSED, item="2")
    done = TaskFactory(lead_unit=own_unit, status=TaskStatus.DONE, completed_on=date(2022, 3, 1), item="3")
    coordinated = TaskFactory(lead_unit=coord_unit, coordinating_units=[own_unit], item="4")
    led_by_target = TaskFactory(lead_unit=khcn, coordinating_units=[own_unit], item="5")
    old_plan, new_plan = make_plan(number="145", year=2022), make_plan(number="20", year=2025)
    old_kpi = make_target(old_plan, responsible_unit=own_unit, code="I.1", target_value=1)
    new_kpi = make_target(new_plan, responsible_unit=own_unit, code="I.2", target_value=1)
    old_line = make_line(old_plan, unit=own_unit, item="1")
    new_line = make_line(new_plan, unit=own_unit, item="2")
    return locals()


def merge(office, world, **kw):
    return reorganisation.units_merge(
        user=office, sources=[world["own_unit"]], target=world["khcn"], date=MARCH, **kw
    )


def test_merge_preview_lists_everything_that_moves(office, world):
    preview = reorganisation.units_merge_preview(
        sources=[world["own_unit"]], target=world["khcn"], date=MARCH
    )
    assert preview.errors == []
    by_cat = {}
    for m in preview.moves:
        by_cat.setdefault(m.category, []).append(m)
    assert {m.object_id for m in by_cat["task_lead"]} == {world["open_task"].pk, world["paused"].pk}
    assert all(m.to_unit == "Sở Khoa học và Công nghệ" for m in by_cat["task_lead"])
    coordinating = {m.object_id: m for m in by_cat["task_coordinating"]}
    assert coordinating[world["coordinated"].pk].to_unit == "Sở Khoa học và Công nghệ"
    assert coordinating[world["led_by_target"].pk].to_unit is None  # the target already leads it
    assert by_cat["task_closed"][0].label.startswith("1 ")
    kpis = {m.object_id: m.to_unit for m in by_cat["kpi_target"]}
    assert kpis == {world["old_kpi"].pk: None, world["new_kpi"].pk: "Sở Khoa học và Công nghệ"}
    lines = {m.object_id: m.to_unit for m in by_cat["budget_line"]}
    assert lines == {world["old_line"].pk: None, world["new_line"].pk: "Sở Khoa học và Công nghệ"}
    assert [m.object_id for m in by_cat["membership"]] == list(
        Membership.objects.filter(unit=world["own_unit"]).values_list("pk", flat=True)
    )
    assert "Sở TT&TT" in {m.label for m in by_cat["alias"]}
    assert by_cat["unit_email"][0].label == world["own_unit"].email
    # a preview writes nothing
    assert Task.objects.get(pk=world["open_task"].pk).lead_unit_id == world["own_unit"].pk
    assert not UnitChange.objects.exists()


def test_merge_moves_open_tasks_keeps_closed_ones_and_records(office, world, lead):
    own, khcn = world["own_unit"], world["khcn"]
    change = merge(office, world, note="Nghị quyết của HĐND tỉnh (thử)")
    own.refresh_from_db()
    assert (own.valid_until, own.successor, own.is_active) == (date(2025, 2, 28), khcn, False)
    assert Task.objects.get(pk=world["open_task"].pk).lead_unit == khcn
    assert Task.objects.get(pk=world["paused"].pk).lead_unit == khcn
    assert Task.objects.get(pk=world["done"].pk).lead_unit == own
    event = TaskEvent.objects.get(task=world["open_task"], kind=EventKind.REORGANISED)
    assert event.note == (
        "Chuyển từ Sở Thông tin và Truyền thông sang Sở Khoa học và Công nghệ do sáp nhập từ 01/03/2025"
    )
    assert event.actor == office
    period = TaskLeadPeriod.objects.get(task=world["open_task"])
    assert (period.unit, period.valid_until) == (own, date(2025, 2, 28))
    assert set(world["coordinated"].coordinating_units.all()) == {khcn}
    assert set(world["led_by_target"].coordinating_units.all()) == set()
    assert KpiTarget.objects.get(pk=world["old_kpi"].pk).responsible_unit == own
    assert KpiTarget.objects.get(pk=world["new_kpi"].pk).responsible_unit == khcn
    assert BudgetLine.objects.get(pk=world["old_line"].pk).unit == own
    assert BudgetLine.objects.get(pk=world["new_line"].pk).unit == khcn
    assert Membership.objects.get(user=lead, role=Role.LEAD).unit == khcn
    khcn.refresh_from_db()
    assert khcn.email == own.email and "Sở TT&TT" in khcn.aliases
    assert change.kind == ChangeKind.MERGE and change.created_by == office
    assert list(change.from_units.all()) == [own] and list(change.to_units.all()) == [khcn]
    assert change.summary["counts"]["task_lead"] == 2
    assert change.note == "Nghị quyết của HĐND tỉnh (thử)"


def test_merge_into_a_new_unit(office, own_unit, other_unit):
    TaskFactory(lead_unit=own_unit)
    TaskFactory(lead_unit=other_unit)
    change = reorganisation.units_merge(
        user=office,
        sources=[own_unit, other_unit],
        new_name="Sở Mới Hợp Nhất",
        new_short_name="Sở MHN",
        date=MARCH,
    )
    new = Unit.objects.get(name="Sở Mới Hợp Nhất")
    assert new.valid_from == MARCH and new.short_name == "Sở MHN"
    assert Task.objects.filter(lead_unit=new).count() == 2
    assert set(change.from_units.all()) == {own_unit, other_unit}


def test_report_of_a_past_date_uses_the_organisation_of_then(office, world):
    merge(office, world)
    task = world["open_task"]

    def lead_on(day):
        return Task.objects.annotate(unit_then=lead_unit_at(day)).get(pk=task.pk).unit_then

    assert lead_on(date(2022, 6, 30)) == world["own_unit"].pk
    assert lead_on(date(2025, 2, 28)) == world["own_unit"].pk  # the last day of the old unit
    assert lead_on(MARCH) == world["khcn"].pk  # the first day of the new one
    assert lead_on(TODAY) == world["khcn"].pk


def test_operation_is_atomic(office, world, monkeypatch):
    """A failure after the tasks moved (the KPI mover breaks) leaves nothing changed."""

    def broken(transfer, *, user, change):
        raise RuntimeError("boom")

    mover = reorganisation._movers["kpis"]
    monkeypatch.setitem(reorganisation._movers, "kpis", reorganisation.Mover("kpis", mover.preview, broken))
    with pytest.raises(RuntimeError):
        merge(office, world)
    own = Unit.objects.get(pk=world["own_unit"].pk)
    assert own.valid_until is None and own.is_active and own.successor is None
    assert Task.objects.filter(lead_unit=own).count() == 3
    assert not TaskEvent.objects.filter(kind=EventKind.REORGANISED).exists()
    assert not TaskLeadPeriod.objects.exists() and not UnitChange.objects.exists()
    assert Membership.objects.filter(unit=own).count() == 1


def test_only_office_reorganises(lead, world):
    with pytest.raises(PermissionDenied):
        merge(lead, world)
    assert not UnitChange.objects.exists()


def test_operation_dated_before_the_unit_existed_is_refused(office, world):
    Unit.objects.filter(pk=world["own_unit"].pk).update(valid_from=date(2025, 6, 1))
    world["own_unit"].refresh_from_db()
    with pytest.raises(ValidationError, match="trước ngày đơn vị"):
        merge(office, world)
    assert not UnitChange.objects.exists()


def test_future_date_and_ended_target_are_refused(office, world, other_unit):
    with pytest.raises(ValidationError, match="sau hôm nay"):
        reorganisation.units_merge(
            user=office, sources=[world["own_unit"]], target=world["khcn"], date=date(2026, 1, 16)
        )
    Unit.objects.filter(pk=other_unit.pk).update(valid_until=date(2024, 12, 31), is_active=False)
    other_unit.refresh_from_db()
    with pytest.raises(ValidationError, match="đã hết hiệu lực"):
        reorganisation.units_merge(user=office, sources=[world["own_unit"]], target=other_unit, date=MARCH)


def test_dissolve_without_successor_is_refused_while_tasks_are_open(office, world):
    with pytest.raises(ValidationError, match="không còn đơn vị chủ trì"):
        reorganisation.unit_dissolve(user=office, unit=world["own_unit"], successor=None, date=MARCH)
    assert Unit.objects.get(pk=world["own_unit"].pk).is_active


def test_dissolve_with_successor(office, world, other_unit):
    change = reorganisation.unit_dissolve(
        user=office, unit=world["own_unit"], successor=other_unit, date=MARCH
    )
    assert Task.objects.get(pk=world["open_task"].pk).lead_unit == other_unit
    assert (
        "do giải thể từ 01/03/2025"
        in TaskEvent.objects.get(task=world["open_task"], kind=EventKind.REORGANISED).note
    )
    assert change.kind == ChangeKind.DISSOLVE


def test_dissolve_without_open_tasks_and_without_successor(office, other_unit):
    TaskFactory(lead_unit=other_unit, status=TaskStatus.CANCELLED)
    reorganisation.unit_dissolve(user=office, unit=other_unit, successor=None, date=MARCH)
    other_unit.refresh_from_db()
    assert other_unit.valid_until == date(2025, 2, 28) and other_unit.successor is None


def test_split_needs_a_choice_for_every_open_task(office, own_unit, other_unit, khcn):
    a = TaskFactory(lead_unit=own_unit)
    b = TaskFactory(lead_unit=own_unit)
    preview = reorganisation.unit_split_preview(
        unit=own_unit, targets=[other_unit, khcn], task_targets={a.pk: khcn}, date=MARCH
    )
    assert len(preview.errors) == 1 and f"#{b.pk}" in preview.errors[0]
    with pytest.raises(ValidationError, match="chưa được chọn đơn vị nhận"):
        reorganisation.unit_split(
            user=office, unit=own_unit, targets=[other_unit, khcn], task_targets={a.pk: khcn}, date=MARCH
        )
    assert Task.objects.filter(lead_unit=own_unit).count() == 2
    reorganisation.unit_split(
        user=office,
        unit=own_unit,
        targets=[other_unit, khcn],
        task_targets={a.pk: khcn, b.pk: other_unit},
        date=MARCH,
    )
    assert Task.objects.get(pk=a.pk).lead_unit == khcn and Task.objects.get(pk=b.pk).lead_unit == other_unit
    own_unit.refresh_from_db()
    assert own_unit.successor == other_unit  # the first target carries on the rest


def test_split_refuses_a_choice_outside_the_targets(office, own_unit, other_unit, khcn, coord_unit):
    a = TaskFactory(lead_unit=own_unit)
    with pytest.raises(ValidationError, match="không thuộc các đơn vị nhận"):
        reorganisation.unit_split_preview(
            unit=own_unit, targets=[other_unit, khcn], task_targets={a.pk: coord_unit}, date=MARCH
        )


def test_rename_keeps_the_old_name_for_old_records(office, own_unit):
    task = TaskFactory(lead_unit=own_unit)
    change = reorganisation.unit_rename(
        user=office, unit=own_unit, name="Sở Số và Truyền thông", short_name="Sở S&TT", date=MARCH
    )
    own_unit.refresh_from_db()
    assert own_unit.name == "Sở Số và Truyền thông" and own_unit.is_active
    assert UnitName.objects.get(unit=own_unit).name == "Sở Thông tin và Truyền thông"
    assert unit_name_at(own_unit, date(2022, 1, 1)) == "Sở Thông tin và Truyền thông"
    assert unit_name_at(own_unit, date(2025, 2, 28)) == "Sở Thông tin và Truyền thông"
    assert unit_name_at(own_unit, MARCH) == "Sở Số và Truyền thông"
    assert Task.objects.get(pk=task.pk).lead_unit == own_unit  # nothing moves
    assert UnitMatcher().match("Sở Thông tin và Truyền thông") == own_unit
    assert change.kind == ChangeKind.RENAME


def test_rename_to_an_existing_name_is_refused(office, own_unit, other_unit):
    with pytest.raises(ValidationError, match="Đã có đơn vị tên"):
        reorganisation.unit_rename(user=office, unit=own_unit, name="sở y tế", date=MARCH)
    own_unit.refresh_from_db()
    assert own_unit.name == "Sở Thông tin và Truyền thông" and not UnitName.objects.exists()


def test_move_under_a_new_parent(office, own_unit, other_unit):
    child = UnitFactory(parent=own_unit)
    with pytest.raises(ValidationError, match="chính nó"):
        reorganisation.unit_move(user=office, unit=own_unit, parent=child, date=MARCH)
    change = reorganisation.unit_move(user=office, unit=own_unit, parent=other_unit, date=MARCH)
    own_unit.refresh_from_db()
    assert own_unit.parent == other_unit and change.kind == ChangeKind.MOVE
    assert change.summary["moves"][-1]["to"] == other_unit.name


def test_old_names_resolve_to_the_successor_for_new_text(office, world):
    merge(office, world)
    matcher = UnitMatcher()
    assert matcher.match("Sở TT&TT") == world["khcn"]
    assert matcher.match("Sở Thông tin và Truyền thông") == world["khcn"]
    from assistant.selectors import known_units

    by_id = {u.id: u for u in known_units()}
    assert world["own_unit"].pk not in by_id
    assert "Sở TT&TT" in by_id[world["khcn"].pk].aliases


def test_a_unit_that_ended_gets_no_new_tasks(office, world, notice):
    merge(office, world)
    own = Unit.objects.get(pk=world["own_unit"].pk)
    with pytest.raises(ValidationError, match="đã hết hiệu lực từ 01/03/2025") as caught:
        task_services.task_create(user=office, document=notice, content="Việc mới", lead_unit=own)
    assert "Sở Khoa học và Công nghệ" in str(caught.value)
    task = task_services.task_create(
        user=office, document=notice, content="Việc mới", lead_unit=world["khcn"]
    )
    with pytest.raises(ValidationError, match="đã hết hiệu lực"):
        task_services.task_update(user=office, task=task, version=task.version, lead_unit=own)


def test_membership_already_in_target_is_not_doubled(office, world, lead):
    MembershipFactory(user=lead, unit=world["khcn"], role=Role.LEAD)
    merge(office, world)
    assert Membership.objects.filter(user=lead, unit=world["khcn"], role=Role.LEAD).count() == 1


def test_report_and_league_use_the_organisation_of_the_date(office, world):
    """Before the merger the tasks count for Sở TT&TT; after it, for Sở KH&CN, the closed one included
    (a unit that had ended counts under its successor); a renamed unit shows the name of the date."""
    from dashboard.selectors import task_figures
    from reports.selectors import report_tasks, unit_rows

    merge(office, world)
    reorganisation.unit_rename(
        user=office, unit=world["khcn"], name="Sở Khoa học, Công nghệ và Số", date=TODAY
    )
    own, khcn = world["own_unit"], world["khcn"]
    mine = Task.objects.filter(pk__in=[world[k].pk for k in ("open_task", "paused", "done")])

    def report(day):
        return {
            row["unit"]: row["total"]
            for row in unit_rows(report_tasks(as_of=day).filter(pk__in=mine), as_of=day)
        }

    def league(day):
        qs = report_tasks(as_of=day).filter(pk__in=mine)
        return {row["unit_id"]: row["assigned"] for row in task_figures(qs, as_of=day)["league"]}

    assert report(date(2025, 2, 28)) == {"Sở Thông tin và Truyền thông": 3}
    assert report(MARCH) == {"Sở Khoa học và Công nghệ": 3}  # the name it had on that day
    assert report(TODAY) == {"Sở Khoa học, Công nghệ và Số": 3}
    assert league(date(2025, 2, 28)) == {own.pk: 3}
    assert league(MARCH) == {khcn.pk: 3}
