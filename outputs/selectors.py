"""Reads of the outputs: unit scorecards for a period and the tasks a chase letter lists.

Scorecards are counted by the database: one GROUP BY over the tasks (every figure of the chosen period
and the on-time rate of each earlier period of the trend as conditional aggregates), one over the
extension requests and one over the returns, whatever the number of units (SCORECARD_QUERIES)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, DateField, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum, Value
from django.utils.translation import gettext as _

from directives.choices import EventKind, ExtensionStatus, TaskStatus, Timeliness
from directives.models import ExtensionRequest, Task, TaskEvent
from directives.selectors import in_scope, timeliness_expression, timeliness_q
from dtsystem import policy
from dtsystem.units.models import Unit

from . import conf
from .periods import Period

# units, tasks (+ trend), extension requests, returns
SCORECARD_QUERIES = 4


def percent(part, whole) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def countable_tasks() -> QuerySet[Task]:
    """Tasks that count for a unit (directives.selectors.in_scope): not cancelled, not a recurring template,
    and, once group orders exist, not the parent of a group order (its children are ordinary tasks of the
    member units and count for them)."""
    return in_scope(Task.objects.all())


def scorecard_unit_ids(user) -> set[int] | None:
    """None = every unit (office, committee, admin); else the user's own units, as on the dashboard."""
    actor = policy.actor_for(user)
    if actor.sees_everything:
        return None
    return set(actor.member_unit_ids)


@dataclass
class ScorecardRow:
    unit: Unit
    due: int = 0
    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0
    on_track: int = 0
    on_time_rate: Decimal | None = None
    avg_days_late: Decimal | None = None
    extensions_asked: int = 0
    extensions_granted: int = 0
    returned: int = 0
    rank: int | None = None
    trend: list[dict] = field(default_factory=list)  # [{"period", "label", "on_time_rate"}], oldest first
    trend_change: Decimal | None = None  # points against the period before

    @property
    def late(self) -> int:
        return self.done_late + self.overdue


@dataclass
class Scorecard:
    period: Period
    as_of: date
    previous: list[Period]
    rows: list[ScorecardRow]
    totals: ScorecardRow | None = None


def _days(expression) -> ExpressionWrapper:
    return ExpressionWrapper(expression, output_field=DurationField())


def _to_days(value) -> int:
    """A summed duration as whole days (a timedelta on every backend Django supports)."""
    if value is None:
        return 0
    if isinstance(value, timedelta):
        return value.days
    return int(value) // 86_400_000_000  # microseconds (a backend without a duration type)


