"""What the pages' speed work (issue 14) changed, checked on behaviour: the unit selects of the filter forms
come from a cache keyed by the organisation's version (a changed unit shows at once), "Việc của đơn vị tôi"
counts its groups from the rollups (the same figures as the scan of the tasks) and shows cards only for the
open groups, the approval queue's summary rows keep their links."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directives import rollups, selectors, services
from directives.choices import TaskStatus
from directives.models import Task
from directives.presenters import CLOSED_GROUPS, OPEN_GROUPS
from dtsystem.units.models import Unit
from dtsystem.units.services import unit_save
from tests.factories import UnitFactory
from tests.support.directives import FUTURE, make_notice

pytestmark = pytest.mark.django_db


def unit_options(html: str, select_id: str) -> dict[str, tuple[str, bool]]:
    """{value: (label, selected)} of the <option>s of one <select> of a page."""
    block = re.search(rf'<select[^>]*id="{select_id}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return {
        value: (label, bool(selected))
        for value, selected, label in re.findall(
            r'<option value="([^"]*)"( selected)?>([^<]*)</option>', block
        )
    }


def test_task_list_unit_select_lists_active_units_and_marks_the_chosen_one(
    client, office, own_unit, coord_unit, task
):
    retired = UnitFactory(name="Sở đã giải thể", is_active=False)
    client.force_login(office)
    html = client.get(reverse("directives:task_list"), {"unit": own_unit.pk}).content.decode()
    options = unit_options(html, "id_unit")
    active = list(Unit.objects.filter(is_active=True).order_by("kind", "name").values_list("pk", "name"))
    assert [(int(v), label) for v, (label, _) in options.items() if v] == active
    assert str(retired.pk) not in options
    assert options[str(own_unit.pk)] == (own_unit.name, True)
    assert [v for v, (_, chosen) in options.items() if chosen] == [str(own_unit.pk)]
    # the bulk bar's "new lead unit" offers the same units, none chosen
    bulk = unit_options(html, "bulk-unit")
    assert [(int(v), label) for v, (label, chosen) in bulk.items() if v] == active
    assert not any(chosen for _, chosen in bulk.values())
    # a value the form cannot take marks nothing
    html = client.get(reverse("directives:task_list"), {"unit": "abc"}).content.decode()
    assert not any(chosen for _, chosen in unit_options(html, "id_unit").values())


def test_unit_options_follow_every_change_of_a_unit(client, office, own_unit, coord_unit):
    client.force_login(office)
    url = reverse("directives:task_list")
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    with CaptureQueriesContext(connection) as warm:  # the options are cached: the units are not read
        client.get(url)
    names = '"units_unit"."name" AS "name" FROM "units_unit" WHERE'
    assert [names in q["sql"] for q in cold].count(True) == 1
    assert not any(names in q["sql"] for q in warm) and len(warm) == len(cold) - 1
    own_unit.name = "Sở Thông tin và Truyền thông (tên mới)"
    unit_save(unit=own_unit)
    assert unit_options(client.get(url).content.decode(), "id_unit")[str(own_unit.pk)][0] == own_unit.name
    coord_unit.is_active = False
    coord_unit.save(update_fields=["is_active"])  # a reorganisation ends a unit this way
    assert str(coord_unit.pk) not in unit_options(client.get(url).content.decode(), "id_unit")
    added = UnitFactory(name="Sở mới thành lập")
    assert str(added.pk) in unit_options(client.get(url).content.decode(), "id_unit")
    Unit.objects.filter(pk=added.pk).delete()
    assert str(added.pk) not in unit_options(client.get(url).content.decode(), "id_unit")


def _busy_unit(office, lead, own_unit, coord_unit, other_unit):
    """Tasks of own_unit in every timeliness group (and some of other units it coordinates)."""
    rows = []
    for i in range(40):
        rows.append(
            {
                "item": str(i + 1),
                "content": f"Nhiệm vụ số {i}",
                "lead_unit": own_unit if i % 5 else other_unit,
                "coordinating_units": [coord_unit] if i % 5 else [own_unit],
                "deadline_text": "trước ngày 10/01/2022"
                if i % 2
                else ("" if i % 7 == 0 else f"năm {FUTURE}"),
            }
        )
    make_notice(office, own_unit, tasks=rows)
    tasks = list(Task.objects.filter(lead_unit=own_unit).order_by("pk"))
    for i, task in enumerate(tasks):
        if i % 6 == 0:
            services.task_transition(task=task, user=lead, to=TaskStatus.REPORTED_DONE)
        elif i % 6 == 1:
            services.task_transition(task=task, user=lead, to=TaskStatus.REPORTED_DONE)
            task.refresh_from_db()
            services.task_transition(task=task, user=office, to=TaskStatus.DONE)
    return tasks


def test_my_tasks_counts_come_from_the_rollups_and_equal_the_scan(
    client, office, lead, own_unit, coord_unit, other_unit
):
    _busy_unit(office, lead, own_unit, coord_unit, other_unit)
    today = timezone.localdate()
    led, _coordinated = selectors.my_unit_tasks(user=lead, as_of=today)
    scan = selectors.timeliness_counts(led)
    rollups.rebuild(today=today)  # the nightly recount: the rollups answer today
    assert rollups.answers(today)
    with CaptureQueriesContext(connection) as counted:
        counts = selectors.led_timeliness_counts(led, unit_ids={own_unit.pk}, as_of=today)
    assert counts == scan and sum(counts.values()) > 0
    assert not any("directives_task" in q["sql"].replace("directives_taskrollup", "") for q in counted)
    # writes after the recount keep them equal (the services move the rollups in their transactions)
    task = Task.objects.filter(lead_unit=own_unit, status=TaskStatus.NEW).first()
    services.task_transition(task=task, user=lead, to=TaskStatus.REPORTED_DONE)
    assert selectors.led_timeliness_counts(
        led, unit_ids={own_unit.pk}, as_of=today
    ) == selectors.timeliness_counts(led)
    # a past date is not the rollups': the scan answers
    past = date(2022, 3, 31)
    led_then, _ = selectors.my_unit_tasks(user=lead, as_of=past)
    assert selectors.led_timeliness_counts(led_then, unit_ids={own_unit.pk}, as_of=past) == (
        selectors.timeliness_counts(led_then)
    )
    client.force_login(lead)
    html = client.get(reverse("directives:my_tasks")).content.decode()
    for value, n in counts.items():
        assert re.search(rf'timeliness-{value}">[^<]*</span> {n}</a>', html), value


def test_my_tasks_shows_cards_of_the_open_groups_and_links_to_the_done_ones(
    client, office, lead, own_unit, coord_unit, other_unit
):
    _busy_unit(office, lead, own_unit, coord_unit, other_unit)
    led, coordinated = selectors.my_unit_tasks(user=lead, as_of=timezone.localdate())
    by_group = {}
    for task in led:
        by_group.setdefault(task.timeliness, []).append(task.pk)
    assert any(by_group.get(v) for v in CLOSED_GROUPS) and any(by_group.get(v) for v in OPEN_GROUPS)
    client.force_login(lead)
    html = client.get(reverse("directives:my_tasks")).content.decode()
    shown = {int(pk) for pk in re.findall(r'id="my-task-(\d+)"', html)}
    expected = {pk for v in OPEN_GROUPS for pk in by_group.get(v, [])[:10]}
    assert shown == expected  # the first ten of each open group (list order), none of the done groups
    for value in CLOSED_GROUPS:
        if by_group.get(value):
            assert f"group={value}" in html
    # the coordinated tasks: every one the units coordinate and do not lead, 25 a page
    assert {t.pk for t in coordinated} == set(
        Task.objects.filter(coordinating_units=own_unit)
        .exclude(lead_unit=own_unit)
        .values_list("pk", flat=True)
    )


def test_first_of_each_timeliness_ranks_in_list_order(office, lead, own_unit, coord_unit, other_unit):
    _busy_unit(office, lead, own_unit, coord_unit, other_unit)
    led, _ = selectors.my_unit_tasks(user=lead, as_of=timezone.localdate())
    every = list(led)
    for per_group, groups in ((2, None), (3, OPEN_GROUPS)):
        expected = []
        seen: dict[str, int] = {}
        for task in every:  # led is in list order
            if groups is not None and task.timeliness not in groups:
                continue
            seen[task.timeliness] = seen.get(task.timeliness, 0) + 1
            if seen[task.timeliness] <= per_group:
                expected.append(task.pk)
        got = [t.pk for t in selectors.first_of_each_timeliness(led, per_group=per_group, groups=groups)]
        assert got == expected


def test_approval_summary_rows_count_and_link_each_unit(
    client, office, lead, own_unit, coord_unit, other_unit
):
    _busy_unit(office, lead, own_unit, coord_unit, other_unit)
    client.force_login(office)
    html = client.get(reverse("directives:approval_queue")).content.decode()
    reports = Task.objects.filter(lead_unit=own_unit, status=TaskStatus.REPORTED_DONE).count()
    assert reports
    row = re.search(rf'<tr class="waiting-unit" data-unit="{own_unit.pk}">(.*?)</tr>', html, re.S).group(1)
    assert own_unit.name in row
    assert f'<a href="#reports-unit-{own_unit.pk}">{reports}</a>' in row
    assert f'id="reports-unit-{own_unit.pk}"' in html
    assert f'<td class="text-end fw-semibold">{reports}</td>' in row
