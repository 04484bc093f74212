"""seed_scale builds believable data: the asked number of tasks, ~10 per document, ~1 unit per 400 tasks
(at least 5), a lead per unit, plans with KPI targets and budget lines; --reset replaces it."""

from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count
from rest_framework.test import APIClient

from directives.models import Document, Task
from dtsystem.common.text import fold
from dtsystem.units.models import Membership, Unit
from kpis.models import KpiTarget
from plans.models import BudgetLine, Plan

pytestmark = pytest.mark.django_db


def test_seed_scale_and_the_dashboard_on_it(committee, capsys):
    call_command("seed_scale", tasks=2400, today=date(2026, 6, 30))
    assert "tasks=2400" in capsys.readouterr().out
    assert Task.objects.count() == 2400
    assert Document.objects.filter(source_key__startswith="seed:").count() == 240
    units = Unit.objects.filter(code__startswith="seed-")
    assert units.count() == 6
    assert Membership.objects.filter(unit__in=units, role="lead").count() == 6
    assert Plan.objects.exists() and KpiTarget.objects.exists() and BudgetLine.objects.exists()
    statuses = set(Task.objects.values_list("status", flat=True))
    assert {"new", "in_progress", "done", "reported_done", "cancelled"} <= statuses
    api = APIClient()
    api.force_login(committee)
    data = api.get("/api/v1/dashboard/", {"as_of": "2026-06-30"}).json()
    counts = data["totals"]["by_timeliness"]
    assert sum(counts.values()) == data["totals"]["total"] == Task.objects.exclude(status="cancelled").count()
    assert all(counts[key] > 0 for key in counts)
    call_command("seed_scale", tasks=100, reset=True)
    assert Task.objects.count() == 100 and Unit.objects.filter(code__startswith="seed-").count() == 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="seed_scale --sql generates rows in PostgreSQL")
@pytest.mark.parametrize("big", [False, True])
def test_seed_scale_sql_builds_provinces_that_keep_the_invariants(committee, capsys, monkeypatch, big):
    """--sql: provinces of their own units, ~10 tasks a document, the ORM path's mix of statuses and
    deadlines, coordinating units of the same province; the check constraints hold, the foreign keys
    resolve, the rollups recounted after the seed have no drift and the dashboard's figures are the scan's.
    `big`: the path for millions (secondary indexes dropped and rebuilt, foreign keys verified afterwards)."""
    from dashboard.management.commands import _seed_scale_sql
    from directives import rollups

    if big:
        monkeypatch.setattr(_seed_scale_sql, "BIG_BATCH", 1000)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'directives_task'")
        indexes = cursor.fetchone()[0]
    call_command(
        "seed_scale", sql=True, tasks=6005, provinces=3, units_per_province=40, today=date(2026, 6, 30)
    )
    assert "tasks=6005" in capsys.readouterr().out
    tasks = Task.objects.filter(document__source_key__startswith="seed:")
    assert tasks.count() == 6005
    assert Document.objects.filter(source_key__startswith="seed:").count() == 601
    units = list(Unit.objects.filter(code__startswith="seed-").order_by("pk").values_list("pk", flat=True))
    assert len(units) == 120
    assert Membership.objects.filter(unit_id__in=units, role="lead").count() == 120
    province = {pk: i // 40 for i, pk in enumerate(units)}
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'directives_task'")
        assert cursor.fetchone()[0] == indexes  # rebuilt when dropped
    # A document's tasks and their coordinating units belong to one province.
    by_doc: dict[int, set[int]] = {}
    for doc, lead in tasks.values_list("document_id", "lead_unit_id"):
        by_doc.setdefault(doc, set()).add(province[lead])
    assert all(len(p) == 1 for p in by_doc.values())
    links = list(Task.coordinating_units.through.objects.values_list("task__lead_unit_id", "unit_id"))
    assert 0.25 * 6005 < len(links) < 0.6 * 6005
    assert all(province[lead] == province[unit] and lead != unit for lead, unit in links)
    statuses = dict(tasks.values_list("status").annotate(n=Count("pk")))
    assert {"new", "in_progress", "done", "reported_done", "paused", "cancelled"} <= set(statuses)
    assert 0.45 < statuses["done"] / 6005 < 0.75
    assert not tasks.filter(status="done", completed_on__isnull=True).exists()
    assert not tasks.filter(due_date__isnull=False, deadline_kind="none").exists()
    assert not tasks.filter(due_date__isnull=True).exclude(deadline_kind="none").exists()
    assert Plan.objects.count() >= 3 and KpiTarget.objects.exists() and BudgetLine.objects.exists()
    assert rollups.rebuild(today=date(2026, 6, 30))["drifted_keys"] == 0
    task = tasks.exclude(deadline_text="").select_related("lead_unit").first()
    assert task.search_text == fold(
        f"{task.item} | {task.content} | {task.deadline_text} | {task.lead_unit.name}"
    )
    api = APIClient()
    api.force_login(committee)
    data = api.get("/api/v1/dashboard/", {"as_of": "2026-06-30"}).json()
    assert data["totals"]["total"] == Task.objects.exclude(status="cancelled").count()