def scorecard(*, user, period: Period, today: date) -> Scorecard:
    """Per unit, the tasks due in `period` and how they ended, counted at the period's end (or `today`
    while it runs): done on time, done late, overdue, still on track; the on-time rate (done on time /
    (done on time + done late + overdue)); the average days late of the late ones (done late: completion
    − deadline; overdue: count day − deadline); extension requests asked and granted and tasks returned
    by the office during the period; the rank by on-time rate; the on-time rate of the previous periods."""
    as_of = period.as_of(today)
    previous = period.previous_periods(conf.trend_periods())
    unit_ids = scorecard_unit_ids(user)
    tasks = countable_tasks()
    if unit_ids is not None:
        tasks = tasks.filter(lead_unit_id__in=unit_ids)
    in_period = Q(due_date__gte=period.start, due_date__lte=period.end)
    aggregates = {
        "due": Count("pk", filter=in_period),
        **{
            t.value: Count("pk", filter=in_period & Q(timeliness=t))
            for t in (Timeliness.DONE_ON_TIME, Timeliness.DONE_LATE, Timeliness.OVERDUE, Timeliness.ON_TRACK)
        },
        "late_done_span": Sum(
            _days(F("completed_on") - F("due_date")), filter=in_period & Q(timeliness=Timeliness.DONE_LATE)
        ),
        # Days late of the overdue tasks: (count day − deadline) for each, summed by the database.
        "overdue_span": Sum(
            _days(Value(as_of, output_field=DateField()) - F("due_date")),
            filter=in_period & Q(timeliness=Timeliness.OVERDUE),
        ),
    }
    for index, earlier in enumerate(previous):
        window = Q(due_date__gte=earlier.start, due_date__lte=earlier.end)
        at = earlier.as_of(today)
        aggregates[f"p{index}_on_time"] = Count(
            "pk", filter=window & timeliness_q(Timeliness.DONE_ON_TIME, at)
        )
        aggregates[f"p{index}_counted"] = Count(
            "pk",
            filter=window
            & (
                timeliness_q(Timeliness.DONE_ON_TIME, at)
                | timeliness_q(Timeliness.DONE_LATE, at)
                | timeliness_q(Timeliness.OVERDUE, at)
            ),
        )
    first = previous[0].start if previous else period.start
    grouped = (
        tasks.filter(due_date__gte=first, due_date__lte=period.end)
        .annotate(timeliness=timeliness_expression(as_of))
        .order_by()
        .values("lead_unit_id")
        .annotate(**aggregates)
    )
    task_rows = {row["lead_unit_id"]: row for row in grouped}

    extensions = ExtensionRequest.objects.filter(task__in=tasks)
    ext_rows = {
        row["task__lead_unit_id"]: row
        for row in extensions.order_by()
        .values("task__lead_unit_id")
        .annotate(
            asked=Count("pk", filter=Q(requested_at__date__gte=period.start, requested_at__date__lte=as_of)),
            granted=Count(
                "pk",
                filter=Q(
                    status=ExtensionStatus.APPROVED,
                    decided_at__date__gte=period.start,
                    decided_at__date__lte=as_of,
                ),
            ),
        )
        .filter(Q(asked__gt=0) | Q(granted__gt=0))
    }
    returned_rows = dict(
        TaskEvent.objects.filter(
            task__in=tasks,
            kind=EventKind.STATUS,
            changes__status__0=TaskStatus.REPORTED_DONE,
            changes__status__1=TaskStatus.IN_PROGRESS,
            at__date__gte=period.start,
            at__date__lte=as_of,
        )
        .order_by()
        .values("task__lead_unit_id")
        .annotate(n=Count("task_id", distinct=True))
        .values_list("task__lead_unit_id", "n")
    )
    active = set(ext_rows) | set(returned_rows) | {k for k, r in task_rows.items() if r["due"]}
    units = Unit.objects.filter(pk__in=active).order_by("name") if active else Unit.objects.none()
    rows = [
        _row(unit, task_rows.get(unit.pk), ext_rows.get(unit.pk), returned_rows.get(unit.pk, 0), previous)
        for unit in units
    ]
    _rank(rows)
    return Scorecard(period=period, as_of=as_of, previous=previous, rows=rows, totals=_totals(rows, previous))


def _row(unit: Unit, task_row: dict | None, ext_row: dict | None, returned: int, previous: list[Period]):
    row = ScorecardRow(unit=unit, returned=returned)
    if ext_row:
        row.extensions_asked, row.extensions_granted = ext_row["asked"], ext_row["granted"]
    task_row = task_row or {}
    row.due = task_row.get("due", 0)
    row.done_on_time = task_row.get(Timeliness.DONE_ON_TIME, 0)
    row.done_late = task_row.get(Timeliness.DONE_LATE, 0)
    row.overdue = task_row.get(Timeliness.OVERDUE, 0)
    row.on_track = task_row.get(Timeliness.ON_TRACK, 0)
    row.on_time_rate = percent(row.done_on_time, row.done_on_time + row.late)
    days = _to_days(task_row.get("late_done_span")) + _to_days(task_row.get("overdue_span"))
    row.avg_days_late = (Decimal(days) / row.late).quantize(Decimal("0.1")) if row.late else None
    row.trend = [
        {
            "period": p.code,
            "label": p.short_label,
            "on_time_rate": percent(task_row.get(f"p{i}_on_time", 0), task_row.get(f"p{i}_counted", 0)),
        }
        for i, p in enumerate(previous)
    ]
    before = row.trend[-1]["on_time_rate"] if row.trend else None
    if before is not None and row.on_time_rate is not None:
        row.trend_change = row.on_time_rate - before
    return row


