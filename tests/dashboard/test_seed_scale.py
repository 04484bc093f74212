"""seed_scale builds believable data: the asked number of tasks, ~10 per document, ~1 unit per 400 tasks
(at least 5), a lead per unit, plans with KPI targets and budget lines; --reset replaces it."""

from datetime import date

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from directives.models import Document, Task
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
