"""Per-unit rollups of the task figures (issue 14): the dashboard reads a few thousand TaskRollup rows
instead of scanning every task.

Every task is in exactly one row (lead unit, class, bucket):

- `excluded`: cancelled, or a recurring template: in no figure (a task list still shows it), under NO_DUE;
- `done_on_time` / `done_late`: done, keyed by the first day of the due quarter (the dashboard's trend is
  by quarter; a done task's timeliness does not move once its completion date is past);
- `reported`: completion reported on or before the due date: on track whatever the as-of date, by due day;
- `open`: everything else with a due date, by due day: overdue before the as-of date, on track from it;
- `no_deadline`: open without a due date (and done without one: `done_on_time` under NO_DUE).

So the figures are exact at any as-of date on or after every completion date (today and later);
earlier as-of dates are answered by the scan (dashboard.selectors).

To keep the table small, the nightly recount (at horizon H = its day) files rows more coarsely where no
as-of date in [H, H + WINDOW_DAYS] can tell the difference: tasks due before the 8 quarters of the
dashboard's trend under OLD; open and reported tasks due before H (overdue or on track whatever the
as-of date) by due quarter, except open tasks due in the AGING_DAYS before H, which stay by day (the
dashboard's aging buckets, 30 and 90 days late, need the day); open and reported tasks due from FAR_DAYS
after H on (on track, outside
the 14-day window) by due month. Writes keep filing by day: both filings give the same figures in that
window, so the recount merges them without calling it drift. The services that change a task call
`tracked(ids)` around the write (or `add`/`remove` for new and deleted tasks) in their transaction;
`rebuild()` recomputes everything, repairs the table and reports the drift (the nightly job)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, DateField, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import TruncQuarter

from .choices import DeadlineKind, TaskKind, TaskStatus
from .models import Task, TaskRollup, TaskRollupHorizon

logger = logging.getLogger(__name__)

DONE_ON_TIME, DONE_LATE, REPORTED, OPEN, NO_DEADLINE = (
    "done_on_time",
    "done_late",
    "reported",
    "open",
    "no_deadline",
)
NO_DUE = date(9999, 12, 31)
EXCLUDED = "excluded"  # cancelled tasks and recurring templates: in no figure, but rows of a task list
OLD = date(1900, 1, 1)
WINDOW_DAYS = 45  # as-of dates the rollups answer: [horizon, horizon + WINDOW_DAYS]
FAR_DAYS = 60  # open tasks due from horizon + FAR_DAYS on are filed by month (> WINDOW_DAYS + 14)
TREND_QUARTERS = 8
AGING_DAYS = 92  # open tasks due in the 92 days before the horizon stay by day: a task's age at any as-of
# date of the window, late by up to 30, 31 to 90 or more than 90 days, is read from its due day
FILING = 2  # how `coarse` files the recount; a table filed otherwise answers nothing until the next recount

Key = tuple[int, str, date]


def _keyed(qs: QuerySet[Task]) -> QuerySet:
    # A group order's parent is in no row: its children (one task per member unit) are. (A migration run
    # before Task.kind existed passes its historical model: nothing to leave out there.)
    if any(f.name == "kind" for f in qs.model._meta.concrete_fields):
        qs = qs.exclude(kind=TaskKind.GROUP)
    done = Q(status=TaskStatus.DONE)
    excluded = Q(status=TaskStatus.CANCELLED) | Q(
        deadline_kind=DeadlineKind.RECURRING, recurrence_parent__isnull=True
    )
    klass = Case(
        When(excluded, then=Value(EXCLUDED)),
        When(
            done & (Q(due_date__isnull=True) | Q(completed_on__lte=F("due_date"))), then=Value(DONE_ON_TIME)
        ),
        When(done, then=Value(DONE_LATE)),
        When(due_date__isnull=True, then=Value(NO_DEADLINE)),
        When(Q(status=TaskStatus.REPORTED_DONE, completed_on__lte=F("due_date")), then=Value(REPORTED)),
        default=Value(OPEN),
        output_field=CharField(),
    )
    bucket = Case(
        When(excluded | Q(due_date__isnull=True), then=Value(NO_DUE)),
        When(done, then=TruncQuarter("due_date", output_field=DateField())),
        default=F("due_date"),
        output_field=DateField(),
    )
    return (
        qs.annotate(r_klass=klass, r_bucket=bucket)
        .values("lead_unit_id", "r_klass", "r_bucket")
        .annotate(r_n=Count("pk"))
        .order_by()
    )


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def key_of(task: Task) -> Key | None:
    """The rollup row a task counts in (None: it does not count), from the task's fields: the same rule
    as the SQL of `counts_of` (tests/directives/test_rollups.py checks both)."""
    if getattr(task, "kind", None) == TaskKind.GROUP:
        return None  # the parent of a group order: its children count, never the parent
    if (
        task.status == TaskStatus.CANCELLED
        or getattr(task, "kind", None) == TaskKind.GROUP
        or (task.deadline_kind == DeadlineKind.RECURRING and task.recurrence_parent_id is None)
    ):
        return task.lead_unit_id, EXCLUDED, NO_DUE
    due, completed = task.due_date, task.completed_on
    if task.status == TaskStatus.DONE:
        on_time = due is None or (completed is not None and completed <= due)
        return (
            task.lead_unit_id,
            DONE_ON_TIME if on_time else DONE_LATE,
            NO_DUE if due is None else _quarter_start(due),
        )
    if due is None:
        return task.lead_unit_id, NO_DEADLINE, NO_DUE
    if task.status == TaskStatus.REPORTED_DONE and completed is not None and completed <= due:
        return task.lead_unit_id, REPORTED, due
    return task.lead_unit_id, OPEN, due


def move(before: Key | None, after: Key | None) -> None:
    """One task moved from the row `before` to the row `after` (None: not counted): 0 to 2 UPSERTs."""
    if before == after:
        return
    delta = Counter()
    if before is not None:
        delta[before] -= 1
    if after is not None:
        delta[after] += 1
    apply(delta)


def _as_date(value) -> date:
    """A bucket as a date (SQLite gives text, PostgreSQL's date_trunc a timestamp)."""
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    return value


def counts_of(qs: QuerySet[Task]) -> Counter:
    """{(unit id, class, bucket): number of tasks} of the tasks of `qs` that count (one GROUP BY)."""
    return Counter(
        {(row["lead_unit_id"], row["r_klass"], _as_date(row["r_bucket"])): row["r_n"] for row in _keyed(qs)}
    )


def _quarters_back(day: date, n: int) -> date:
    """The first day of the quarter n - 1 quarters before `day`'s (n = 8: where the trend starts)."""
    index = day.year * 4 + (day.month - 1) // 3 - (n - 1)
    return date(index // 4, 3 * (index % 4) + 1, 1)


def old_limit(horizon: date) -> date:
    return _quarters_back(horizon, TREND_QUARTERS)


def coarse(key: Key, horizon: date) -> Key:
    """The bucket the recount at `horizon` files a key under (same figures in the window)."""
    unit, klass, bucket = key
    if bucket == NO_DUE:
        return key
    if bucket < old_limit(horizon):
        return unit, klass, OLD
    if klass in (OPEN, REPORTED):
        if bucket < horizon:
            if klass == OPEN and bucket >= horizon - timedelta(days=AGING_DAYS):
                return key
            return unit, klass, _quarter_start(bucket)
        month = bucket.replace(day=1)
        if (month - horizon).days >= FAR_DAYS:
            return unit, klass, month
    return key


def canonical(counts: Counter, horizon: date) -> Counter:
    out = Counter()
    for key, n in counts.items():
        out[coarse(key, horizon)] += n
    return Counter({k: n for k, n in out.items() if n})


def answers(as_of: date) -> bool:
    """Do the rollups answer figures at `as_of` (from today to WINDOW_DAYS after the last recount)?"""
    from django.utils import timezone

    last, current = _state()
    return (
        current
        and as_of >= timezone.localdate()
        and (last is None or as_of <= last + timedelta(days=WINDOW_DAYS))
    )


def timeliness_totals(as_of: date, *, lead_unit_ids=None) -> tuple[dict[str, int], int]:
    """({timeliness: count} of every task, number of tasks in all — cancelled ones and recurring
    templates too) at `as_of`, from the rollups (one GROUP BY over their rows): what selectors.
    timeliness_groups answers for the unfiltered list of a user who sees everything; with
    `lead_unit_ids`, the same for the tasks those units lead."""
    timeliness = Case(
        When(klass=OPEN, bucket__lt=as_of, then=Value("overdue")),
        When(klass__in=[OPEN, REPORTED], then=Value("on_track")),
        default=F("klass"),
        output_field=CharField(),
    )
    counts = {k: 0 for k in ("done_on_time", "done_late", "on_track", "overdue", "no_deadline")}
    rows_total = 0
    rows = TaskRollup.objects.all()
    if lead_unit_ids is not None:
        rows = rows.filter(lead_unit_id__in=list(lead_unit_ids))
    for value, n in (
        rows.annotate(t=timeliness).values("t").annotate(n=Sum("n")).order_by().values_list("t", "n")
    ):
        rows_total += int(n or 0)
        if value in counts:
            counts[value] = int(n or 0)
    return counts, rows_total


def _state() -> tuple[date | None, bool]:
    """(day of the last recount or None before the first one, is the table filed the way this code
    reads it?) — one query."""
    row = TaskRollupHorizon.objects.filter(pk=1).values_list("day", "filing").first()
    if row is None:
        return None, True  # never recounted: every row was written by day
    return row[0], row[1] == FILING


def horizon() -> date | None:
    """The day of the last recount (None before the first one)."""
    return _state()[0]


def usable_horizon() -> tuple[bool, date | None]:
    """(may the rollups answer at all, the horizon): False until the first recount after a change of
    FILING (the rows are filed the old way; the scan answers meanwhile)."""
    day, current = _state()
    return current, day


def apply(delta: Counter) -> None:
    """Add `delta` to the rollup rows: one multi-row UPSERT (per 500 changed keys), whatever the number
    of tasks that moved."""
    table = connection.ops.quote_name(TaskRollup._meta.db_table)
    items = sorted(((k, n) for k, n in delta.items() if n), key=lambda kv: kv[0])  # a fixed lock order
    with connection.cursor() as cursor:
        for start in range(0, len(items), 500):
            chunk = items[start : start + 500]
            cursor.execute(
                f"INSERT INTO {table} (lead_unit_id, klass, bucket, n) VALUES "
                + ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
                + f" ON CONFLICT (lead_unit_id, klass, bucket) DO UPDATE SET n = {table}.n + EXCLUDED.n",
                [value for (unit_id, klass, bucket), n in chunk for value in (unit_id, klass, bucket, n)],
            )


def add_tasks(tasks: Iterable[Task]) -> None:
    """Count new tasks we hold (after their INSERT, in the same transaction): one UPSERT."""
    apply(Counter(key for key in map(key_of, tasks) if key is not None))


def add(task_ids: Iterable[int]) -> None:
    """Count new tasks (after their INSERT, in the same transaction)."""
    ids = list(task_ids)
    if ids:
        apply(counts_of(Task.objects.filter(pk__in=ids)))


def remove(task_ids: Iterable[int]) -> None:
    """Stop counting tasks about to be deleted (before their DELETE, in the same transaction)."""
    ids = list(task_ids)
    if ids:
        delta = Counter()
        delta.subtract(counts_of(Task.objects.filter(pk__in=ids)))
        apply(delta)


@contextmanager
def tracked(task_ids: Iterable[int] | QuerySet):
    """Around a write that may change tasks' lead unit, status, due or completion date: reads their
    rollup keys before and after (two small GROUP BYs) and applies the difference, in the caller's
    transaction (the caller holds it: transaction.atomic)."""
    if isinstance(task_ids, QuerySet):
        task_ids = list(task_ids.values_list("pk", flat=True))
    ids = list(task_ids)
    before = counts_of(Task.objects.filter(pk__in=ids)) if ids else Counter()
    yield
    if ids:
        delta = counts_of(Task.objects.filter(pk__in=ids))
        delta.subtract(before)
        apply(delta)


def table_counts() -> Counter:
    return Counter(
        {
            (r.lead_unit_id, r.klass, r.bucket): r.n
            for r in TaskRollup.objects.exclude(n=0).iterator(chunk_size=5000)
        }
    )


def _by_class(counts: Counter) -> Counter:
    out = Counter()
    for (unit, klass, _bucket), n in counts.items():
        out[(unit, klass)] += n
    return out


def rebuild(*, today: date | None = None) -> dict:
    """Recompute every rollup from the tasks (filed for the horizon `today`), compare with the table,
    repair it; returns (and logs) the drift: keys whose count differed, and by how many tasks in all."""
    from django.utils import timezone

    today = today or timezone.localdate()
    with transaction.atomic():
        # Writers of rollups update rows of this table; locking it keeps the comparison exact.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"LOCK TABLE {connection.ops.quote_name(TaskRollup._meta.db_table)} IN SHARE ROW EXCLUSIVE MODE"
                )
        previous, same_filing = _state()
        stored = table_counts()
        # What the table says, in the filing of its own horizon (writes since then filed by day).
        recount = counts_of(Task.objects.all())
        if not same_filing:
            # Filed by an older rule: compare per (unit, class), the buckets cannot be.
            stored, recount_cmp = _by_class(stored), _by_class(recount)
            drift_base, truth_then = stored, recount_cmp
        else:
            drift_base = canonical(stored, previous) if previous else stored
            truth_then = canonical(recount, previous) if previous else recount
        drift = {k: truth_then.get(k, 0) - drift_base.get(k, 0) for k in set(truth_then) | set(drift_base)}
        drift = {k: d for k, d in drift.items() if d}
        truth = canonical(recount, today)
        TaskRollup.objects.all().delete()
        TaskRollup.objects.bulk_create(
            [TaskRollup(lead_unit_id=u, klass=c, bucket=b, n=n) for (u, c, b), n in truth.items() if n],
            batch_size=5000,
        )
        TaskRollupHorizon.objects.update_or_create(pk=1, defaults={"day": today, "filing": FILING})
    result = {
        "keys": len(truth),
        "drifted_keys": len(drift),
        "drifted_tasks": sum(abs(d) for d in drift.values()),
    }
    if drift:
        logger.warning("task rollups drifted and were repaired: %s", result)
    else:
        logger.info("task rollups checked, no drift: %s", result)
    return result
