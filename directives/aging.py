"""Aging of late work, at an as-of date, for the dashboard, the office's digest and the PDF report alike.

- Overdue tasks by how late they are at `as_of`: up to 30 days, 31 to 90 days, more than 90 days
  (a task due on 01/03 is 30 days late on 31/03). The buckets are ranges of `due_date`, so the database
  answers them from the (status, due_date) index; "overdue" is selectors.timeliness_q, the rule of every list.
- Stale undated tasks ("thường xuyên"): open at `as_of`, no deadline, and no progress report for more than
  settings.TASK_STALE_AFTER_MONTHS months (default 3). The clock starts at the last report before `as_of`,
  else at the document's issue date, else when the task was entered.

aging_counts() is one aggregate query (rollup_aging_counts() the same figures from the rollups and the
undated tasks, for the dashboard when the rollups answer); age_q()/stale_q() are the WHERE clauses of the task list's
`age` and `stale` filters, so a figure and its drill-down list always agree."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import rollups
from .choices import Timeliness
from .models import ProgressReport, Task
from .selectors import timeliness_q

AGE_LE_30 = "le30"
AGE_31_90 = "31_90"
AGE_GT_90 = "gt90"
AGE_BUCKETS = (
    (AGE_LE_30, _("Quá hạn đến 30 ngày")),
    (AGE_31_90, _("Quá hạn 31–90 ngày")),
    (AGE_GT_90, _("Quá hạn trên 90 ngày")),
)
AGE_VALUES = tuple(v for v, _label in AGE_BUCKETS)


def stale_after_months() -> int:
    return max(int(getattr(settings, "TASK_STALE_AFTER_MONTHS", 3) or 3), 1)


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day when it has no such day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def stale_cutoff(as_of: date) -> date:
    """A task whose clock started before this day (and had no report since) is stale at `as_of`."""
    return months_before(as_of, stale_after_months())


def age_range(bucket: str, as_of: date, column: str = "due_date") -> Q:
    """The bucket's range of due days at `as_of` (boundaries: 30 days late → le30, 31 → 31_90,
    90 → 31_90, 91 → gt90), on `column`: the task's due date, or the due day a rollup row files."""
    if bucket == AGE_LE_30:
        return Q(**{f"{column}__gte": as_of - timedelta(days=30)})
    if bucket == AGE_31_90:
        return Q(
            **{f"{column}__lte": as_of - timedelta(days=31), f"{column}__gte": as_of - timedelta(days=90)}
        )
    if bucket == AGE_GT_90:
        return Q(**{f"{column}__lte": as_of - timedelta(days=91)})
    raise ValueError(f"unknown age bucket {bucket!r}")


def age_q(bucket: str, as_of: date) -> Q:
    """Overdue at `as_of` and late by the bucket's number of days."""
    return timeliness_q(Timeliness.OVERDUE, as_of) & age_range(bucket, as_of)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def stale_q(as_of: date) -> Q:
    """Undated, open at `as_of`, and nothing reported from the cutoff to the end of `as_of`."""
    cutoff = stale_cutoff(as_of)
    recent = ProgressReport.objects.filter(
        task_id=OuterRef("pk"),
        reported_at__gte=_start_of(cutoff),
        reported_at__lt=_start_of(as_of + timedelta(days=1)),
    )
    started_before = Q(document__issue_date__lt=cutoff) | Q(
        document__issue_date__isnull=True, created_at__lt=_start_of(cutoff)
    )
    return timeliness_q(Timeliness.NO_DEADLINE, as_of) & started_before & ~Exists(recent)


def aging_counts(qs: QuerySet[Task], *, as_of: date) -> dict[str, int]:
    """{le30, 31_90, gt90, stale, overdue} of `qs` at `as_of`: one aggregate query."""
    row = qs.order_by().aggregate(
        **{bucket: Count("pk", filter=age_q(bucket, as_of)) for bucket in AGE_VALUES},
        stale=Count("pk", filter=stale_q(as_of)),
    )
    counts = {key: row[key] or 0 for key in (*AGE_VALUES, "stale")}
    counts["overdue"] = sum(counts[b] for b in AGE_VALUES)
    return counts


def rollup_aging_counts(rows: QuerySet, qs: QuerySet[Task], *, as_of: date) -> dict[str, int]:
    """The same figures as aging_counts, the overdue ones from the rollup rows of `qs`'s tasks (`rows`:
    an open task due before `as_of` is overdue, filed by its due day within rollups.AGING_DAYS of the
    recount, older ones more than 90 days late whatever their filing), the stale ones from `qs`'s undated
    tasks only: two small queries instead of a scan of every task."""
    late = rows.filter(klass=rollups.OPEN, bucket__lt=as_of).aggregate(
        **{bucket: Sum("n", filter=age_range(bucket, as_of, "bucket")) for bucket in AGE_VALUES}
    )
    counts = {bucket: int(late[bucket] or 0) for bucket in AGE_VALUES}
    counts["stale"] = qs.filter(due_date__isnull=True).filter(stale_q(as_of)).order_by().count()
    counts["overdue"] = sum(counts[b] for b in AGE_VALUES)
    return counts


def aging_rows(counts: dict[str, int]) -> list[dict]:
    """The figures as rows (key, label, count), in the order the pages, e-mails and report show them."""
    rows = [{"key": key, "label": label, "count": counts.get(key, 0)} for key, label in AGE_BUCKETS]
    rows.append(
        {
            "key": "stale",
            "label": _("Không thời hạn, quá %(n)s tháng chưa báo cáo") % {"n": stale_after_months()},
            "count": counts.get("stale", 0),
        }
    )
    return rows
