"""Group orders (one parent, one child per member unit, figures rolled up from the children) and
forwarding down (a lead unit's sub-tasks for its divisions or xã/phường): services, roll-up at boundary
dates, counts, visibility and refusals with nothing half-saved."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from dashboard.selectors import build_filters, dashboard_data
from directives import selectors, services
from directives.choices import Issuer, SourceKind, TaskKind, TaskStatus, Timeliness
from directives.models import Task, TaskEvent
from dtsystem.common.exceptions import InvalidState
from dtsystem.units.choices import GroupMembership, Role, UnitKind
from dtsystem.units.models import UnitGroup
from tests.factories import MembershipFactory, UnitFactory, UserFactory

DUE = date(2030, 3, 31)


@pytest.fixture
def communes(db):
    return [
        UnitFactory(
            code=f"xa-{i}", name=f"UBND xã Thử nghiệm {i}", short_name=f"Xã {i}", kind=UnitKind.COMMUNE
        )
        for i in range(3)
    ]


@pytest.fixture
def commune_group(communes):
    return UnitGroup.objects.get(key="communes")


def _group_order(office, notice, group, **fields):
    fields.setdefault("content", "Rà soát, cập nhật danh mục thủ tục hành chính trực tuyến")
    fields.setdefault("due_date", DUE)
    return services.task_create_for_group(user=office, document=notice, unit_group=group, **fields)


def _finish(task, day):
    Task.objects.filter(pk=task.pk).update(status=TaskStatus.DONE, completed_on=day, progress=100)


# ------------------------------------------------------------------------------------------------ fan-out


def test_seeded_groups_carry_the_assistant_keys(db):
    groups = {g.key: g for g in UnitGroup.objects.all()}
    assert groups["departments"].name == "Các sở, ban, ngành tỉnh"
    assert groups["departments"].unit_kind == UnitKind.DEPARTMENT
    assert groups["communes"].name == "UBND các xã, phường"
    assert groups["communes"].unit_kind == UnitKind.COMMUNE
    assert groups["mass_orgs"].membership_kind == GroupMembership.BY_KIND


def test_a_group_order_fans_out_to_one_full_task_per_member(
    office, notice, commune_group, communes, coord_unit
):
    parent = _group_order(office, notice, commune_group, item="3", coordinating_units=[coord_unit])
    assert parent.kind == TaskKind.GROUP and parent.lead_unit is None and parent.unit_group == commune_group
    children = list(parent.children.order_by("lead_unit__name"))
    assert [c.lead_unit for c in children] == sorted(communes, key=lambda u: u.name)
    for child in children:
        assert child.kind == TaskKind.MEMBER
        assert (child.item, child.due_date, child.status, child.progress) == ("3", DUE, TaskStatus.NEW, 0)
        assert list(child.coordinating_units.all()) == [coord_unit]
        assert child.events.get().kind == "created"
    assert parent.events.get().changes["members"] == [None, 3]


def test_a_unit_kind_group_is_evaluated_when_used(office, notice, commune_group, communes):
    communes[0].is_active = False
    communes[0].save()
    late_joiner = UnitFactory(kind=UnitKind.COMMUNE, name="UBND phường Mới")
    parent = _group_order(office, notice, commune_group)
    leads = set(parent.children.values_list("lead_unit_id", flat=True))
    assert leads == {communes[1].pk, communes[2].pk, late_joiner.pk}


def test_an_empty_group_is_refused_and_nothing_is_saved(office, notice):
    empty = UnitGroup.objects.create(name="Nhóm trống", membership_kind=GroupMembership.BY_LIST)
    before = (Task.objects.count(), TaskEvent.objects.count(), notice.version)
    with pytest.raises(ValidationError) as exc:
        _group_order(office, notice, empty)
    assert "chưa có đơn vị thành viên" in str(exc.value)
    notice.refresh_from_db()
    assert (Task.objects.count(), TaskEvent.objects.count(), notice.version) == before


def test_a_document_with_an_empty_group_row_saves_nothing(office, own_unit):
    empty = UnitGroup.objects.create(name="Nhóm trống", membership_kind=GroupMembership.BY_LIST)
    from tests.support.directives import make_notice

    with pytest.raises(ValidationError):
        make_notice(
            office,
            own_unit,
            tasks=[
                {"content": "Việc của Sở", "lead_unit": own_unit},
                {"content": "Việc của nhóm", "lead_unit": None, "unit_group": empty},
            ],
        )
    assert not Task.objects.exists()


def test_only_the_office_addresses_orders_to_groups(lead, notice, commune_group):
    with pytest.raises(PermissionDenied):
        _group_order(lead, notice, commune_group)
    assert not Task.objects.exists()


def test_members_added_later_get_the_order_when_the_office_chooses(office, notice, commune_group, communes):
    parent = _group_order(office, notice, commune_group)
    first, second = UnitFactory(kind=UnitKind.COMMUNE), UnitFactory(kind=UnitKind.COMMUNE)
    assert {u.pk for u in services.group_members_not_given(parent)} == {first.pk, second.pk}
    services.group_add_members_to_task(task=parent, user=office, units=[first])
    assert parent.children.count() == 4
    assert [u.pk for u in services.group_members_not_given(parent)] == [second.pk]
    with pytest.raises(ValidationError):  # already given: refused, nothing added
        services.group_add_members_to_task(task=parent, user=office, units=[first, second])
    assert parent.children.count() == 4
    assert parent.events.filter(kind="members_added").count() == 1


def test_a_group_order_has_no_workflow_of_its_own(office, notice, commune_group, communes):
    parent = _group_order(office, notice, commune_group)
    with pytest.raises(InvalidState):
        services.task_transition(task=parent, user=office, to=TaskStatus.IN_PROGRESS)
    with pytest.raises(InvalidState):
        services.task_report_progress(task=parent, user=office, percent=10)
    services.task_transition(task=parent, user=office, to=TaskStatus.CANCELLED, reason="Văn bản thay thế")
    assert set(parent.children.values_list("status", flat=True)) == {TaskStatus.CANCELLED}


def test_cancelling_the_document_cancels_the_group_order_and_its_children(
    office, notice, commune_group, communes
):
    parent = _group_order(office, notice, commune_group)
    services.document_cancel(user=office, document=notice, reason="Thu hồi")
    assert set(Task.objects.filter(document=notice).values_list("status", flat=True)) == {
        TaskStatus.CANCELLED
    }
    parent.refresh_from_db()
    assert parent.status == TaskStatus.CANCELLED


# ------------------------------------------------------------------------------------------------ roll-up


def _rollup(parent, as_of):
    return selectors.children_rollups([parent.pk], as_of=as_of)[parent.pk]


@pytest.mark.parametrize(
    ("finished", "as_of", "expected"),
    [
        # (completion day of each child, or None for open), the date, the parent's timeliness
        ((None, None, None), DUE, Timeliness.ON_TRACK),  # due today: still on track
        ((None, None, None), DUE + timedelta(days=1), Timeliness.OVERDUE),  # due yesterday
        ((DUE, DUE, DUE), DUE, Timeliness.DONE_ON_TIME),  # all done on the due date
        (
            (DUE, DUE, DUE + timedelta(days=1)),
            DUE + timedelta(days=1),
            Timeliness.DONE_LATE,
        ),  # one a day late
        ((DUE, None, None), DUE, Timeliness.ON_TRACK),  # some done, the rest due today
        ((DUE, None, None), DUE + timedelta(days=1), Timeliness.OVERDUE),  # one child late among many
        (
            (DUE + timedelta(days=1), None, None),
            DUE + timedelta(days=1),
            Timeliness.OVERDUE,
        ),  # done late, open
    ],
)
def test_the_parent_rolls_up_its_children_at_boundary_dates(
    office, notice, commune_group, finished, as_of, expected
):
    parent = _group_order(office, notice, commune_group)
    assert parent.children.count() == 3, list(
        parent.children.values_list("lead_unit__name", "lead_unit__kind")
    )
    for child, day in zip(parent.children.order_by("pk"), finished, strict=True):
        if day is not None:
            _finish(child, day)
    rollup = _rollup(parent, as_of)
    assert rollup.timeliness == expected
    done = sum(1 for d in finished if d is not None)
    assert rollup.done == done and rollup.total == 3
    assert rollup.status == (
        TaskStatus.DONE if done == 3 else TaskStatus.IN_PROGRESS if done else TaskStatus.NEW
    )
    assert rollup.progress == done * 100 // 3
    # the parent itself is outside every count; its children are the units' tasks
    annotated = selectors.task_queryset(user=office, as_of=as_of).get(pk=parent.pk)
    assert annotated.timeliness is None


def test_cancelled_children_leave_the_roll_up(office, notice, commune_group, communes):
    parent = _group_order(office, notice, commune_group)
    first, *rest = parent.children.order_by("pk")
    services.task_transition(task=first, user=office, to=TaskStatus.CANCELLED, reason="Đơn vị giải thể")
    for child in rest:
        _finish(child, DUE)
    rollup = _rollup(parent, DUE)
    assert (rollup.total, rollup.status, rollup.timeliness) == (2, TaskStatus.DONE, Timeliness.DONE_ON_TIME)


def test_the_dashboard_counts_a_group_of_n_units_n_times(office, notice, commune_group, communes, own_unit):
    services.task_create(user=office, document=notice, content="Việc riêng", lead_unit=own_unit, due_date=DUE)
    _group_order(office, notice, commune_group)
    data = dashboard_data(user=office, filters=build_filters(as_of=DUE))
    assert data["totals"]["total"] == 1 + len(communes)
    assert sum(row["assigned"] for row in data["league"]) == 1 + len(communes)
    assert {row["unit_id"] for row in data["league"]} == {own_unit.pk, *(u.pk for u in communes)}


def test_reminders_never_go_to_a_group_parent(office, notice, commune_group, communes):
    from reminders.selectors import remindable_tasks

    parent = _group_order(office, notice, commune_group)
    ids = set(remindable_tasks(DUE).values_list("pk", flat=True))
    assert parent.pk not in ids
    assert ids == set(parent.children.values_list("pk", flat=True))


# ------------------------------------------------------------------------------------------------- bulk confirm


def test_the_office_confirms_several_children_in_one_step(office, notice, commune_group, communes):
    parent = _group_order(office, notice, commune_group)
    children = list(parent.children.order_by("pk"))
    for child in children[:2]:
        services.task_transition(task=child, user=office, to=TaskStatus.REPORTED_DONE)
    fresh = list(Task.objects.filter(pk__in=[c.pk for c in children[:2]]))
    assert services.task_children_confirm(task=parent, user=office, children=fresh) == 2
    assert sorted(Task.objects.filter(parent=parent).values_list("status", flat=True)) == [
        TaskStatus.DONE,
        TaskStatus.DONE,
        TaskStatus.NEW,
    ]
    for child in children[:2]:
        assert child.events.filter(
            kind="status", changes__status=[TaskStatus.REPORTED_DONE, TaskStatus.DONE]
        ).exists()


def test_bulk_confirm_refuses_all_when_one_child_is_not_reported(office, notice, commune_group, communes):
    parent = _group_order(office, notice, commune_group)
    reported, fresh_child, _ = parent.children.order_by("pk")
    services.task_transition(task=reported, user=office, to=TaskStatus.REPORTED_DONE)
    reported.refresh_from_db()
    with pytest.raises(ValidationError):
        services.task_children_confirm(task=parent, user=office, children=[reported, fresh_child])
    reported.refresh_from_db()
    assert reported.status == TaskStatus.REPORTED_DONE


# ------------------------------------------------------------------------------------------------- forwarding


@pytest.fixture
def division(own_unit):
    return UnitFactory(name="Phòng Bưu chính - Viễn thông", kind=UnitKind.OTHER, parent=own_unit)


@pytest.fixture
def lead_task(office, notice, own_unit):
    return services.task_create(
        user=office, document=notice, content="Triển khai nền tảng số", lead_unit=own_unit, due_date=DUE
    )


def test_the_lead_forwards_to_its_division_and_a_commune(lead, lead_task, division, communes):
    parts = [(division, "Xây dựng hướng dẫn", DUE - timedelta(days=10)), (communes[0], "", DUE)]
    children = services.task_forward(task=lead_task, user=lead, parts=parts)
    assert [(c.kind, c.lead_unit, c.due_date, c.parent_id) for c in children] == [
        (TaskKind.FORWARDED, division, DUE - timedelta(days=10), lead_task.pk),
        (TaskKind.FORWARDED, communes[0], DUE, lead_task.pk),
    ]
    assert children[1].content == lead_task.content  # a part without content takes the task's
    assert lead_task.events.filter(kind="forwarded").count() == 1


@pytest.mark.parametrize("case", ["after the parent's deadline", "not under the lead", "the lead itself"])
def test_bad_forwarding_is_refused_with_nothing_saved(lead, lead_task, division, other_unit, own_unit, case):
    parts = {
        "after the parent's deadline": [(division, "", DUE), (division, "", DUE + timedelta(days=1))],
        "not under the lead": [(division, "", DUE), (other_unit, "", DUE)],
        "the lead itself": [(own_unit, "", DUE)],
    }[case]
    before = (Task.objects.count(), TaskEvent.objects.count())
    with pytest.raises(ValidationError) as exc:
        services.task_forward(task=lead_task, user=lead, parts=parts)
    assert exc.value.message_dict["parts"]
    assert (Task.objects.count(), TaskEvent.objects.count()) == before


def test_a_sub_deadline_on_the_parents_deadline_is_accepted(lead, lead_task, division):
    (child,) = services.task_forward(task=lead_task, user=lead, parts=[(division, "", DUE)])
    assert child.due_date == DUE


def test_only_the_lead_units_leader_forwards(staff, other_lead, office, lead_task, division):
    for user in (staff, other_lead, office):
        with pytest.raises(PermissionDenied):
            services.task_forward(task=lead_task, user=user, parts=[(division, "", DUE)])
    assert not lead_task.children.exists()


def test_progress_is_suggested_from_the_parts_then_confirmed_by_the_lead(lead, lead_task, division, communes):
    first, second = services.task_forward(
        task=lead_task, user=lead, parts=[(division, "", DUE), (communes[0], "", DUE)]
    )
    services.task_report_progress(task=first, user=lead, percent=80)
    Task.objects.filter(pk=second.pk).update(progress=40)
    rollup = selectors.children_rollups([lead_task.pk], as_of=DUE)[lead_task.pk]
    assert rollup.progress == 60
    lead_task.refresh_from_db()
    assert lead_task.progress == 0  # suggested, not applied until the lead confirms
    services.task_report_progress(task=lead_task, user=lead, percent=rollup.progress, note="Tổng hợp")
    lead_task.refresh_from_db()
    assert lead_task.progress == 60


def test_visibility_province_sees_all_sub_units_only_theirs(
    lead, office, committee, lead_task, division, communes
):
    division_staff = MembershipFactory(unit=division, role=Role.STAFF, user=UserFactory()).user
    commune_lead = MembershipFactory(unit=communes[0], role=Role.LEAD, user=UserFactory()).user
    to_division, to_commune = services.task_forward(
        task=lead_task, user=lead, parts=[(division, "", DUE), (communes[0], "", DUE)]
    )

    def visible(user):
        return set(selectors.task_queryset(user=user).values_list("pk", flat=True))

    everything = {lead_task.pk, to_division.pk, to_commune.pk}
    assert visible(office) == everything and visible(committee) == everything
    assert visible(lead) == everything  # the lead unit sees what it forwarded, the commune's part too
    assert visible(division_staff) == {to_division.pk}
    assert visible(commune_lead) == {to_commune.pk}


def test_a_member_units_lead_sees_its_own_child_not_the_group_order(office, notice, commune_group, communes):
    commune_lead = MembershipFactory(unit=communes[0], role=Role.LEAD, user=UserFactory()).user
    parent = _group_order(office, notice, commune_group)
    visible = set(selectors.task_queryset(user=commune_lead).values_list("pk", flat=True))
    assert visible == {parent.children.get(lead_unit=communes[0]).pk}


# ------------------------------------------------------------------------------------------------- issuer, source


def test_issuer_and_source_kind_follow_the_document_unless_given(office, own_unit):
    from tests.support.directives import make_notice

    document = make_notice(office, own_unit, chair="Nguyễn Văn A", chair_title="Phó Chủ tịch UBND tỉnh")
    task = document.tasks.get()
    assert (task.issuer, task.issuer_name, task.source_kind) == (
        Issuer.VICE_CHAIRMAN,
        "Nguyễn Văn A",
        SourceKind.MEETING,
    )
    given = services.task_create(
        user=office,
        document=document,
        content="Ý kiến chỉ đạo tại buổi làm việc",
        lead_unit=own_unit,
        issuer=Issuer.CHAIRMAN,
        issuer_name="",
        source_kind=SourceKind.DIRECTIVE,
    )
    assert (given.issuer, given.source_kind) == (Issuer.CHAIRMAN, SourceKind.DIRECTIVE)


def test_a_vice_chairman_must_be_named(office, notice, own_unit):
    with pytest.raises(ValidationError):
        services.task_create(
            user=office, document=notice, content="Việc", lead_unit=own_unit, issuer=Issuer.VICE_CHAIRMAN
        )


# ------------------------------------------------------------------------------------------ reorganisation


def test_a_merge_moves_group_members_and_both_member_tasks(office, notice, own_unit, other_unit):
    from dtsystem.units import reorganisation
    from dtsystem.units.selectors import unit_group_members

    listed = UnitGroup.objects.create(name="Tổ liên ngành", membership_kind=GroupMembership.BY_LIST)
    listed.units.add(own_unit, other_unit)
    parent = _group_order(office, notice, listed)
    day = date.today()
    preview = reorganisation.units_merge_preview(
        sources=[own_unit, other_unit], new_name="Sở Hợp Nhất", date=day
    )
    assert [(m.category, m.label, m.to_unit) for m in preview.moves if m.category == "group_membership"] == [
        ("group_membership", "Tổ liên ngành", "Sở Hợp Nhất"),
        ("group_membership", "Tổ liên ngành", "Sở Hợp Nhất"),
    ]
    reorganisation.units_merge(user=office, sources=[own_unit, other_unit], new_name="Sở Hợp Nhất", date=day)
    merged = UnitGroup.objects.get(pk=listed.pk)
    assert [u.name for u in unit_group_members(merged)] == ["Sở Hợp Nhất"]
    # both members' tasks of the group order now belong to the successor (no unique (parent, lead) clash)
    assert list(parent.children.values_list("lead_unit__name", flat=True)) == ["Sở Hợp Nhất", "Sở Hợp Nhất"]


def test_the_dashboard_rollups_count_each_member_once(
    office, notice, commune_group, communes, lead, own_unit
):
    from directives import rollups

    _group_order(office, notice, commune_group)
    task = services.task_create(
        user=office, document=notice, content="Việc", lead_unit=own_unit, due_date=DUE
    )
    division = UnitFactory(kind=UnitKind.OTHER, parent=own_unit)
    services.task_forward(task=task, user=lead, parts=[(division, "", DUE)])
    assert sum(rollups.table_counts().values()) == len(communes) + 2  # members, the lead's task, its part
    assert rollups.table_counts() == rollups.counts_of(Task.objects.all())