def _rank(rows: list[ScorecardRow]) -> None:
    """Best first: on-time rate (units without a counted task last), then fewer overdue, more done.
    Equal keys share a rank ("1, 2, 2, 4")."""

    def key(r: ScorecardRow):
        return (r.on_time_rate is None, -(r.on_time_rate or 0), r.overdue, -r.done_on_time)

    rows.sort(key=lambda r: (*key(r), r.unit.name))
    previous_key, rank = None, 0
    for position, row in enumerate(rows, start=1):
        if row.on_time_rate is None:
            row.rank = None
            continue
        if key(row) != previous_key:
            rank, previous_key = position, key(row)
        row.rank = rank


def _totals(rows: list[ScorecardRow], previous: list[Period]) -> ScorecardRow:
    total = ScorecardRow(unit=Unit(name=_("Tổng cộng")))
    for name in (
        "due",
        "done_on_time",
        "done_late",
        "overdue",
        "on_track",
        "extensions_asked",
        "extensions_granted",
        "returned",
    ):
        setattr(total, name, sum(getattr(r, name) for r in rows))
    total.on_time_rate = percent(total.done_on_time, total.done_on_time + total.late)
    weighted = sum((r.avg_days_late or 0) * r.late for r in rows)
    total.avg_days_late = (Decimal(weighted) / total.late).quantize(Decimal("0.1")) if total.late else None
    return total


# ---------------------------------------------------------------------------------------- chase letters
@dataclass
class ChaseTask:
    task: Task
    overdue: bool
    days_late: int  # 0 for a task not due yet
    days_left: int  # days until the deadline for a task not due yet


def chase_tasks_by_unit(*, unit_ids, today: date) -> dict[int, list[ChaseTask]]:
    """The open tasks chase letters list at `today`, by lead unit, in one query: overdue ones (most late
    first), then the ones due within CHASE_SOON_DAYS. A completion reported on time is not chased."""
    soon = today + timedelta(days=conf.soon_days())
    rows = (
        countable_tasks()
        .filter(lead_unit_id__in=list(unit_ids), due_date__isnull=False, due_date__lte=soon)
        .annotate(timeliness=timeliness_expression(today))
        .filter(timeliness__in=[Timeliness.OVERDUE, Timeliness.ON_TRACK])
        .exclude(status=TaskStatus.REPORTED_DONE)
        .select_related("document")
        .order_by("due_date", "document_id", "position", "id")
    )
    out: dict[int, list[ChaseTask]] = {}
    for task in rows:
        overdue = task.timeliness == Timeliness.OVERDUE
        out.setdefault(task.lead_unit_id, []).append(
            ChaseTask(
                task=task,
                overdue=overdue,
                days_late=(today - task.due_date).days if overdue else 0,
                days_left=0 if overdue else (task.due_date - today).days,
            )
        )
    return out


def chase_tasks(*, unit: Unit, today: date) -> list[ChaseTask]:
    """The tasks the chase letter to `unit` lists at `today` (one query)."""
    return chase_tasks_by_unit(unit_ids=[unit.pk], today=today).get(unit.pk, [])


def late_units(*, today: date) -> list[Unit]:
    """Units with at least one overdue task at `today`, by name, each with `overdue_count`. One query."""
    overdue = (
        countable_tasks()
        .filter(timeliness_q(Timeliness.OVERDUE, today))
        .exclude(status=TaskStatus.REPORTED_DONE)
    )
    counts = dict(
        overdue.order_by().values("lead_unit_id").annotate(n=Count("pk")).values_list("lead_unit_id", "n")
    )
    units = list(Unit.objects.filter(pk__in=counts).order_by("name")) if counts else []
    for unit in units:
        unit.overdue_count = counts[unit.pk]
    return units


def chase_units_choices() -> QuerySet[Unit]:
    return Unit.objects.order_by("name")


def unit_lookup(value: str) -> Unit | None:
    """A unit by id, code, short name or name (case as typed, then case-insensitive)."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        unit = Unit.objects.filter(pk=int(value)).first()
        if unit:
            return unit
    for lookup in ("short_name", "code", "name", "short_name__iexact", "code__iexact", "name__iexact"):
        found = list(Unit.objects.filter(**{lookup: value})[:2])
        if len(found) == 1:
            return found[0]
    return None


def chase_letters_sent(*, unit: Unit | None = None) -> QuerySet:
    from .models import ChaseLetter

    qs = ChaseLetter.objects.select_related("unit", "sent_by")
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs
