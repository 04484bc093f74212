"""Reads for reminders: which tasks call for a reminder on a day, and to whom (all in the database,
in a fixed number of queries whatever the number of tasks); the delivery log for the office."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F, Func, IntegerField, Q, QuerySet, Value
from django.db.models.fields import DateField
from django.db.models.functions import Mod

from directives.choices import DeadlineKind, InputRequestStatus, TaskStatus
from directives.models import InputRequest, Task
from dtsystem.core.workdays import (
    Calendar,
    add_working_days,
    working_calendar,
    working_days_before,
    working_days_between,
)
from dtsystem.units.choices import Role
from dtsystem.units.models import Membership, Unit

from .choices import DeliveryStatus, RecipientRole, ReminderKind
from .models import Delivery, ReminderSettings

# Statuses that never get a reminder. Done / reported-done only count from their completion day on, so
# that `--today` in the past sees the task as it was then (the same "as of" rule as timeliness).
NEVER_REMIND = (TaskStatus.PAUSED, TaskStatus.CANCELLED)
FINISHED = (TaskStatus.REPORTED_DONE, TaskStatus.DONE)


class DaysBetween(Func):
    """Whole days from the second date to the first (`later - earlier`), as an integer, in SQL."""

    arg_joiner = " - "
    template = "(%(expressions)s)"  # PostgreSQL: date - date is an integer number of days
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def remindable_q(today: date) -> Q:
    """Tasks that may get a reminder at `today`: a due date, not paused or cancelled, not finished by
    `today`, not a recurring template (its instances carry the deadlines)."""
    finished = Q(status__in=FINISHED) & (Q(completed_on__isnull=True) | Q(completed_on__lte=today))
    return (
        Q(due_date__isnull=False)
        & ~Q(status__in=NEVER_REMIND)
        & ~finished
        & ~Q(deadline_kind=DeadlineKind.RECURRING, recurrence_parent__isnull=True)
        & Q(lead_unit__isnull=False)  # a group order's parent: its children (one per unit) are reminded
    )


def remindable_tasks(today: date) -> QuerySet[Task]:
    return Task.objects.filter(remindable_q(today))


@dataclass(frozen=True)
class Candidate:
    """A reminder that should exist: the key (recipient, task, kind, day) plus who and why."""

    recipient: str
    task_id: int
    kind: str
    day: date
    role: str
    user_id: int | None = None
    unit_id: int | None = None

    @property
    def key(self) -> tuple[str, int, str, date]:
        return (self.recipient, self.task_id, self.kind, self.day)


def stage_of(
    *, due: date, today: date, offsets: list[int], calendar: Calendar | None = None
) -> tuple[str, date] | None:
    """(kind, day) of the reminder a task due on `due` is in at `today`, for upcoming deadlines.

    Offsets 7, 3, 1: 7 to 4 days left is the 7-day stage (its day is due - 7, so a run missed on day 7
    is caught up on day 6, 5 or 4 and still sent once), 3 to 2 days the 3-day stage, 1 day the 1-day stage,
    0 days "due today". With a `calendar` (the setting "theo ngày làm việc") the days left and the stage's
    day are counted in working days."""
    if due == today:
        return ReminderKind.DUE_TODAY, due
    if due < today:
        return None
    left = working_days_between(today, due, calendar=calendar) if calendar is not None else (due - today).days
    stages = [o for o in offsets if o >= left]
    if not stages:
        return None
    offset = min(stages)
    if calendar is not None:
        return ReminderKind.DUE_SOON, working_days_before(due, offset, calendar=calendar)
    return ReminderKind.DUE_SOON, due - timedelta(days=offset)


def due_tasks(*, today: date, config: ReminderSettings) -> list[tuple[int, int, str, date]]:
    """[(task id, lead unit id, kind, day)] for every task whose deadline calls for a reminder today:
    an upcoming stage (see stage_of), due today, or overdue on the first day after the deadline and then
    every `overdue_repeat_days` days. One query."""
    offsets = config.offsets
    horizon = max(offsets, default=0)
    calendar = working_calendar() if config.offsets_in_working_days else None
    if calendar is not None:  # the calendar-day window that holds `horizon` working days
        horizon = (add_working_days(today, horizon, calendar=calendar) - today).days
    repeat = max(int(config.overdue_repeat_days or 7), 1)
    today_value = Value(today, output_field=DateField())
    rows = (
        remindable_tasks(today)
        .annotate(phase=Mod(DaysBetween(today_value, F("due_date")) - 1, repeat))
        .filter(
            Q(due_date__gte=today, due_date__lte=today + timedelta(days=horizon))
            | Q(due_date__lt=today, phase=0)
        )
        .order_by()
        .values_list("pk", "lead_unit_id", "due_date")
    )
    out = []
    for pk, lead_unit_id, due in rows:
        if due < today:
            out.append((pk, lead_unit_id, ReminderKind.OVERDUE, today))
            continue
        stage = stage_of(due=due, today=today, offsets=offsets, calendar=calendar)
        if stage:
            out.append((pk, lead_unit_id, stage[0], stage[1]))
    return out


def input_due_requests(*, today: date, config: ReminderSettings) -> list[tuple[int, int, date]]:
    """[(task id, coordinating unit id, day)] for every open input request whose own due date calls for a
    reminder today to the coordinating unit: the same stages as the task's (config's offsets, in working
    days if so set) and the due day itself; none once the unit has sent its input or the task is closed.
    One query."""
    offsets = config.offsets
    horizon = max(offsets, default=0)
    calendar = working_calendar() if config.offsets_in_working_days else None
    if calendar is not None:
        horizon = (add_working_days(today, horizon, calendar=calendar) - today).days
    rows = (
        InputRequest.objects.filter(
            status=InputRequestStatus.OPEN,
            due_date__gte=today,
            due_date__lte=today + timedelta(days=horizon),
            task__in=remindable_tasks(today),
        )
        .order_by()
        .values_list("task_id", "unit_id", "due_date")
    )
    out = []
    for task_id, unit_id, due in rows:
        stage = stage_of(due=due, today=today, offsets=offsets, calendar=calendar)
        if stage:
            out.append((task_id, unit_id, stage[1]))
    return out


def _prefs_fields() -> list[str]:
    return [f"user__reminder_preference__{k}" for k in PREF_FIELDS]


PREF_FIELDS = ("due_soon", "due_today", "overdue", "coordinating_info", "weekly_digest")


def _members(*, unit_ids, role: str) -> dict[int, list[tuple[int, str, dict]]]:
    """{unit id: [(user id, e-mail, preferences)]} of active users holding `role` in active units."""
    rows = (
        Membership.objects.filter(unit_id__in=unit_ids, role=role, unit__is_active=True, user__is_active=True)
        .exclude(user__email="")
        .order_by()
        .values_list("unit_id", "user_id", "user__email", *_prefs_fields())
    )
    out: dict[int, list] = defaultdict(list)
    for unit_id, user_id, email, *prefs in rows:
        # No preference row (None) means the default: every kind.
        out[unit_id].append(
            (
                user_id,
                email.strip().lower(),
                {k: v is not False for k, v in zip(PREF_FIELDS, prefs, strict=True)},
            )
        )
    return out


def reminder_candidates(*, today: date, config: ReminderSettings) -> list[Candidate]:
    """Every reminder the daily job owes today: the lead unit's leads (as they chose) and address; the
    coordinating units' leads and address, for information; and each coordinating unit (its address and
    leads who take coordinating news) for its own input deadline. Five queries."""
    due = due_tasks(today=today, config=config)
    inputs = input_due_requests(today=today, config=config)
    if not due and not inputs:
        return []
    task_ids = [t[0] for t in due]
    coordinating: dict[int, list[int]] = defaultdict(list)
    through = Task.coordinating_units.through
    for task_id, unit_id in (
        through.objects.filter(task_id__in=task_ids).order_by().values_list("task_id", "unit_id")
    ):
        coordinating[task_id].append(unit_id)
    unit_ids = {t[1] for t in due} | {u for units in coordinating.values() for u in units}
    unit_ids |= {unit_id for _task_id, unit_id, _day in inputs}
    unit_emails = {
        pk: email.strip().lower()
        for pk, email in Unit.objects.filter(pk__in=unit_ids, is_active=True)
        .exclude(email="")
        .values_list("pk", "email")
    }
    leads = _members(unit_ids=unit_ids, role=Role.LEAD)

    found: dict[tuple, Candidate] = {}

    def add(c: Candidate) -> None:
        if c.key not in found or (found[c.key].role != RecipientRole.LEAD and c.role == RecipientRole.LEAD):
            found[c.key] = c

    for task_id, lead_unit_id, kind, day in due:
        for role, unit_id in [(RecipientRole.LEAD, lead_unit_id)] + [
            (RecipientRole.COORDINATING, u) for u in coordinating.get(task_id, [])
        ]:
            if unit_id in unit_emails:
                add(Candidate(unit_emails[unit_id], task_id, kind, day, role, None, unit_id))
            for user_id, email, prefs in leads.get(unit_id, []):
                if not prefs[kind] or (role == RecipientRole.COORDINATING and not prefs["coordinating_info"]):
                    continue
                add(Candidate(email, task_id, kind, day, role, user_id, unit_id))
    for task_id, unit_id, day in inputs:
        kind, role = ReminderKind.INPUT_DUE, RecipientRole.COORDINATING
        if unit_id in unit_emails:
            add(Candidate(unit_emails[unit_id], task_id, kind, day, role, None, unit_id))
        for user_id, email, prefs in leads.get(unit_id, []):
            if prefs["coordinating_info"]:
                add(Candidate(email, task_id, kind, day, role, user_id, unit_id))
    return list(found.values())


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def digest_candidates(*, today: date, config: ReminderSettings) -> list[Candidate]:
    """The office's weekly digest: tasks overdue more than `escalate_after_days` days, to each office user
    who wants it, keyed by the week's Monday (one digest per user per week). Three queries."""
    limit = today - timedelta(days=int(config.escalate_after_days or 14))
    task_ids = list(
        remindable_tasks(today)
        .filter(due_date__lt=limit)
        .order_by("due_date", "pk")
        .values_list("pk", flat=True)
    )
    if not task_ids:
        return []
    monday = week_start(today)
    office = Membership.objects.filter(role=Role.OFFICE, unit__is_active=True, user__is_active=True).exclude(
        user__email=""
    )
    # One digest per user per week: whoever already has this week's digest gets the tasks that became
    # overdue for long since then next week (a failed digest is retried from its own rows).
    served = set(
        Delivery.objects.filter(kind=ReminderKind.ESCALATION, day=monday)
        .values_list("recipient", flat=True)
        .distinct()
    )
    found: dict[tuple, Candidate] = {}
    for unit_id, user_id, email, *prefs in office.order_by().values_list(
        "unit_id", "user_id", "user__email", *_prefs_fields()
    ):
        email = email.strip().lower()
        if prefs[PREF_FIELDS.index("weekly_digest")] is False or email in served:
            continue
        for task_id in task_ids:
            c = Candidate(
                email, task_id, ReminderKind.ESCALATION, monday, RecipientRole.OFFICE, user_id, unit_id
            )
            found.setdefault(c.key, c)
    return list(found.values())


def existing_keys(candidates: list[Candidate]) -> set[tuple]:
    """Keys among `candidates` that already have a delivery row (one query)."""
    if not candidates:
        return set()
    rows = Delivery.objects.filter(
        task_id__in={c.task_id for c in candidates},
        kind__in={c.kind for c in candidates},
        day__in={c.day for c in candidates},
    ).values_list("recipient", "task_id", "kind", "day")
    return set(rows)


def delivery_list() -> QuerySet[Delivery]:
    """The office's log: every delivery with what the page shows, in a fixed number of queries."""
    return Delivery.objects.select_related("task__document", "task__lead_unit", "user", "unit").order_by(
        "-day", "-id"
    )


def delivery_status_counts(qs: QuerySet[Delivery]) -> dict[str, int]:
    from django.db.models import Count

    row = qs.order_by().aggregate(**{s.value: Count("pk", filter=Q(status=s.value)) for s in DeliveryStatus})
    return {s.value: row[s.value] or 0 for s in DeliveryStatus}
